"""Backups a council can restore: the database (pg_dump's custom format, or SQLite's online
backup for the embedded default) plus the media folder (attachments and letter PDFs), with a
manifest of every file's SHA-256. `restore_drill` proves one: it backs up, restores into an
empty database and an empty media folder, and checks every case, letter PDF and attachment."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection

from feedback import clock


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env(db: dict) -> dict[str, str]:
    env = {**os.environ, "PGHOST": db["HOST"] or "127.0.0.1", "PGUSER": db["USER"] or ""}
    if db["PORT"]:
        env["PGPORT"] = str(db["PORT"])
    if db["PASSWORD"]:
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _tool(name: str) -> str:
    """PostgreSQL's client programs, by full path (apt install postgresql-client)."""
    path = shutil.which(name)
    if path is None:
        raise FileNotFoundError(f"{name} is not installed: install the PostgreSQL client.")
    return path


def _run(command: list[str], env: dict[str, str]) -> None:
    subprocess.run([_tool(command[0]), *command[1:]], env=env, check=True, capture_output=True)  # noqa: S603


def backup_make(*, folder: Path, media_root: Path | None = None) -> Path:
    """A new backup folder under `folder`: database, media.tar.gz and manifest.json."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    target = Path(folder) / clock.now().strftime("%Y%m%dT%H%M%S%f")
    target.mkdir(parents=True)
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        _run(
            ["pg_dump", "--format=custom", "--no-owner", f"--file={target / 'database.dump'}"]
            + [db["NAME"]],
            _pg_env(db),
        )
    else:  # SQLite's online backup: consistent while the site runs
        with sqlite3.connect(target / "database.sqlite3") as copy:
            connection.ensure_connection()
            connection.connection.backup(copy)
    files = {}
    with tarfile.open(target / "media.tar.gz", "w:gz") as archive:
        for path in sorted(p for p in media_root.rglob("*") if p.is_file()):
            relative = path.relative_to(media_root).as_posix()
            archive.add(path, arcname=relative)
            files[relative] = _sha256(path)
    manifest = {"made_at": clock.now().isoformat(), "vendor": connection.vendor, "files": files}
    (target / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return target


def backup_restore(*, backup: Path, database: str, media_root: Path) -> None:
    """Restore into an EMPTY PostgreSQL database (by name, on the configured server) and an
    empty media folder; refuses to overwrite anything."""
    backup, media_root = Path(backup), Path(media_root)
    if media_root.exists() and any(media_root.iterdir()):
        raise ValueError(f"{media_root} is not empty: restore into an empty media folder.")
    env = _pg_env(connection.settings_dict)
    probe = subprocess.run(  # noqa: S603
        [_tool("psql"), "-tAc", "select count(*) from pg_tables where schemaname='public'"]
        + [database],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    if probe.stdout.strip() != "0":
        raise ValueError(f"Database {database} is not empty: restore into an empty database.")
    _run(
        ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={database}"]
        + [str(backup / "database.dump")],
        env,
    )
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(backup / "media.tar.gz") as archive:
        archive.extractall(media_root, filter="data")


@dataclass
class DrillReport:
    cases: int = 0
    letters: int = 0
    attachments: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _rows(database: str, sql: str) -> list[list[str]]:
    result = subprocess.run(  # noqa: S603
        [_tool("psql"), "-tA", "-F", "\t", "-c", sql, database],
        env=_pg_env(connection.settings_dict),
        check=True,
        capture_output=True,
        text=True,
    )
    return [line.split("\t") for line in result.stdout.splitlines() if line]


def _files_check(rows: list[list[str]], media: Path, what: str, problems: list[str]) -> int:
    """Each (file, sha256) row's file is in the restored folder with that digest."""
    for name, sha256 in rows:
        path = media / name
        if not path.exists() or _sha256(path) != sha256:
            problems.append(f"{what} {name}: missing or changed")
    return len(rows)


def restore_drill(*, work: Path) -> DrillReport:
    """Back up the configured database and media, restore both into an empty database
    (`<name>_drill`, dropped afterwards) and an empty folder, and check that every case,
    letter PDF (same SHA-256 as recorded) and attachment came back."""
    if connection.vendor != "postgresql":
        raise ValueError("The restore drill needs PostgreSQL (DATABASE_URL).")
    source = connection.settings_dict["NAME"]
    drill = f"{source}_drill"
    env = _pg_env(connection.settings_dict)
    backup = backup_make(folder=Path(work) / "backups")
    _run(["dropdb", "--if-exists", drill], env)
    _run(["createdb", drill], env)
    report = DrillReport()
    try:
        media = Path(work) / "restored-media"
        backup_restore(backup=backup, database=drill, media_root=media)
        cases = "select reference from feedback_case order by reference"
        expected, restored = _rows(source, cases), _rows(drill, cases)
        report.cases = len(restored)
        if expected != restored:
            report.problems.append(f"cases: {len(expected)} before, {len(restored)} restored")
        letters = "select pdf, sha256 from letters_letter where pdf <> '' order by id"
        attachments = "select file, sha256 from feedback_attachment order by id"
        report.letters = _files_check(_rows(drill, letters), media, "letter", report.problems)
        report.attachments = _files_check(
            _rows(drill, attachments), media, "attachment", report.problems
        )
        if len(_rows(source, letters)) != report.letters:
            report.problems.append("letters: not all restored")
    finally:
        _run(["dropdb", "--if-exists", drill], env)
    return report
