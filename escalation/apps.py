from django.apps import AppConfig

from feedback.navigation import MenuLink

# The officer menu's link to this app's pages (feedback.hooks.officer_menu_links).
MENU_LINKS = [
    MenuLink(60, "Policies", "escalation:policies", "escalation", ("feedback.manage_policies",))
]


def menu_links() -> list[MenuLink]:
    return MENU_LINKS


class EscalationConfig(AppConfig):
    name = "escalation"
    verbose_name = "Stages and deadlines"

    def ready(self) -> None:
        from feedback import hooks
        from feedback.reference import reference_models_register

        # The proxy model with the transitions: registered with the app once models are loaded.
        from . import lifecycle  # noqa: F401
        from .models import ClosureDay, StagePolicy
        from .promises import promise_at
        from .selectors import calendar_for
        from .services import deadlines_on_receipt

        reference_models_register(StagePolicy, ClosureDay)
        hooks.case_received.register(deadlines_on_receipt)
        hooks.working_days_after.provide(
            lambda *, organisation, start, days: calendar_for(organisation).add_working_days(
                start, days
            )
        )
        hooks.officer_menu_links.register(menu_links)
        hooks.public_promise.provide(promise_at)
