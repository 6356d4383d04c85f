"""The council most tests start from (`council_setup`), made with a dozen statements instead of
169 after a process's first.

`council_setup` writes each default row on its own (a SELECT, a savepoint and an INSERT for
each of some 40 rows, and 27 raises of the council's `reference_version`): about 60 ms of CPU
in the test process, and PostgreSQL's own on top, for each of some 1,000 tests. The first time
a process needs the council in an empty database it runs the command itself and keeps what it
wrote (`Snapshot`); after that it writes the same rows again set-based:

* the council with `save()`, as the command does (its history row and its first
  `reference_version` raise come from the same receivers, so the connection reads reference
  data from the database until the transaction commits, as after the command);
* every other row with one `bulk_create` a table, fresh ids from the sequences, each field's
  `pre_save` stamping `created_at` now, and the policies' `effective_from` the clock's now, as
  the command sets it;
* the council's `reference_version` set to the value the command left.

The command still runs whenever a council already exists (it then only fills gaps), and for
every process's first council, and the snapshot is refused (the command kept for the whole
process) if the command wrote any table, or any field, that is not copied here:
`tests/test_council.py` compares the rows both ways make, with the clock running and pinned."""

import os
from dataclasses import dataclass, field

from django.apps import apps
from django.core.management import call_command
from django.db import connection, models, transaction

from feedback import clock
from feedback.models import Organisation

# The tables council_setup writes besides the council's own, in the order it writes them.
TABLES = [
    "feedback.Category",
    "feedback.ComplaintGround",
    "feedback.Channel",
    "feedback.ServiceArea",
    "escalation.RefusalReason",
    "ombudsman.OmbudsmanBody",
    "letters.LetterTemplate",
    "escalation.StagePolicy",
]
# Set from the clock by council_setup itself (one value for all the rows).
CLOCK_FIELDS = {("escalation.StagePolicy", "effective_from")}
HISTORY = "feedback.HistoricalOrganisation"


@dataclass
class Snapshot:
    council: dict
    rows: dict[str, list[dict]] = field(default_factory=dict)


_kept: dict[str, Snapshot | None] = {}


def council_make() -> Organisation:
    """What `call_command("council_setup")` leaves, for the test's database."""
    alias = connection.alias
    if Organisation.objects.exists():
        return _command()
    if alias not in _kept:
        council, _kept[alias] = command_watched()
        return council
    snapshot = _kept[alias]
    if snapshot is None:
        return _command()
    return replay(snapshot)


def command_watched() -> tuple[Organisation, "Snapshot | None"]:
    """Runs council_setup in an empty database; returns the council and what it wrote."""
    counts = _counts()
    council = _command()
    return council, _snapshot(council, counts)


def _command() -> Organisation:
    call_command("council_setup", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return Organisation.objects.get()


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def _values(obj: models.Model, *, skip: set[str]) -> dict:
    return {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if not f.primary_key and f.attname not in skip
    }


def _snapshot(council: Organisation, before: dict[str, int]) -> Snapshot | None:
    """What the command wrote, or None if it wrote anything this module does not copy."""
    after = _counts()
    changed = {label for label, count in after.items() if count != before.get(label)}
    if not changed <= {"feedback.Organisation", HISTORY, *TABLES}:
        return None
    if after["feedback.Organisation"] != 1 or after[HISTORY] != before[HISTORY] + 1:
        return None
    snapshot = Snapshot(council=_values(council, skip=set()))
    for label in TABLES:
        model = apps.get_model(label)
        for f in model._meta.concrete_fields:
            stamped = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            if f.primary_key or stamped or (label, f.name) in CLOCK_FIELDS:
                continue
            # A value the command did not choose (a callable default, a date) would be copied
            # where a new one is due.
            if (f.has_default() and callable(f.default)) or isinstance(f, models.DateField):
                return None
        rows = model._base_manager.filter(organisation=council).order_by("pk")
        snapshot.rows[label] = [_values(row, skip={"organisation_id"}) for row in rows]
    if sum(len(rows) for rows in snapshot.rows.values()) != sum(
        after[label] - before[label] for label in TABLES
    ):
        return None
    return snapshot


def replay(snapshot: Snapshot) -> Organisation:
    version = snapshot.council["reference_version"]
    now = clock.now()
    with transaction.atomic():
        council = Organisation(**snapshot.council)
        council.save()  # its history row and a reference_version raise, as the command's
        for label in TABLES:
            model = apps.get_model(label)
            objs = []
            for values in snapshot.rows[label]:
                obj = model(organisation=council, **values)
                for model_label, name in CLOCK_FIELDS:
                    if model_label == label:
                        setattr(obj, name, now)
                objs.append(obj)
            model._base_manager.bulk_create(objs)
        Organisation.objects.filter(pk=council.pk).update(reference_version=version)
    return Organisation.objects.get()
