from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _ensure_roles(sender: AppConfig, **kwargs: object) -> None:
    # post_migrate fires once per app; permissions of every app exist only after the last one.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender.name != with_models[-1].name:
        return
    from .roles import roles_ensure

    roles_ensure()


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = "Feedback and cases"

    def ready(self) -> None:
        post_migrate.connect(_ensure_roles, dispatch_uid="feedback.roles_ensure")
