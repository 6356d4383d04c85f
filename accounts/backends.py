"""Permissions in one query.

Django's ModelBackend reads a user's own permissions and their groups' permissions in two
queries, on every page an officer opens. This reads both in one, with the same result and the
same per-request cache (`user._perm_cache`, which `has_perm` consults).

It also reads the signed-in user of every request with a query compiled once (`get_user`)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db import connections
from django.db.models import Q

from dbreads.first_row import FirstRow

UserModel = get_user_model()

# ModelBackend's `get(pk=...)`, compiled once: building and compiling it cost about half a
# millisecond of CPU on every signed-in request, several times the query's own.
_user_by_pk = FirstRow(
    UserModel,
    lambda pk: UserModel._default_manager.filter(pk=pk),
    stand_ins=(-424242,),
    prepare=lambda alias, values: (
        UserModel._meta.pk.get_db_prep_value(values[0], connections[alias], prepared=False),
    ),
)


class PermissionsInOneQueryBackend(ModelBackend):
    def get_user(self, user_id):
        user = _user_by_pk(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            permissions = Permission.objects.all()
            if not user_obj.is_superuser:
                permissions = permissions.filter(Q(user=user_obj) | Q(group__user=user_obj))
            user_obj._perm_cache = {
                f"{app_label}.{codename}"
                for app_label, codename in permissions.values_list(
                    "content_type__app_label", "codename"
                ).distinct()
            }
        return user_obj._perm_cache
