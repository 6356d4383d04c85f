"""The defaults a new council starts with (DOMAIN.md; seed 003's "Passport to Improved
Service" scheme and service list). Administrators edit them afterwards: they are data."""

from django.db import transaction
from django.utils.text import slugify

from .models import Category, Channel, ComplaintGround, Organisation, ServiceArea

# (name, for complaints, for comments, for compliments)
CATEGORIES = [
    ("Compliment of good service", False, False, True),
    ("Service failure", True, True, False),
    ("Service failure against standards", True, True, False),
    ("Officer behaviour", True, True, True),
    ("Bureaucratic process", True, True, False),
    ("Other", True, True, True),
]
GROUNDS = ["Service failure", "Poor information", "Behaviour or attitude of staff"]
# (name, electronic)
CHANNELS = [
    ("Web form", True),
    ("Email", True),
    ("Telephone", True),
    ("In person", False),
    ("Letter", False),
    ("SMS or text", True),
    ("Via a councillor or representative", False),
]
SERVICES = [
    "Revenues and Benefits",
    "Environmental Services",
    "Planning and Development",
    "Parking and Concessionary Fares",
    "Housing",
    "Leisure",
    "Electoral Services",
    "Customer Services",
]
LANDLORD_SERVICES = {"Housing"}


@transaction.atomic
def organisation_defaults_load(*, organisation: Organisation) -> None:
    """Create the default categories, grounds, channels and services (idempotent)."""
    for position, (name, complaints, comments, compliments) in enumerate(CATEGORIES):
        Category.objects.get_or_create(
            organisation=organisation,
            slug=slugify(name),
            defaults={
                "name": name,
                "for_complaints": complaints,
                "for_comments": comments,
                "for_compliments": compliments,
                "position": position,
            },
        )
    for position, name in enumerate(GROUNDS):
        ComplaintGround.objects.get_or_create(
            organisation=organisation,
            slug=slugify(name),
            defaults={"name": name, "position": position},
        )
    for position, (name, electronic) in enumerate(CHANNELS):
        Channel.objects.get_or_create(
            organisation=organisation,
            slug=slugify(name),
            defaults={"name": name, "is_electronic": electronic, "position": position},
        )
    for position, name in enumerate(SERVICES):
        ServiceArea.objects.get_or_create(
            organisation=organisation,
            slug=slugify(name),
            defaults={
                "name": name,
                "position": position,
                "is_landlord_service": name in LANDLORD_SERVICES,
            },
        )
