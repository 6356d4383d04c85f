"""The `organisation` fixture's council (tests.council) is the one `council_setup` makes: the
same rows in every table the command writes, the same history row and reference_version, and
the connection in the same state, whether the command ran or its rows were written again."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.db import connection, transaction

from feedback import clock
from feedback.models import Organisation
from tests.council import HISTORY, TABLES, command_watched, council_make, replay

pytestmark = pytest.mark.django_db

# Set from the clock when the rows are written.
STAMPED = {"created_at", "effective_from", "history_date"}


class _Undo(Exception):
    pass


def _state() -> dict:
    """Every row of the tables the command writes (ids aside), and whether this connection
    reads reference data from the database for now."""
    state: dict = {}
    for label in ["feedback.Organisation", HISTORY, *TABLES]:
        model = apps.get_model(label)
        state[label] = [
            {
                f.attname: getattr(row, f.attname)
                for f in model._meta.concrete_fields
                if f.attname not in {"id", "history_id", "organisation_id"}
            }
            for row in model._base_manager.order_by("pk")
        ]
    state["dirty"] = getattr(connection, "_reference_data_changed", False)
    return state


def _unstamped(state: dict) -> dict:
    return {
        label: [{k: v for k, v in row.items() if k not in STAMPED} for row in rows]
        if isinstance(rows, list)
        else rows
        for label, rows in state.items()
    }


def _stamps(state: dict) -> list[datetime]:
    return [
        row[name]
        for rows in state.values()
        if isinstance(rows, list)
        for row in rows
        for name in STAMPED
        if name in row
    ]


def _made(make) -> tuple[dict, datetime, datetime]:
    """The state `make()` leaves in an empty database (undone after), and the clock around it."""
    assert not Organisation.objects.exists()
    try:
        with transaction.atomic():
            start = clock.now()
            council = make()
            end = clock.now()
            assert council == Organisation.objects.get()
            state = _state()
            raise _Undo
    except _Undo:
        pass
    return state, start, end


def _commanded():
    return command_watched()[0]


def _snapshot():
    made = {}

    def make():
        council, made["snapshot"] = command_watched()
        return council

    _made(make)
    assert made["snapshot"] is not None, "council_setup wrote something tests.council misses"
    return made["snapshot"]


def test_the_rows_are_the_commands_with_the_clock_pinned(time_machine):
    london = ZoneInfo("Europe/London")
    time_machine.move_to(datetime(2025, 3, 31, 23, 30, tzinfo=london), tick=False)
    snapshot = _snapshot()
    time_machine.move_to(datetime(2026, 7, 1, 9, tzinfo=london), tick=False)
    commanded, *_ = _made(_commanded)
    replayed, *_ = _made(lambda: replay(snapshot))
    assert replayed == commanded
    assert len(commanded["feedback.Organisation"]) == 1
    assert len(commanded[HISTORY]) == 1
    assert all(len(commanded[label]) >= 2 for label in TABLES)
    assert set(_stamps(commanded)) == {clock.now()}
    assert commanded["feedback.Organisation"][0]["reference_version"] > 0
    assert commanded["dirty"] is True


def test_the_rows_are_the_commands_with_the_clock_running():
    snapshot = _snapshot()
    commanded, c_start, c_end = _made(_commanded)
    replayed, r_start, r_end = _made(lambda: replay(snapshot))
    assert _unstamped(replayed) == _unstamped(commanded)
    for state, start, end in [(commanded, c_start, c_end), (replayed, r_start, r_end)]:
        stamps = _stamps(state)
        # The history row's date, each letter template's created_at, each policy's two.
        assert len(stamps) == 1 + len(state["letters.LetterTemplate"]) + 2 * len(
            state["escalation.StagePolicy"]
        )
        assert all(start <= stamp <= end for stamp in stamps)


def test_after_the_first_the_fixture_writes_the_rows_set_based(django_assert_max_num_queries):
    _made(council_make)  # the process's first council (if no test made one before)

    def counted():
        # The command's 169 statements; here a SELECT, a savepoint, the council's INSERT and
        # its history row and raise, one INSERT a table, the version, the council read back.
        with django_assert_max_num_queries(20):
            return council_make()

    replayed, *_ = _made(counted)
    commanded, *_ = _made(_commanded)
    assert _unstamped(replayed) == _unstamped(commanded)


def test_where_a_council_exists_the_command_fills_it(django_assert_num_queries):
    council_make()
    Organisation.objects.update(name="Renamed District Council")
    apps.get_model("feedback.Channel").objects.filter(slug="email").delete()
    council = council_make()
    assert council.name == "Renamed District Council"
    assert apps.get_model("feedback.Channel").objects.filter(slug="email").exists()
