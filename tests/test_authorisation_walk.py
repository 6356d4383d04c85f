"""Issue 12: every URL pattern that takes an identifier, walked as every role, a colleague of
another service, a committee member, anonymous and an API token of another service.

`PATTERNS` is the list of what is covered: each pattern with an identifier is in it with the
group that says who may open it. A new pattern with an identifier fails
`test_every_pattern_with_an_identifier_is_in_the_table` until someone adds it here, so nothing
slips past untested. The Django admin's patterns are walked by their own test.

Outsiders must be refused (anonymous: sent to sign in, or 401/403/404; signed-in: 403/404,
never a redirect that could be a success), and the complaints manager, who sees every service,
must not be refused: that proves the identifiers walked are real, so an outsider's 404 means
"not yours" and not "no such thing"."""

import os
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from api.tokens import api_token_issue
from equality.links import questionnaire_token
from escalation.services import case_transition
from feedback.models import Attachment, Case, SavedCaseView
from feedback.progress import progress_token_make
from feedback.roles import Role
from letters.selectors import progress_letter_key
from surveys.services import survey_invitation
from surveys.tokens import survey_token
from tests.factories import CaseFactory, CustomerFactory, officer_create
from tests.factories.ombudsman import OmbudsmanCaseFactory, RecommendedRemedyFactory

# One process walks the whole module under pytest-xdist (`--dist loadgroup`), so the World is
# made once.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("authorisation-walk")]

# group: who may open it
CASE = "case"  # a case's (or its letter's, Ombudsman case's, customer's) officer pages
CONFIG = "config"  # council-wide settings: policies, closure days, templates, the post room
STATISTICS = "statistics"  # reports: officers with view_statistics and committee members
PUBLISHED = "published"  # published statistics: anyone (no personal data)
PUBLIC_FORM = "public_form"  # the public form's steps: the slug names a page, not a record
PROGRESS = "progress"  # the customer's progress link: the token is the only key
SURVEY = "survey"  # the customer's satisfaction survey: its signed link is the only key
API_CASE = "api_case"  # a case through the API
API_REFERENCE = "api_reference"  # reference data through the API (no personal data)
EQUALITY_LINK = "equality_link"  # the equality questionnaire's signed link: it opens a form only
OWN = "own"  # a record of one user's own (a saved case list view): its owner alone

