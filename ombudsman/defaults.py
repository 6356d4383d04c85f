"""The Ombudsmen a council in England answers to, seeded from the organisation's own contact
details for them (the letters' signposting uses the same fields)."""

from django.db import transaction

from feedback.models import Organisation

from .models import OmbudsmanBody


@transaction.atomic
def bodies_load(*, organisation: Organisation) -> list[OmbudsmanBody]:
    """Create the two Ombudsmen if missing; an administrator's later edits are kept."""
    seeds = [
        dict(
            slug="lgsco",
            name=organisation.ombudsman_name,
            short_name="LGSCO",
            address=organisation.ombudsman_address,
            phone=organisation.ombudsman_phone,
            website=organisation.ombudsman_website,
            position=0,
        ),
        dict(
            slug="housing-ombudsman",
            name=organisation.housing_ombudsman_name,
            short_name="HOS",
            address=organisation.housing_ombudsman_address,
            phone=organisation.housing_ombudsman_phone,
            website=organisation.housing_ombudsman_website,
            position=1,
        ),
    ]
    bodies = []
    for seed in seeds:
        slug = seed.pop("slug")
        body, _ = OmbudsmanBody.objects.get_or_create(
            organisation=organisation, slug=slug, defaults={**seed, "response_days": 20}
        )
        bodies.append(body)
    return bodies
