"""`{% static %}`'s URLs are looked up once per name, as the manifest gives them."""

import json

import pytest
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage

from config.storage import IncrementalCompressedManifestStaticFilesStorage


def _storages(tmp_path, paths):
    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"version": "1.1", "paths": paths, "hash": "x"})
    )
    options = {"location": tmp_path, "base_url": "/static/"}
    return IncrementalCompressedManifestStaticFilesStorage(**options), ManifestStaticFilesStorage(
        **options
    )


def test_the_urls_are_the_manifests(tmp_path, settings):
    settings.DEBUG = False
    ours, django = _storages(tmp_path, {"app.css": "app.0123abcd.css", "a b.js": "a b.99.js"})
    for name in ("app.css", "app.css", "a b.js", "app.css#x", "app.css?#iefix"):
        assert ours.url(name) == django.url(name)
    assert ours.url("app.css") == "/static/app.0123abcd.css"
    assert ours.url("app.css", force=True) == django.url("app.css", force=True)
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        ours.url("missing.css")
    settings.DEBUG = True  # source names, as Django's storage gives them in DEBUG
    assert ours.url("app.css") == django.url("app.css") == "/static/app.css"


def test_collecting_again_forgets_them(tmp_path, settings):
    settings.DEBUG = False
    ours, _ = _storages(tmp_path, {"app.css": "app.0123abcd.css"})
    assert ours.url("app.css") == "/static/app.0123abcd.css"
    list(ours.post_process({}, dry_run=True))  # nothing collected: an empty manifest
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        ours.url("app.css")
