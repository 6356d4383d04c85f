"""factory_boy factories. Each builds with valid defaults (tests/test_factories.py)."""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from factory.django import DjangoModelFactory

from feedback import clock
from feedback.models import (
    Case,
    Category,
    Channel,
    ComplaintGround,
    Customer,
    FeedbackKind,
    OfficerProfile,
    Organisation,
    ServiceArea,
)
from feedback.roles import ROLE_PERMISSIONS, roles_ensure
from feedback.services import reference_next


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = "Example District Council"
    slug = "example-district-council"
    address = "Council Offices\nHigh Street\nExampletown\nEX1 1AA"
    phone = "01234 567890"
    email = "feedback@example-council.gov.uk"
    website = "https://www.example-council.gov.uk"
    nation = "ENG"


class ServiceAreaFactory(DjangoModelFactory):
    class Meta:
        model = ServiceArea
        django_get_or_create = ("organisation", "slug")

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("organisation", "slug")

    organisation = factory.SubFactory(OrganisationFactory)
    name = "Service failure"
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class GroundFactory(DjangoModelFactory):
    class Meta:
        model = ComplaintGround
        django_get_or_create = ("organisation", "slug")

    organisation = factory.SubFactory(OrganisationFactory)
    name = "Poor information"
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class ChannelFactory(DjangoModelFactory):
    class Meta:
        model = Channel
        django_get_or_create = ("organisation", "slug")

    organisation = factory.SubFactory(OrganisationFactory)
    name = "Web form"
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    is_electronic = True


class CustomerFactory(DjangoModelFactory):
    class Meta:
        model = Customer

    organisation = factory.SubFactory(OrganisationFactory)
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(
        lambda o: f"{o.first_name}.{o.last_name}@example.com".lower().replace("'", "")
    )
    phone = "07700 900123"
    address = "1 Example Road\nExampletown"
    postcode = "EX1 2BB"


class CaseFactory(DjangoModelFactory):
    """A case as stored; it does not go through the lifecycle (use services for that). Its
    reference comes from the counter `case_create` uses (see `_create`) unless one is given."""

    class Meta:
        model = Case

    organisation = factory.SubFactory(OrganisationFactory)
    reference = ""
    kind = FeedbackKind.COMPLAINT
    service = factory.SubFactory(
        ServiceAreaFactory, organisation=factory.SelfAttribute("..organisation")
    )
    channel = factory.SubFactory(
        ChannelFactory, organisation=factory.SelfAttribute("..organisation")
    )
    category = factory.SubFactory(
        CategoryFactory, organisation=factory.SelfAttribute("..organisation")
    )
    customer = factory.SubFactory(
        CustomerFactory, organisation=factory.SelfAttribute("..organisation")
    )
    received_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    summary = factory.Faker("sentence", nb_words=6)
    description = factory.Faker("paragraph")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # A numbering of its own would collide with a case the test makes through
        # case_create: both would be CMP-2026-00001.
        if not kwargs.get("reference"):
            with transaction.atomic():
                kwargs["reference"] = reference_next(
                    organisation=kwargs["organisation"],
                    kind=kwargs["kind"],
                    year=clock.local_date(kwargs["received_at"]).year,
                )
        return super()._create(model_class, *args, **kwargs)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"officer{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example-council.gov.uk")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


def roles_ensure_if_changed() -> dict[str, int]:
    """The roles as `roles_ensure` leaves them, with one query where they already are (every
    migrate makes them, and every flush's post_migrate again): `roles_ensure` itself reads and
    sets each of the five groups, about 20 queries and 15 ms of CPU, and `officer_create` runs
    some 3,000 times in the suite. A group missing, or with a permission more or less than
    ROLE_PERMISSIONS (a test may change one), and `roles_ensure` runs as before. Returns each
    role's group id, read by the same query (or after `roles_ensure`)."""
    wanted = {(role, name) for role, names in ROLE_PERMISSIONS.items() for name in names}
    found = Group.permissions.through.objects.filter(group__name__in=ROLE_PERMISSIONS)
    rows = found.values_list(
        "group__name", "permission__content_type__app_label", "permission__codename", "group_id"
    )
    if {(group, f"{app_label}.{codename}") for group, app_label, codename, _ in rows} != wanted:
        roles_ensure()
        return dict(Group.objects.filter(name__in=ROLE_PERMISSIONS).values_list("name", "id"))
    return {group: group_id for group, _, _, group_id in rows}


def officer_create(*, role: str, services=(), username: str | None = None, **fields):
    """A staff user in a role (see feedback.roles.Role), working for the given services.

    A new username is written as one INSERT with its password already set, where
    `UserFactory`'s get-or-create takes a savepoint, inserts, then saves the password with a
    second UPDATE (and a second raise of the reference version); an existing username still
    goes through `UserFactory` (its password reset). A new profile has no services to read
    first, and the role's group id comes with the roles' check. The rows, the user returned and
    the signals are the same (the groups' and services' `m2m_changed`, the user's and profile's
    `post_save`, so each still raises `reference_version`), less the second `post_save` of the
    password's UPDATE: 13 statements instead of 20 for an officer of one service (11 instead of
    17 for one of none), some 3,000 times in the suite (tests/test_factories.py compares both)."""
    group_ids = roles_ensure_if_changed()
    user_model = get_user_model()
    names = {"username": username} if username else {}
    user = UserFactory.build(**names, **fields)  # set_password runs on build too
    if user_model.objects.filter(username=user.username).exists():
        user = UserFactory(username=user.username, **fields)
    else:
        user.save(force_insert=True)
    user.groups.add(group_ids.get(role) or Group.objects.get(name=role))
    organisation = services[0].organisation if services else OrganisationFactory()
    profile = OfficerProfile.objects.create(user=user, organisation=organisation)
    profile.services.add(*services)  # a new profile has none: `set` would read them first
    return user_model.objects.get(pk=user.pk)  # fresh: permission caches are per object