PATTERNS = {
    "officer:case_detail": (CASE, "GET", lambda w: [w.case.reference]),
    "officer:case_categorise": (CASE, "POST", lambda w: [w.case.reference]),
    "officer:case_assign": (CASE, "POST", lambda w: [w.case.reference]),
    "officer:case_note": (CASE, "POST", lambda w: [w.case.reference]),
    "officer:case_document": (CASE, "POST", lambda w: [w.case.reference]),
    "officer:customer_match": (CASE, "POST", lambda w: [w.case.reference]),
    "officer:progress_links_end": (CASE, "POST", lambda w: [w.case.reference]),
    "officer:attachment_download": (CASE, "GET", lambda w: [w.case.reference, w.attachment.pk]),
    "officer:case_reclassify": (CASE, "POST", lambda w: [w.case.reference]),
    "officer:case_link": (CASE, "POST", lambda w: [w.case.reference]),
    "officer:case_representative": (CASE, "POST", lambda w: [w.case.reference]),
    "officer:saved_view_edit": (OWN, "GET", lambda w: [w.saved_view.pk]),
    "officer:saved_view_remove": (OWN, "POST", lambda w: [w.saved_view.pk]),
    "officer:customer_subject_access": (CASE, "POST", lambda w: [w.case.customer_id]),
    "accounts:password_reset_confirm": (PUBLISHED, "GET", lambda w: ["MQ", "no-such-token"]),
    "officer:customer_detail": (CASE, "GET", lambda w: [w.case.customer_id]),
    "officer:customer_erase": (CASE, "GET", lambda w: [w.case.customer_id]),
    "officer:customer_rectify": (CASE, "GET", lambda w: [w.case.customer_id]),
    "officer:customer_adjustments": (CASE, "POST", lambda w: [w.case.customer_id]),
    "officer:customer_restriction": (CASE, "POST", lambda w: [w.case.customer_id]),
    "escalation:case": (CASE, "GET", lambda w: [w.case.reference]),
    "escalation:response": (CASE, "POST", lambda w: [w.case.reference]),
    "escalation:extend": (CASE, "POST", lambda w: [w.case.reference]),
    "escalation:complaint_from_service_request": (CASE, "POST", lambda w: [w.case.reference]),
    "escalation:transition": (CASE, "GET", lambda w: [w.case.reference, "withdraw"]),
    "escalation:policy_edit": (CONFIG, "GET", lambda w: [1]),
    "escalation:closure_day_remove": (CONFIG, "POST", lambda w: [w.closure_day.pk]),
    "letters:case": (CASE, "GET", lambda w: [w.case.reference]),
    "letters:create": (CASE, "POST", lambda w: [w.case.reference]),
    "letters:detail": (CASE, "GET", lambda w: [w.letter.pk]),
    "letters:status": (CASE, "GET", lambda w: [w.letter.pk]),
    "letters:pdf": (CASE, "GET", lambda w: [w.letter.pk]),
    "letters:send": (CASE, "POST", lambda w: [w.letter.pk]),
    "letters:resend": (CASE, "POST", lambda w: [w.letter.pk]),
    "letters:redraft": (CASE, "POST", lambda w: [w.letter.pk]),
    "letters:approval_ask": (CASE, "POST", lambda w: [w.letter.pk]),
    "letters:approval_decide": (CASE, "POST", lambda w: [w.letter.pk]),
    "letters:print_batch": (CONFIG, "GET", lambda w: [w.posted_on.isoformat()]),
    "letters:template_edit": (CONFIG, "GET", lambda w: ["acknowledgement"]),
    "letters:template_preview": (CONFIG, "POST", lambda w: ["acknowledgement"]),
    "ombudsman:detail": (CASE, "GET", lambda w: [w.ombudsman_case.pk]),
    "ombudsman:edit": (CASE, "GET", lambda w: [w.ombudsman_case.pk]),
    "ombudsman:document_add": (CASE, "GET", lambda w: [w.ombudsman_case.pk]),
    "ombudsman:step": (CASE, "GET", lambda w: [w.ombudsman_case.pk, "record_final_decision"]),
    "ombudsman:remedy_add": (CASE, "GET", lambda w: [w.ombudsman_case.pk]),
    "ombudsman:remedy_comply": (CASE, "GET", lambda w: [w.ombudsman_case.pk, w.remedy.pk]),
    "reporting:report": (STATISTICS, "GET", lambda w: ["standards", "2025-26-h1"]),
    "reporting:report_pdf": (STATISTICS, "GET", lambda w: ["standards", "2025-26-h1"]),
    "reporting:introduction": (CONFIG, "GET", lambda w: ["standards", "2025-26-h1"]),
    "reporting:annual": (STATISTICS, "GET", lambda w: [2025]),
    "reporting:annual_pdf": (STATISTICS, "GET", lambda w: [2025]),
    "reporting:self_assessment": (CONFIG, "GET", lambda w: [2025]),
    "reporting:self_assessment_start": (CONFIG, "POST", lambda w: [2025]),
    "reporting:governing_body_response": (CONFIG, "GET", lambda w: [2025]),
    "reporting:annual_publish": (CONFIG, "POST", lambda w: [2025]),
    "reporting:annual_public": (PUBLISHED, "GET", lambda w: [2025]),
    "reporting:improvement_edit": (CONFIG, "GET", lambda w: [w.improvement.pk]),
    "reporting:service_report": (
        STATISTICS,
        "GET",
        lambda w: ["housing", "standards", "2025-26-h1"],
    ),
    "reporting:service_report_pdf": (
        STATISTICS,
        "GET",
        lambda w: ["housing", "standards", "2025-26-h1"],
    ),
    "reporting:service_download": (
        STATISTICS,
        "GET",
        lambda w: ["housing", "standards", "2025-26-h1", "summary", "csv"],
    ),
    "escalation:remedy_payment": (CASE, "POST", lambda w: [w.case.reference, w.stage_remedy.pk]),
    "reporting:download": (
        STATISTICS,
        "GET",
        lambda w: ["standards", "2025-26-h1", "summary", "csv"],
    ),
    "reporting:public_download": (PUBLISHED, "GET", lambda w: ["2025-26-h1", "summary", "csv"]),
    "api:case-detail": (API_CASE, "GET", lambda w: [w.case.reference]),
    "api:case-transitions": (API_CASE, "GET", lambda w: [w.case.reference]),
    "api:case-transition-take": (API_CASE, "POST", lambda w: [w.case.reference, "withdraw"]),
    "api:service-detail": (API_REFERENCE, "GET", lambda w: [w.case.service.slug]),
    "api:category-detail": (API_REFERENCE, "GET", lambda w: [w.category_slug]),
    "api:ground-detail": (API_REFERENCE, "GET", lambda w: [w.ground_slug]),
    "api:channel-detail": (API_REFERENCE, "GET", lambda w: [w.case.channel.slug]),
    "api:stage-policy-detail": (API_REFERENCE, "GET", lambda w: [w.policy_pk]),
    "api:refusal-reason-detail": (API_REFERENCE, "GET", lambda w: [w.refusal_reason_pk]),
    "progress_actions:stage2_request": (PROGRESS, "GET", lambda w: [w.token]),
    "progress_actions:withdraw": (PROGRESS, "GET", lambda w: [w.token]),
    "progress_actions:done": (PROGRESS, "GET", lambda w: [w.token]),
    "letters_public:letter": (
        PROGRESS,
        "GET",
        lambda w: [w.token, progress_letter_key(token=w.token, letter_id=w.letter.pk)],
    ),
    "public:step": (PUBLIC_FORM, "GET", lambda w: ["kind"]),
    "public:progress_case": (PROGRESS, "GET", lambda w: [w.token]),
    "surveys:answer": (SURVEY, "GET", lambda w: [w.survey_token]),
    "surveys:thanks": (SURVEY, "GET", lambda w: [w.survey_token]),
    "surveys_officer:paper": (CASE, "GET", lambda w: [w.case.reference]),
    "surveys_officer:paper_answer": (CASE, "GET", lambda w: [w.case.reference]),
    "equality:questionnaire": (EQUALITY_LINK, "GET", lambda w: [w.equality_token]),
    "equality_officer:questionnaire": (CASE, "GET", lambda w: [w.case.reference]),
    "reporting:equality": (STATISTICS, "GET", lambda w: ["2025-26"]),
}

