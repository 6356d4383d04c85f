from django.core.management.base import BaseCommand
from django.utils.text import slugify

from escalation.defaults import SEED_POLICIES, policies_load, refusal_reasons_load
from escalation.models import StagePolicy
from feedback import clock
from feedback.defaults import organisation_defaults_load
from feedback.models import Organisation
from letters.defaults import letters_defaults_load
from ombudsman.defaults import bodies_load


class Command(BaseCommand):
    help = "Create the council (if none exists) with default categories, channels and policies."

    def add_arguments(self, parser):
        parser.add_argument("--name", default="Example District Council")
        parser.add_argument("--nation", default="ENG", choices=["ENG", "WLS", "SCT", "NIR"])

    def handle(self, *args, name: str, nation: str, **options):
        organisation = Organisation.objects.order_by("pk").first()
        if organisation is None:
            organisation = Organisation.objects.create(
                name=name,
                slug=slugify(name),
                nation=nation,
                address="Council Offices\nHigh Street\nExampletown\nEX1 1AA",
                phone="01234 567890",
                email="feedback@example-council.gov.uk",
                website="https://www.example-council.gov.uk",
            )
        organisation_defaults_load(organisation=organisation)
        refusal_reasons_load(organisation=organisation)
        bodies_load(organisation=organisation)
        letters_defaults_load(organisation=organisation)
        if not StagePolicy.objects.filter(organisation=organisation).exists():
            policies_load(
                organisation=organisation, policies=SEED_POLICIES, effective_from=clock.now()
            )
        self.stdout.write(self.style.SUCCESS(f"{organisation.name} is set up."))
