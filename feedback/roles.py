"""Roles are Django groups with permissions. `roles_ensure` (re)creates them; it runs after
every migrate, so a fresh install and the demo have the same roles."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q


class Role:
    COMPLAINTS_OFFICER = "Complaints officer"
    INVESTIGATING_OFFICER = "Investigating officer"
    SERVICE_MANAGER = "Service manager"
    COMPLAINTS_MANAGER = "Complaints manager"
    COMMITTEE_MEMBER = "Committee member"


_CASEWORK = [
    "feedback.view_case",
    "feedback.investigate_case",
    "feedback.view_customer",
    "feedback.add_attachment",
]
_CENTRAL = [
    *_CASEWORK,
    "feedback.view_all_services",
    "feedback.triage_case",
    "feedback.assign_case",
    "feedback.log_contact",
    "feedback.change_customer",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.COMPLAINTS_OFFICER: _CENTRAL,
    Role.INVESTIGATING_OFFICER: _CASEWORK,
    Role.SERVICE_MANAGER: [*_CASEWORK, "feedback.assign_case", "feedback.review_case"],
    Role.COMPLAINTS_MANAGER: [
        *_CENTRAL,
        "feedback.review_case",
        "feedback.manage_policies",
        "feedback.restrict_contact",
        "feedback.export_customer_data",
        "feedback.erase_customer_data",
        "feedback.rectify_customer_data",
        "feedback.view_statistics",
        "feedback.view_accesslogentry",
    ],
    Role.COMMITTEE_MEMBER: ["feedback.view_statistics"],
}


def _permissions(names: list[str]) -> list[Permission]:
    query = Q()
    for name in names:
        app_label, codename = name.split(".")
        query |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.filter(query))
    if len(found) != len(set(names)):
        missing = set(names) - {f"{p.content_type.app_label}.{p.codename}" for p in found}
        raise LookupError(f"Unknown permissions: {sorted(missing)}")
    return found


def role_permissions_extend(role: str, names: list[str]) -> None:
    """Other apps add their permissions to a role here (called from their AppConfig.ready)."""
    ROLE_PERMISSIONS[role] = [*ROLE_PERMISSIONS[role], *names]


def roles_ensure() -> dict[str, Group]:
    groups = {}
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(_permissions(sorted(set(names))))
        groups[role] = group
    return groups
