"""Issue (or rotate) the API token of a user; a system such as a CRM gets a user of its own in
a role, so its token is scoped like a person's."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from api.services import token_issue
from feedback.roles import ROLE_PERMISSIONS


class Command(BaseCommand):
    help = "Print the API token of a user, creating it (and, with --role, the user) if needed."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--role",
            choices=sorted(ROLE_PERMISSIONS),
            help="Create the user if missing (e.g. a system account) and put it in this role.",
        )
        parser.add_argument(
            "--rotate", action="store_true", help="Replace the existing token with a new one."
        )

    def handle(self, *args, username: str, role: str | None, rotate: bool, **options):
        User = get_user_model()  # noqa: N806
        user = User.objects.filter(username=username).first()
        if user is None and role is None:
            raise CommandError(f"No user {username!r}: give --role to create a system account.")
        if role is not None and not Group.objects.filter(name=role).exists():
            raise CommandError(f"The role {role!r} does not exist yet: run migrate first.")
        token = token_issue(username=username, role=role, rotate=rotate)
        self.stdout.write(token.key)
