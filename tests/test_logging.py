import logging

from config.logging_filters import DropUnknownSvgProperties


def _record(msg, *args):
    return logging.LogRecord("weasyprint", logging.WARNING, __file__, 1, msg, args, None)


def test_svg_presentation_properties_are_not_logged_but_other_weasyprint_warnings_are():
    drop = DropUnknownSvgProperties()
    assert not drop.filter(_record("Ignored `%s` at %d:%d, %s.", "fill: #1d70b8", 1, 1,
                                   "unknown property"))  # fmt: skip
    assert drop.filter(_record("Ignored `%s` at %d:%d, %s.", "margin: x", 1, 1, "invalid value"))
    assert drop.filter(_record("Failed to load font at %s", "fonts/x.ttf"))


def test_an_expected_403_is_logged_in_one_line_without_its_traceback(client, caplog, organisation):
    """What `make run` prints when a committee member opens a case page: one line, no stack."""
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    member = UserFactory()
    member.groups.add(Group.objects.get(name="Committee member"))
    client.force_login(member)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/officer/cases/").status_code == 403
    forbidden = [r for r in caplog.records if r.name == "django.request"]
    assert [r.getMessage() for r in forbidden] == ["Forbidden (Permission denied): /officer/cases/"]
    assert forbidden[0].exc_info is None


def test_routine_periodic_tasks_log_nothing_when_they_run_but_other_tasks_do():
    from config.logging_filters import QuietRoutineTasks

    quiet = QuietRoutineTasks()

    def record(name, msg, args, level=logging.INFO):
        return logging.LogRecord(name, level, __file__, 1, msg, args, None)

    intake = {"name": "mailintake.tasks.intake_mail", "id": "1", "return_value": "{}"}
    letter = {"name": "letters.tasks.render_letter", "id": "2", "return_value": "True"}
    beat = ("feedback-email-intake", "mailintake.tasks.intake_mail")
    assert not quiet.filter(record("celery.beat", "Sending due task %s (%s)", beat))
    assert not quiet.filter(record("celery.worker.strategy", "Task %(name)s received", intake))
    assert not quiet.filter(record("celery.app.trace", "Task %(name)s succeeded", intake))
    assert quiet.filter(record("celery.app.trace", "Task %(name)s succeeded", letter))
    failed = record("celery.app.trace", "Task %(name)s raised", intake, logging.ERROR)
    assert quiet.filter(failed)


def test_the_favicon_address_leads_to_the_councils_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".svg")
    assert "favicon" in response["Location"]
