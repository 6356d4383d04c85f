"""A mail server the test starts on loopback: enough SMTP for Django's backend, recording each
message it accepts. `hold()` makes it keep the next message without answering (a provider that
has not accepted yet, or a hung one); a client that disconnects while held has sent nothing."""

import select
import socket
import socketserver
import threading
from email import message_from_bytes
from email.message import Message


class _Handler(socketserver.StreamRequestHandler):
    server: "FakeSmtpServer"

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        self.reply("220 fake ESMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.reply("250-fake")
                self.reply("250 8BITMIME")
            elif verb == b"DATA":
                self.reply("354 go ahead")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk
                if self.server.holding.is_set() and not self._wait_for_release():
                    return  # the client went away before we accepted: nothing was sent
                self.server.accepted.append(message_from_bytes(data))
                self.reply("250 accepted")
            elif verb == b"QUIT":
                self.reply("221 bye")
                return
            else:  # HELO, MAIL, RCPT, RSET, NOOP
                self.reply("250 OK")

    def _wait_for_release(self) -> bool:
        self.server.held.set()
        while not self.server.released.is_set():
            readable, _, _ = select.select([self.connection], [], [], 0.1)
            if readable and self.connection.recv(1, socket.MSG_PEEK) == b"":
                self.server.abandoned += 1
                return False
        return True


class FakeSmtpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.accepted: list[Message] = []
        self.abandoned = 0
        self.holding = threading.Event()
        self.held = threading.Event()  # a message is being held now
        self.released = threading.Event()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def hold(self) -> None:
        self.released.clear()
        self.holding.set()

    def release(self) -> None:
        self.holding.clear()
        self.released.set()

    def accepted_to(self, address: str) -> list[Message]:
        return [m for m in self.accepted if m["To"] == address]

    def __enter__(self) -> "FakeSmtpServer":
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
        self.shutdown()
        self.server_close()
