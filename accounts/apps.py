from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff sign-in beyond the password: two factors, session limits, sign-out everywhere,
    password reset. The bottom of the stack above the form kit: it knows nothing of cases."""

    name = "accounts"
    verbose_name = "Staff accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import checks, sessions  # noqa: F401 - checks registers itself

        # Stamps the new session's start and records its key, so "sign out everywhere" can
        # find it; plumbing of the sign-in itself, no business rule.
        user_logged_in.connect(sessions.session_started, dispatch_uid="accounts-session-start")