ACTORS = (
    "anonymous",
    "committee member",
    "colleague of another service",
    "complaints officer",
    "investigating officer",
    "service manager",
    "complaints manager",
)


def _token_for(user) -> str:
    """An API key acting as `user` with every scope (one integration per user)."""
    _, key = api_token_issue(
        name=f"walk-{user.username}",
        username=user.username,
        scopes=["read", "create", "transitions"],
        rotate=True,
    )
    return key


def _identifier_patterns(resolver=None, prefix="", namespace=""):
    """(name, route) of every pattern whose route takes a value."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(p for p in (namespace, entry.namespace or "") if p)
            yield from _identifier_patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if "<" in route or "(?P" in route:
                yield f"{namespace}:{entry.name}" if namespace else str(entry.name), route


def _blank_pdf() -> bytes:
    from io import BytesIO

    from pypdf import PdfWriter

    writer, out = PdfWriter(), BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


class World:
    """A Housing complaint with everything hanging off it, and one person per actor."""

    def __init__(self, organisation, housing, planning, web_form):
        from escalation.models import ClosureDay, RefusalReason, Remedy, StagePolicy
        from feedback.models import Category, ComplaintGround
        from letters.models import Letter, LetterDelivery, LetterTemplate
        from reporting.models import SelfAssessment, ServiceImprovement

        customer = CustomerFactory(organisation=organisation, email="ann.lee@example.com")
        self.case = CaseFactory(
            organisation=organisation, service=housing, channel=web_form, customer=customer
        )
        # Through the lifecycle, so the running stage exists as in real use.
        case_transition(
            case=self.case,
            name="triage_complaint",
            user=officer_create(role=Role.COMPLAINTS_OFFICER, username="triager"),
        )
        self.attachment = Attachment(
            case=self.case,
            original_name="n.txt",
            content_type="text/plain",
            size=2,
            sha256="a" * 64,
        )
        self.attachment.file.save("n", ContentFile(b"hi"), save=True)
        template = LetterTemplate.objects.filter(organisation=organisation).first()
        self.letter = Letter.objects.create(
            organisation=organisation,
            case=self.case,
            kind=template.kind,
            template=template,
            body="Dear Ann",
            status=Letter.Status.SENT,
            sent_at=self.case.received_at,
        )
        self.letter.pdf.save("l.pdf", ContentFile(_blank_pdf()), save=False)
        Letter.objects.filter(pk=self.letter.pk).update(pdf=self.letter.pdf.name)
        self.posted_on = date(2026, 11, 23)
        LetterDelivery.objects.create(
            organisation=organisation,
            letter=self.letter,
            method=Letter.Delivery.POST,
            number=1,
            on_date=self.posted_on,
            created_at=self.case.received_at,
        )
        self.ombudsman_case = OmbudsmanCaseFactory(
            organisation=organisation,
            service=housing,
            case=self.case,
            body__organisation=organisation,
        )
        self.remedy = RecommendedRemedyFactory(ombudsman_case=self.ombudsman_case)
        self.stage_remedy = Remedy.objects.create(
            organisation=organisation,
            case_stage=self.case.stages.get(stage=1),
            kind=Remedy.Kind.FINANCIAL,
            description="Time and trouble",
            amount=50,
        )
        # The 2025 annual report, published: its public page is for anyone.
        SelfAssessment.objects.create(
            organisation=organisation, year=2025, published_at=self.case.received_at
        )
        self.improvement = ServiceImprovement.objects.create(
            organisation=organisation,
            service=housing,
            lesson="Bins missed",
            action="New rounds",
            owner=officer_create(role=Role.COMPLAINTS_MANAGER, username="owner"),
        )
        self.closure_day = ClosureDay.objects.create(
            organisation=organisation, date=date(2030, 12, 27), reason="Closure"
        )
        self.category_slug = Category.objects.filter(organisation=organisation).first().slug
        self.ground_slug = ComplaintGround.objects.filter(organisation=organisation).first().slug
        self.policy_pk = StagePolicy.objects.first().pk
        self.refusal_reason_pk = RefusalReason.objects.first().pk
        self.token = progress_token_make(case=self.case, email=customer.email)
        self.equality_token = questionnaire_token(case=self.case)
        # The same customer's other case: its link must not open this case's pages.
        self.other_case = CaseFactory(
            organisation=organisation, service=housing, channel=web_form, customer=customer
        )
        self.other_token = progress_token_make(case=self.other_case, email=customer.email)
        self.survey_token, self.other_survey_token = (
            survey_token(survey_invitation(case=case, stage=0, now=timezone.now()).pk)
            for case in (self.case, self.other_case)
        )
        self.users = {
            "anonymous": None,
            "committee member": officer_create(role=Role.COMMITTEE_MEMBER, username="committee"),
            "colleague of another service": officer_create(
                role=Role.INVESTIGATING_OFFICER, services=[planning], username="planner"
            ),
            "complaints officer": officer_create(role=Role.COMPLAINTS_OFFICER, username="central"),
            "investigating officer": officer_create(
                role=Role.INVESTIGATING_OFFICER, services=[housing], username="housing"
            ),
            "service manager": officer_create(
                role=Role.SERVICE_MANAGER, services=[housing], username="boss"
            ),
            "complaints manager": officer_create(role=Role.COMPLAINTS_MANAGER, username="manager"),
        }
        # The manager's view, shared with Housing: its officers use it but cannot change it.
        self.saved_view = SavedCaseView.objects.create(
            owner=self.users["complaints manager"], name="Open", query="state=open"
        )
        self.saved_view.shared_with = housing
        self.saved_view.save()


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The World and its files, made once for the module (about 0.2 s of CPU a test, 87 tests)
    in a transaction rolled back at the end. Each test still runs in its own transaction
    inside it (pytest-django's savepoint), so whatever a test changes is undone before the
    next, as when each made its own World; each test gets a copy of the files (below)."""
    import shutil

    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings

    from config.celery import app
    from feedback.models import Channel, Organisation, ServiceArea

    media = tmp_path_factory.mktemp("walk") / "media"
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        override_settings(MEDIA_ROOT=media),
    ):
        # What tests/conftest.py's organisation fixture and _celery_eager give a test.
        app.conf.update(task_always_eager=True, task_eager_propagates=True)
        try:
            call_command("council_setup", stdout=open(os.devnull, "w"))  # noqa: SIM115
            organisation = Organisation.objects.get()
            world = World(
                organisation,
                ServiceArea.objects.get(slug="housing"),
                ServiceArea.objects.get(slug="planning-and-development"),
                Channel.objects.get(slug="web-form"),
            )
        finally:
            app.conf.task_always_eager = False
        yield world, media
        transaction.set_rollback(True)
    shutil.rmtree(media, ignore_errors=True)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path, _world):
    """As tests/conftest.py's: a media folder of the test's own, here with the World's files."""
    import shutil

    settings.MEDIA_ROOT = tmp_path / "media"
    shutil.copytree(_world[1], settings.MEDIA_ROOT)


