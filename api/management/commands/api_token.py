"""Issue (or rotate) an integration's API token; a system such as a CRM gets a user of its own
in a role, so its token sees what that role sees, and scopes limit what it may do."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from api.models import ApiToken
from api.tokens import TokenExists, api_token_issue
from feedback.roles import ROLE_PERMISSIONS


class Command(BaseCommand):
    help = "Print a new API token (shown once: only its hash is stored)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="The user the token acts as.")
        parser.add_argument("--name", help="The integration (default: the username).")
        parser.add_argument(
            "--role",
            choices=sorted(ROLE_PERMISSIONS),
            help="Create the user if missing (e.g. a system account) and put it in this role.",
        )
        parser.add_argument(
            "--scopes",
            default="read",
            help=f"Comma-separated, from {', '.join(ApiToken.Scope.values)} (default: read).",
        )
        parser.add_argument("--days", type=int, help="Valid for this many days.")
        parser.add_argument(
            "--rotate", action="store_true", help="Revoke the integration's token and issue anew."
        )

    def handle(self, *args, username, name, role, scopes, days, rotate, **options):
        User = get_user_model()  # noqa: N806
        if role is None and not User.objects.filter(username=username).exists():
            raise CommandError(f"No user {username!r}: give --role to create a system account.")
        if role is not None and not Group.objects.filter(name=role).exists():
            raise CommandError(f"The role {role!r} does not exist yet: run migrate first.")
        try:
            _, key = api_token_issue(
                name=name or username,
                username=username,
                role=role,
                scopes=[s.strip() for s in scopes.split(",") if s.strip()],
                days=days,
                rotate=rotate,
            )
        except TokenExists as exc:
            raise CommandError(
                f"{exc} has an active token already (its key cannot be shown again): "
                "give --rotate to replace it."
            ) from exc
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(key)
