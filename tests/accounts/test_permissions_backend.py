"""The permissions backend: what ModelBackend answers, in one query."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission

from accounts.backends import PermissionsInOneQueryBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    User = get_user_model()  # noqa: N806
    group = Group.objects.create(name="Readers")
    group.permissions.add(Permission.objects.get(codename="view_case"))
    both = User.objects.create_user("both")
    both.groups.add(group)
    both.user_permissions.add(Permission.objects.get(codename="change_case"))
    return {
        "both": both,
        "group only": User.objects.create_user("grouped"),
        "nothing": User.objects.create_user("nothing"),
        "inactive": User.objects.create_user("gone", is_active=False),
        "superuser": User.objects.create_superuser("root"),
        "group": group,
    }


def test_the_same_permissions_as_django_reads_them(people, django_assert_num_queries):
    people["group only"].groups.add(people["group"])
    User = get_user_model()  # noqa: N806
    for name in ("both", "group only", "nothing", "inactive", "superuser"):
        mine = User.objects.get(pk=people[name].pk)
        theirs = User.objects.get(pk=people[name].pk)
        with django_assert_num_queries(0 if name == "inactive" else 1):
            permissions = PermissionsInOneQueryBackend().get_all_permissions(mine)
        assert permissions == ModelBackend().get_all_permissions(theirs), name
        with django_assert_num_queries(0):  # kept for the request, as Django keeps it
            assert PermissionsInOneQueryBackend().has_perm(mine, "feedback.view_case") == (
                name in ("both", "group only", "superuser")
            )
    assert "feedback.change_case" in PermissionsInOneQueryBackend().get_all_permissions(
        User.objects.get(pk=people["both"].pk)
    )