@pytest.fixture
def world(_world, db):
    return _world[0]


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _call(client, method: str, url: str, **extra):
    return client.post(url, **extra) if method == "POST" else client.get(url, **extra)


def _refused(response, *, anonymous: bool) -> bool:
    if response.status_code in (401, 403, 404, 405):
        return response.status_code != 405 or anonymous
    if anonymous and response.status_code == 302:
        return "sign-in" in response["Location"] or "login" in response["Location"]
    return False


def test_every_pattern_with_an_identifier_is_in_the_table():
    found = {name for name, _route in _identifier_patterns() if not name.startswith("admin:")}
    assert sorted(found - set(PATTERNS)) == [], "add the new pattern to PATTERNS"
    assert sorted(set(PATTERNS) - found) == [], "a pattern in PATTERNS no longer exists"


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_each_pattern_refuses_outsiders_and_serves_insiders(world, name):
    group, method, args = PATTERNS[name]
    url = reverse(name, args=args(world))
    users = world.users

    def response_for(actor):
        return _call(_client(users[actor]), method, url)

    if group in (CASE, CONFIG):
        for actor in ("anonymous", "committee member", "colleague of another service"):
            response = response_for(actor)
            assert _refused(response, anonymous=actor == "anonymous"), (actor, response)
        assert not _refused(response_for("complaints manager"), anonymous=False)
        # The other roles all work for Housing (or every service): each is served, or refused
        # for want of a permission (403); never an error, and never told a case of their own
        # service does not exist.
        for actor in ("complaints officer", "investigating officer", "service manager"):
            status = response_for(actor).status_code
            assert status < 500, (actor, status)
            assert group == CONFIG or status != 404, (actor, status)
    elif group == OWN:
        for actor in ACTORS:
            if actor != "complaints manager":
                response = response_for(actor)
                assert _refused(response, anonymous=actor == "anonymous"), (actor, response)
        assert not _refused(response_for("complaints manager"), anonymous=False)
    elif group == STATISTICS:
        for actor in ("anonymous", "colleague of another service"):
            response = response_for(actor)
            assert _refused(response, anonymous=actor == "anonymous"), (actor, response)
        if not name.endswith("_pdf"):  # a PDF renders the same report (slow)
            assert response_for("committee member").status_code == 200
        assert not _refused(response_for("complaints manager"), anonymous=False)
    elif group in (PUBLISHED, PUBLIC_FORM):
        assert response_for("anonymous").status_code in (200, 302)
    elif group == PROGRESS:
        forged = url.replace(world.token, "forged-token")
        other = url.replace(world.token, world.other_token)
        assert _client(None).get(forged).status_code == 404
        if name == "letters_public:letter":  # another case's link never opens this letter
            assert _client(None).get(other).status_code == 404
        else:
            assert world.case.reference not in _client(None).get(other).text
        assert _client(None).get(url).status_code == 200
    elif group == SURVEY:
        forged = url.replace(world.survey_token, world.survey_token[:-2] + "xx")
        other = url.replace(world.survey_token, world.other_survey_token)
        assert _client(None).get(forged).status_code == 404
        assert world.case.reference not in _client(None).get(other).text
        assert _client(None).get(url).status_code == 200
    elif group == EQUALITY_LINK:
        forged = url.replace(world.equality_token, world.equality_token[:-4] + "xxxx")
        assert _client(None).get(forged).status_code == 404
        page = _client(None).get(url)
        assert page.status_code == 200
        assert world.case.reference not in page.text  # a form, nothing about the case
    elif group in (API_CASE, API_REFERENCE):
        api = {"content_type": "application/json"}
        assert _call(Client(), method, url, **api).status_code in (401, 403)
        if group == API_CASE:
            for actor in ("committee member", "colleague of another service"):
                headers = {"HTTP_AUTHORIZATION": f"Token {_token_for(users[actor])}", **api}
                response = _call(Client(), method, url, data={}, **headers)
                assert response.status_code in (403, 404), (actor, response)
        headers = {"HTTP_AUTHORIZATION": f"Token {_token_for(users['complaints manager'])}", **api}
        assert _call(Client(), method, url, data={}, **headers).status_code not in (401, 403, 404)
    else:
        pytest.fail(f"no rule for group {group}")
    # Nothing an outsider sent changed the case.
    assert Case.objects.get(pk=world.case.pk).state == "stage1"


