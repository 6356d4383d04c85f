from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def two_factor_in_production(app_configs, **kwargs):
    """Production never runs with staff signing in on a password alone."""
    if getattr(settings, "PRODUCTION", False) and not settings.TWO_FACTOR_REQUIRED:
        return [
            Error(
                "TWO_FACTOR_REQUIRED is off in production.",
                hint="Unset TWO_FACTOR_REQUIRED (it defaults to on): every staff account must "
                "sign in with two factors.",
                id="accounts.E001",
            )
        ]
    return []
