"""The council's row kept per process under a stamp in the shared cache (feedback/reference.py,
`ORGANISATION_CACHE_READS`, issue 14): no query per request, and a change committed anywhere
shows at the next request of every process. The test's memory cache stands in for Redis."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from feedback import reference
from feedback.models import Organisation
from feedback.reference import STAMP_KEY
from feedback.roles import Role
from feedback.selectors import organisation_current

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(settings):
    """Asked for after the test's data: that data as if committed."""
    settings.ORGANISATION_CACHE_READS = True
    reference.reference_forget()


def _queries(read) -> tuple[object, int]:
    with CaptureQueriesContext(connection) as captured:
        value = read()
    return value, len(captured.captured_queries)


def _as_another_process_kept(change) -> None:
    """Runs `change` here, then puts back what this process kept before it: as a process that
    did not make the change, which only the shared stamp can tell."""
    before = reference._kept_organisation, dict(reference._memo)
    change()
    reference._kept_organisation = before[0]
    reference._memo.update(before[1])


def test_the_council_is_read_once_while_the_stamp_stands(organisation, kept):
    first, queries = _queries(organisation_current)
    assert queries == 1
    again, queries = _queries(organisation_current)
    assert queries == 0
    fields = [field.attname for field in Organisation._meta.concrete_fields]
    assert [getattr(again, name) for name in fields] == [getattr(first, name) for name in fields]
    assert (again._state.adding, again._state.db) == (False, first._state.db)
    # Each caller gets its own instance: changing one changes no other request's.
    again.name = "Changed by one request"
    assert organisation_current().name == organisation.name


def test_an_edit_in_the_admin_shows_at_once_in_every_process(
    organisation, admin_client, django_capture_on_commit_callbacks, kept
):
    assert organisation_current().name == organisation.name
    url = reverse("admin:feedback_organisation_change", args=[organisation.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data["name"] = "Renamed District Council"

    def edit():
        with django_capture_on_commit_callbacks(execute=True):
            assert admin_client.post(url, data).status_code == 302

    _as_another_process_kept(edit)
    assert organisation_current().name == "Renamed District Council"


@pytest.mark.django_db(transaction=True)
def test_leaving_a_group_in_another_process_counts_from_the_officers_next_request(
    client, complaints_officer, kept
):
    client.force_login(complaints_officer)
    url = reverse("officer:case_list")
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200  # the council and the permissions kept

    def leave():
        complaints_officer.groups.remove(Group.objects.get(name=Role.COMPLAINTS_OFFICER))

    _as_another_process_kept(leave)
    assert client.get(url).status_code == 403


def test_a_row_read_before_a_change_committed_is_read_again(organisation, monkeypatch, kept):
    """The stamp is read before the row: a change committing in between leaves the row kept
    under a stamp it has already replaced."""
    read = Organisation.objects.order_by("pk").first

    def read_then_changed_elsewhere():
        row = read()
        Organisation.objects.filter(pk=organisation.pk).update(name="Changed meanwhile")
        reference._stamp_replace()  # that change's commit
        return row

    monkeypatch.setattr(
        "feedback.selectors._organisation_first", read_then_changed_elsewhere, raising=True
    )
    assert organisation_current().name == organisation.name
    monkeypatch.undo()
    assert organisation_current().name == "Changed meanwhile"


def test_a_change_rolled_back_leaves_the_kept_row(
    organisation, django_capture_on_commit_callbacks, kept
):
    organisation_current()

    def changed_then_failed():
        with transaction.atomic():
            edited = Organisation.objects.get(pk=organisation.pk)
            edited.name = "Never committed"
            edited.save()
            # Its own transaction sees its change.
            assert organisation_current().name == "Never committed"
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        changed_then_failed()
    assert callbacks == []
    # Until the next committed change this connection reads the database (feedback.reference);
    # then the row kept is still the committed one, not the rolled-back one.
    assert organisation_current().name == organisation.name
    reference._committed()
    read, queries = _queries(organisation_current)
    assert (read.name, queries) == (organisation.name, 0)


def test_a_cache_that_lost_the_stamp_costs_one_read(organisation, kept):
    from django.core.cache import cache

    organisation_current()
    cache.clear()  # Redis restarted, or evicted the stamp

    def renamed_while_the_cache_was_down():
        Organisation.objects.filter(pk=organisation.pk).update(name="Renamed meanwhile")

    _as_another_process_kept(renamed_while_the_cache_was_down)
    read, queries = _queries(organisation_current)
    assert (read.name, queries) == ("Renamed meanwhile", 1)
    assert _queries(organisation_current)[1] == 0


def test_an_unreachable_cache_leaves_the_council_to_the_database(organisation, monkeypatch, kept):
    from django.core.cache import cache

    organisation_current()

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    for method in ("get", "add", "set", "get_many"):
        monkeypatch.setattr(cache, method, down)
    Organisation.objects.filter(pk=organisation.pk).update(name="Renamed while down")
    read, queries = _queries(organisation_current)
    assert (read.name, queries) == ("Renamed while down", 1)
    assert _queries(organisation_current)[1] == 1


def test_no_council_yet_then_one(django_capture_on_commit_callbacks, kept):
    assert organisation_current() is None
    assert _queries(organisation_current) == (None, 0)
    with django_capture_on_commit_callbacks(execute=True):
        made = Organisation.objects.create(name="New Council", slug="new")
    assert organisation_current().pk == made.pk


def test_a_requests_session_brings_the_stamp_in_its_own_round_trip(
    settings, organisation, client, monkeypatch, kept
):
    settings.SESSION_CACHE_READS = True
    assert client.get(reverse("public:step", args=["kind"])).status_code == 200

    def own_read():
        raise AssertionError("the stamp read on its own")

    monkeypatch.setattr(reference, "_stamp_read", own_read)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("public:step", args=["kind"])).status_code == 200
    assert captured.captured_queries == []


def test_the_stamp_is_replaced_only_once_the_change_commits(
    organisation, django_capture_on_commit_callbacks, kept
):
    from django.core.cache import cache

    organisation_current()
    before = cache.get(STAMP_KEY)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        organisation.phone = "01234 567890"
        organisation.save()
        assert cache.get(STAMP_KEY) == before
    for callback in callbacks:
        callback()
    assert cache.get(STAMP_KEY) not in (None, before)


def test_the_memory_cache_of_one_process_never_keeps_the_council_by_default():
    from django.conf import settings

    assert settings.ORGANISATION_CACHE_READS is settings.CACHES["default"]["BACKEND"].endswith(
        "RedisCache"
    )
