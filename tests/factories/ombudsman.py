"""Factories for Ombudsman cases. A factory stores a row as it is; tests that exercise the
lifecycle go through `ombudsman.services`."""

from datetime import date, timedelta

import factory
from factory.django import DjangoModelFactory

from ombudsman.models import OmbudsmanBody, OmbudsmanCase, RecommendedRemedy, RemedyKind
from tests.factories import OrganisationFactory, ServiceAreaFactory


class OmbudsmanBodyFactory(DjangoModelFactory):
    class Meta:
        model = OmbudsmanBody
        django_get_or_create = ("organisation", "slug")

    organisation = factory.SubFactory(OrganisationFactory)
    name = "Local Government and Social Care Ombudsman"
    short_name = "LGSCO"
    slug = "lgsco"
    address = "PO Box 4771\nCoventry\nCV4 0EH"
    phone = "0300 061 0614"
    website = "https://www.lgo.org.uk"


class OmbudsmanCaseFactory(DjangoModelFactory):
    class Meta:
        model = OmbudsmanCase

    organisation = factory.SubFactory(OrganisationFactory)
    body = factory.SubFactory(
        OmbudsmanBodyFactory, organisation=factory.SelfAttribute("..organisation")
    )
    service = factory.SubFactory(
        ServiceAreaFactory, organisation=factory.SelfAttribute("..organisation")
    )
    ombudsman_reference = factory.Sequence(lambda n: f"26 {n:03d} {n * 7 % 1000:03d}")
    summary = "Delay in carrying out a housing repair"
    enquiry_received_on = date(2026, 3, 2)
    response_due = factory.LazyAttribute(lambda o: o.enquiry_received_on + timedelta(days=28))
    next_due = factory.LazyAttribute(lambda o: o.response_due)


class RecommendedRemedyFactory(DjangoModelFactory):
    class Meta:
        model = RecommendedRemedy

    ombudsman_case = factory.SubFactory(OmbudsmanCaseFactory)
    organisation = factory.SelfAttribute("ombudsman_case.organisation")
    service = factory.SelfAttribute("ombudsman_case.service")
    kind = RemedyKind.APOLOGY
    description = "Apologise in writing for the delay."
    due_on = date(2026, 6, 1)
