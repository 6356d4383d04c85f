from django.core.management.base import BaseCommand

from devtools.demo import DEMO_PASSWORD, DEMO_USERS


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
        self.stdout.write("\n".join(lines) + "\n")
