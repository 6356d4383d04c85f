"""Issue 12: a From: header proves nothing. A mail that gives a known customer's address with
another name (a spoofed mail renamed a demo customer) adds its case and flags a possible
match; the known customer's name and details stay as they were. End to end through the
intake command: in-process, and as a separate `manage.py intake_mail --dir` on PostgreSQL."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from feedback.models import Case, Customer

EML = Path(__file__).parent / "eml"
ROOT = Path(__file__).resolve().parents[2]


def _known_customer(organisation) -> Customer:
    return Customer.objects.create(
        organisation=organisation,
        first_name="Peggy",
        last_name="Smith",
        email="margaret.obrien@example.com",
        phone="01234 567890",
        address="2 Oak Lane",
    )


def _spoofed_mail(tmp_path: Path) -> Path:
    folder = tmp_path / "intake"
    folder.mkdir()
    shutil.copy(EML / "01-multipart-alternative.eml", folder / "spoofed.eml")
    return folder


def _unchanged(known: Customer) -> None:
    stored = Customer.objects.get(pk=known.pk)
    assert (stored.first_name, stored.last_name, stored.phone, stored.address) == (
        "Peggy",
        "Smith",
        "01234 567890",
        "2 Oak Lane",
    )
    case = Case.objects.get()
    assert case.summary == "Missed bin collection - Elm Road"
    assert case.customer.possible_match == stored
    assert (case.customer.first_name, case.customer.last_name) == ("Margaret", "O'Brien")


@pytest.mark.django_db
def test_the_intake_command_never_renames_a_known_customer(organisation, tmp_path, client):
    known = _known_customer(organisation)

    call_command("intake_mail", "--dir", str(_spoofed_mail(tmp_path)), stdout=open(os.devnull, "w"))  # noqa: SIM115

    _unchanged(known)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_manage_py_intake_mail_never_renames_a_known_customer(organisation, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the command runs in its own process")
    known = _known_customer(organisation)
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }

    run = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "intake_mail", "--dir", str(_spoofed_mail(tmp_path))],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert run.returncode == 0, run.stderr
    assert "1 new case(s)" in run.stdout
    _unchanged(known)
