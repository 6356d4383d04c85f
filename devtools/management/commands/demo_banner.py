import base64

from django.conf import settings
from django.core.management.base import BaseCommand

from devtools.demo import DEMO_PASSWORD, DEMO_USERS, demo_present
from devtools.demo.officers import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Print the demo's address and logins."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, port: int, **options):
        lines = [
            "",
            f"  Public feedback form:  http://127.0.0.1:{port}/",
            f"  Officer sign-in:       http://127.0.0.1:{port}/officer/",
            f"  Administration:        http://127.0.0.1:{port}/admin/",
            "",
            f"  Demo logins (password for all: {DEMO_PASSWORD}):",
        ]
        lines += [f"    {username:<12} {description}" for username, _, description in DEMO_USERS]
        app_key = base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()
        lines += [
            "",
            "  Two-factor sign-in: "
            + ("ON" if settings.TWO_FACTOR_REQUIRED else "off for this demo")
            + " (TWO_FACTOR_REQUIRED=true make run turns it on).",
            f"    Every demo user's authenticator key: {app_key}",
            '    (add it to any authenticator app, or: .venv/bin/python -c "import django_otp.oath'
            f" as o; print('%06d' % o.totp(bytes.fromhex('{DEMO_TOTP_KEY}')))\")",
        ]
        if not demo_present():
            lines += [
                "",
                "  The demo is still loading (about half a minute; the worker starts after it).",
                "  The pages answer already; the logins work once 'Loaded the demo council'",
                "  appears below.",
            ]
        self.stdout.write("\n".join(lines) + "\n")
