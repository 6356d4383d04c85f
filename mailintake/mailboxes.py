"""Mailboxes: where the intake's raw messages come from. Each yields (source, raw bytes) and is
told how each message ended (`done`), so it can move or flag it: a directory of .eml files
(INTAKE_MAIL_DIR; processed files move to processed/, unreadable ones to failed/) or an IMAP
folder (INTAKE_IMAP_*; messages are marked seen once handled)."""

import contextlib
import imaplib
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings


class DirectoryMailbox:
    """A folder of .eml files: the embedded default and the tests. Handled files move to
    processed/ (or failed/), so the folder shows what is still waiting."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def messages(self) -> Iterator[tuple[str, bytes]]:
        self.path.mkdir(parents=True, exist_ok=True)
        for file in sorted(self.path.glob("*.eml")):
            try:
                yield file.name, file.read_bytes()
            except FileNotFoundError:
                continue  # a concurrent run moved it

    def done(self, source: str, outcome: str) -> None:
        folder = self.path / ("failed" if outcome == "failed" else "processed")
        folder.mkdir(exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            (self.path / source).replace(folder / source)

    def close(self) -> None:
        pass


class ImapMailbox:
    """An IMAP folder over TLS. Unseen messages are read; each is marked seen once handled
    (a failure too: the InboundEmail row says why)."""

    def __init__(
        self, *, host: str, user: str, password: str, folder: str = "INBOX", timeout: int = 30
    ) -> None:
        # A timeout on every socket call: a hung mail server must not stall the beat worker.
        self.connection = imaplib.IMAP4_SSL(host, timeout=timeout)
        self.connection.login(user, password)
        self.connection.select(folder)
        self.folder = folder

    def messages(self) -> Iterator[tuple[str, bytes]]:
        status, data = self.connection.uid("search", None, "UNSEEN")
        if status != "OK":
            return
        for uid in data[0].split():
            status, fetched = self.connection.uid("fetch", uid, "(BODY.PEEK[])")
            if status == "OK" and fetched and isinstance(fetched[0], tuple):
                yield f"{self.folder}:{uid.decode()}", fetched[0][1]

    def done(self, source: str, outcome: str) -> None:
        uid = source.rsplit(":", 1)[1]
        self.connection.uid("store", uid, "+FLAGS", r"(\Seen)")

    def close(self) -> None:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            self.connection.logout()


def mailbox_configured():
    if settings.INTAKE_IMAP_HOST:
        return ImapMailbox(
            host=settings.INTAKE_IMAP_HOST,
            user=settings.INTAKE_IMAP_USER,
            password=settings.INTAKE_IMAP_PASSWORD,
            folder=settings.INTAKE_IMAP_FOLDER,
            timeout=settings.INTAKE_IMAP_TIMEOUT,
        )
    return DirectoryMailbox(settings.INTAKE_MAIL_DIR)


__all__ = ["DirectoryMailbox", "ImapMailbox", "mailbox_configured"]
