from django.apps import AppConfig


class EscalationConfig(AppConfig):
    name = "escalation"
    verbose_name = "Stages and deadlines"

    def ready(self) -> None:
        from feedback import hooks
        from feedback.reference import reference_models_register

        # The proxy model with the transitions: registered with the app once models are loaded.
        from . import lifecycle  # noqa: F401
        from .models import ClosureDay, StagePolicy
        from .selectors import calendar_for
        from .services import deadlines_on_receipt

        reference_models_register(StagePolicy, ClosureDay)
        hooks.case_received.register(deadlines_on_receipt)
        hooks.working_days_after.provide(
            lambda *, organisation, start, days: calendar_for(organisation).add_working_days(
                start, days
            )
        )
