"""Backups restore (issue 13): the drill backs up the database and media, restores both into
an empty database and folder, and finds every case, letter PDF (same SHA-256) and attachment;
it says so when a file does not match, and a restore never overwrites anything."""

import hashlib
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from devtools.backup import backup_make, backup_restore, restore_drill
from feedback.services import attachment_add
from letters.models import Letter, LetterTemplate
from tests.factories import CaseFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def council_data(organisation):
    if connection.vendor != "postgresql":
        pytest.skip("the drill restores with pg_restore: PostgreSQL only")
    cases = [CaseFactory(organisation=organisation) for _ in range(3)]
    attachment_add(
        case=cases[0],
        upload=SimpleUploadedFile("photo.pdf", PDF),
        content_type="application/pdf",
        uploaded_by=None,
    )
    # The organisation fixture seeds the templates (council_setup).
    template = LetterTemplate.objects.filter(organisation=organisation).first()
    letter = Letter(
        organisation=organisation,
        case=cases[1],
        kind=template.kind,
        template=template,
        body="Dear customer",
        sha256=hashlib.sha256(PDF + b"letter").hexdigest(),
    )
    letter.pdf.save("ack.pdf", ContentFile(PDF + b"letter"))
    return letter


def test_the_drill_restores_every_case_letter_and_attachment(council_data, tmp_path):
    report = restore_drill(work=tmp_path)

    assert report.problems == []
    assert (report.cases, report.letters, report.attachments) == (3, 1, 1)


def test_the_drill_reports_a_letter_whose_file_no_longer_matches(council_data, tmp_path):
    Path(council_data.pdf.path).write_bytes(b"changed")

    report = restore_drill(work=tmp_path)

    assert not report.ok
    assert any("letter" in problem for problem in report.problems)


def test_a_restore_never_overwrites_a_database_or_a_folder(council_data, tmp_path):
    backup = backup_make(folder=tmp_path)
    (tmp_path / "target").mkdir()
    (tmp_path / "target" / "keep.txt").write_text("mine")

    with pytest.raises(ValueError, match="not empty"):
        backup_restore(backup=backup, database="unused", media_root=tmp_path / "target")
    with pytest.raises(ValueError, match="not empty"):  # the test database has tables
        backup_restore(
            backup=backup,
            database=connection.settings_dict["NAME"],
            media_root=tmp_path / "empty",
        )
