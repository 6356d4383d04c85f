"""The demo council's staff: one or more officers in every role."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from feedback.models import OfficerProfile, Organisation, ServiceArea
from feedback.roles import Role, roles_ensure

DEMO_PASSWORD = "demo-council"  # noqa: S105 - printed on the demo banner, never used in production
SUPERUSER = "Administrator"
# Every demo officer's authenticator app, pre-enrolled so two-factor sign-in can be tried
# (TWO_FACTOR_REQUIRED=true make run): the key is published on the banner and in the README, so
# it must never exist outside the demo. Base32 for an app: GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"


@dataclass(frozen=True)
class DemoOfficer:
    username: str
    first_name: str
    last_name: str
    role: str
    services: tuple[str, ...]  # slugs; empty for central staff, who see every service
    job_title: str
    description: str


OFFICERS = [
    DemoOfficer("admin", "Alex", "Morgan", SUPERUSER, (), "Systems administrator",
                "Superuser: the Django admin (services, categories, officers, policies)"),
    DemoOfficer("sarah", "Sarah", "Whitfield", Role.COMPLAINTS_OFFICER, (), "Complaints officer",
                "Complaints officer, central feedback team: triage and log contacts, all services"),
    DemoOfficer("tom", "Tom", "Okafor", Role.COMPLAINTS_OFFICER, (), "Customer feedback adviser",
                "Complaints officer, central feedback team"),
    DemoOfficer("helen", "Helen", "Marsh", Role.COMPLAINTS_MANAGER, (), "Complaints manager",
                "Complaints manager: policies, reassignment, Stage 2 reviews, Ombudsman"),
    DemoOfficer("gary", "Gary", "Price", Role.INVESTIGATING_OFFICER, ("housing",),
                "Housing officer", "Investigating officer, Housing only"),
    DemoOfficer("leanne", "Leanne", "Hughes", Role.INVESTIGATING_OFFICER,
                ("environmental-services",), "Waste services officer",
                "Investigating officer, Environmental Services only"),
    DemoOfficer("imran", "Imran", "Shah", Role.INVESTIGATING_OFFICER, ("revenues-and-benefits",),
                "Revenues officer", "Investigating officer, Revenues and Benefits only"),
    DemoOfficer("claire", "Claire", "Donnelly", Role.INVESTIGATING_OFFICER,
                ("planning-and-development",), "Planning officer",
                "Investigating officer, Planning and Development only"),
    DemoOfficer("mark", "Mark", "Bennett", Role.INVESTIGATING_OFFICER,
                ("parking-and-concessionary-fares",), "Parking services officer",
                "Investigating officer, Parking and Concessionary Fares only"),
    DemoOfficer("jo", "Jo", "Fenwick", Role.INVESTIGATING_OFFICER,
                ("leisure", "electoral-services", "customer-services"), "Services officer",
                "Investigating officer, Leisure, Electoral and Customer Services"),
    DemoOfficer("rachel", "Rachel", "Adeyemi", Role.SERVICE_MANAGER, ("housing",),
                "Head of Housing", "Service manager, Housing"),
    DemoOfficer("david", "David", "Lloyd", Role.SERVICE_MANAGER,
                ("environmental-services", "parking-and-concessionary-fares"),
                "Head of Environment", "Service manager, Environmental Services and Parking"),
    DemoOfficer("priya", "Priya", "Nair", Role.SERVICE_MANAGER,
                ("revenues-and-benefits", "customer-services", "electoral-services"),
                "Head of Customer and Revenues", "Service manager, Revenues, Customer, Electoral"),
    DemoOfficer("owen", "Owen", "Griffiths", Role.SERVICE_MANAGER,
                ("planning-and-development", "leisure"), "Head of Place",
                "Service manager, Planning and Leisure"),
    DemoOfficer("margaret", "Margaret", "Ellis", Role.COMMITTEE_MEMBER, (),
                "Councillor, Standards Committee", "Committee member: statistics only"),
]  # fmt: skip

# (username, role, description): what `demo_banner` prints.
DEMO_USERS = [(o.username, o.role, o.description) for o in OFFICERS]


def officers_create(*, organisation: Organisation) -> dict[str, object]:
    """Create (or find) every demo officer; make each service manager the manager of their
    services. Returns users by username."""
    groups = roles_ensure()
    services = {s.slug: s for s in ServiceArea.objects.filter(organisation=organisation)}
    # One hash for everyone: hashing is deliberately slow, and the demo must start quickly.
    password = make_password(DEMO_PASSWORD)
    user_model = get_user_model()
    users = {}
    for officer in OFFICERS:
        user, created = user_model.objects.get_or_create(
            username=officer.username,
            defaults={
                "first_name": officer.first_name,
                "last_name": officer.last_name,
                "email": f"{officer.username}@example-council.gov.uk",
                "password": password,
                "is_staff": officer.role in (SUPERUSER, Role.COMPLAINTS_MANAGER),
                "is_superuser": officer.role == SUPERUSER,
            },
        )
        if created and officer.role != SUPERUSER:
            user.groups.add(groups[officer.role])
        profile, _ = OfficerProfile.objects.get_or_create(
            user=user,
            defaults={"organisation": organisation, "job_title": officer.job_title,
                      "phone": f"01234 567{len(users):03d}"},
        )  # fmt: skip
        profile.services.set([services[slug] for slug in officer.services])
        if officer.role == Role.SERVICE_MANAGER:
            ServiceArea.objects.filter(organisation=organisation, slug__in=officer.services).update(
                manager=user
            )
        TOTPDevice.objects.get_or_create(
            user=user,
            name="Demo authenticator",
            defaults={"key": DEMO_TOTP_KEY, "confirmed": True},
        )
        users[officer.username] = user
    return users


def officer_for_service(slug: str, role: str = Role.INVESTIGATING_OFFICER) -> str:
    """The username of the demo officer in `role` who works for the service."""
    for officer in OFFICERS:
        if officer.role == role and slug in officer.services:
            return officer.username
    return "sarah" if role == Role.INVESTIGATING_OFFICER else "helen"
