"""The public form's addresses, reversed once per process, are `reverse()`'s."""

from django.test import override_settings
from django.urls import clear_script_prefix, reverse, set_script_prefix

from feedback.public_urls import public_url


def test_they_are_reverses_under_any_script_prefix():
    names = [("public:start",), ("public:check",), ("public:step", "kind"), ("public:step", "x")]
    try:
        for prefix in ("/", "/council/", "/"):
            set_script_prefix(prefix)
            for name, *args in names * 2:
                assert public_url(name, *args) == reverse(name, args=args)
            assert public_url("public:check").startswith(prefix)
    finally:
        clear_script_prefix()


@override_settings(ROOT_URLCONF="tests.feedback.urls_elsewhere")
def test_another_url_configuration_is_its_own():
    assert public_url("public:start") == reverse("public:start") == "/elsewhere/"