ADMIN_VALUES = {
    "app_label": "feedback",
    "object_id": "1",
    "id": "1",
    "pk": "1",
    "content_type_id": "1",
    "url": "x/",
    "uidb64": "MQ",
    "token": "x",
}


def test_every_admin_pattern_refuses_officers_and_anonymous(world):
    """The admin is for staff accounts: every pattern with an identifier sends anonymous users,
    committee members and officers (none is staff) to the admin's sign-in."""
    import re

    admin_patterns = [(n, r) for n, r in _identifier_patterns() if n.startswith("admin:")]
    assert len(admin_patterns) > 50
    outsiders = [u for a, u in world.users.items() if a != "complaints manager"]
    assert not any(u is not None and u.is_staff for u in outsiders)
    walked = 0
    # One signed-in client per user for the whole walk: a refused GET signs nobody out.
    clients = [_client(user) for user in outsiders]
    for name, route in admin_patterns:
        params = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)
        kwargs = {a or b: ADMIN_VALUES[a or b] for a, b in params}
        # The admin's catch-all (no name) answers any other address under /admin/.
        url = "/admin/no-such-page/" if name == "admin:None" else reverse(name, kwargs=kwargs)
        for client in clients:
            response = client.get(url)
            assert response.status_code in (302, 404), (name, response)
            if response.status_code == 302:
                assert reverse("admin:login") in response["Location"], (name, response)
            walked += 1
    assert walked == len(admin_patterns) * len(outsiders)
    assert get_user_model().objects.filter(is_staff=True).count() == 0
