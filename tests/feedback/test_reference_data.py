"""Reference data kept per process (feedback.reference): never stale after a committed change,
here or in another process, and never holding a change that was rolled back."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from feedback.models import Channel, Organisation, ServiceArea
from feedback.reference import channel_by_slug, services_active

pytestmark = pytest.mark.django_db(transaction=True)


def _fresh(organisation: Organisation) -> Organisation:
    """The organisation as the next request reads it."""
    return Organisation.objects.get(pk=organisation.pk)


def test_a_second_read_costs_no_query(organisation):
    channel_by_slug(_fresh(organisation), "web-form")
    current = _fresh(organisation)
    with CaptureQueriesContext(connection) as captured:
        assert channel_by_slug(current, "web-form").name == "Web form"
        assert "housing" in [s.slug for s in services_active(current)]
        services_active(current)
    assert len(captured.captured_queries) == 1  # the services, read once


def test_a_change_committed_by_another_process_is_read_at_its_next_request(organisation):
    kept = channel_by_slug(_fresh(organisation), "web-form")
    # Another process: its save raised the version in the same transaction. Nothing in this
    # process heard of it (no signal here), only the database knows.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE feedback_channel SET name = 'Online form' WHERE id = %s", [kept.pk])
        cursor.execute(
            "UPDATE feedback_organisation SET reference_version = reference_version + 1 "
            "WHERE id = %s",
            [organisation.pk],
        )
    assert channel_by_slug(_fresh(organisation), "web-form").name == "Online form"


def test_a_change_here_is_read_at_once_even_through_an_old_organisation(organisation):
    old = _fresh(organisation)
    assert [s.name for s in services_active(old)].count("Housing") == 1
    housing = ServiceArea.objects.get(organisation=organisation, slug="housing")
    housing.is_active = False
    housing.save()
    assert "Housing" not in [s.name for s in services_active(old)]
    assert "Housing" not in [s.name for s in services_active(_fresh(organisation))]
    assert _fresh(organisation).reference_version > old.reference_version


def test_a_rolled_back_change_is_never_kept(organisation):
    services_active(_fresh(organisation))
    seen_inside = []

    def save_that_fails():
        with transaction.atomic():
            ServiceArea.objects.create(organisation=organisation, name="Ghosts", slug="ghosts")
            seen_inside.extend(s.name for s in services_active(_fresh(organisation)))
            raise RuntimeError("the rest of the save failed")

    with pytest.raises(RuntimeError):
        save_that_fails()
    assert "Ghosts" in seen_inside  # inside its own transaction the change is seen...
    # ...and after the rollback it is gone, here and for the next request.
    assert "Ghosts" not in [s.name for s in services_active(_fresh(organisation))]
    assert not ServiceArea.objects.filter(slug="ghosts").exists()


def test_saving_the_organisation_never_writes_back_an_old_version(organisation):
    stale = _fresh(organisation)
    channel = Channel.objects.get(organisation=organisation, slug="web-form")
    channel.name = "Online form"
    channel.save()  # raises the version
    after_channel = _fresh(organisation).reference_version
    stale.phone = "01234 567890"
    stale.save()  # an admin form that was opened before the channel changed
    assert _fresh(organisation).reference_version > after_channel
    assert _fresh(organisation).phone == "01234 567890"
