from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "letters"

    def ready(self) -> None:
        from escalation import hooks
        from feedback import hooks as core_hooks

        from .queues import letter_queues
        from .selectors import response_letter_sent
        from .services import holding_letter_draft

        hooks.response_sent.register(response_letter_sent)
        hooks.deadline_extended.register(holding_letter_draft)
        core_hooks.dashboard_queues.register(letter_queues)
