"""An officer's permissions kept per process (feedback.middleware): no query for them on each
page, and a permission taken away counts from the officer's next request."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from feedback.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)


def _permission_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    reads = [q["sql"] for q in captured.captured_queries if 'FROM "auth_permission"' in q["sql"]]
    return response, reads


def test_the_second_page_reads_no_permissions(client, complaints_officer):
    client.force_login(complaints_officer)
    url = reverse("officer:case_list")
    response, reads = _permission_queries(client, url)
    assert response.status_code == 200
    assert len(reads) == 1
    response, reads = _permission_queries(client, url)
    assert response.status_code == 200
    assert reads == []


def test_leaving_a_group_counts_from_the_next_request(client, complaints_officer):
    client.force_login(complaints_officer)
    url = reverse("officer:case_list")
    assert client.get(url).status_code == 200
    complaints_officer.groups.remove(Group.objects.get(name=Role.COMPLAINTS_OFFICER))
    assert client.get(url).status_code == 403


def test_a_permission_taken_from_the_group_counts_from_the_next_request(client, complaints_officer):
    client.force_login(complaints_officer)
    link = f'href="{reverse("officer:log_contact")}"'
    assert link in client.get(reverse("officer:dashboard")).text
    Group.objects.get(name=Role.COMPLAINTS_OFFICER).permissions.remove(
        Permission.objects.get(codename="log_contact")
    )
    assert link not in client.get(reverse("officer:dashboard")).text


def test_a_permission_taken_away_in_another_process_counts_from_the_next_request(
    client, complaints_officer
):
    client.force_login(complaints_officer)
    url = reverse("officer:case_list")
    assert client.get(url).status_code == 200
    # Another process's change: no signal here, only the rows and the raised version.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM auth_user_groups WHERE user_id = %s", [complaints_officer.pk])
        cursor.execute("UPDATE feedback_organisation SET reference_version = reference_version + 1")
    assert client.get(url).status_code == 403
