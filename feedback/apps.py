from django.apps import AppConfig, apps
from django.db.models import signals


def _ensure_roles(sender: AppConfig, **kwargs: object) -> None:
    # post_migrate fires once per app; permissions of every app exist only after the last one.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender.name != with_models[-1].name:
        return
    from .roles import roles_ensure

    roles_ensure()


def case_proxy_history_connect(sender: type, **kwargs: object) -> None:
    """simple-history records saves of `Case` only (its receivers filter on the sender), so a
    save through a proxy, such as the lifecycle's, would leave no history row."""
    from .models import CASE_HISTORY, Case

    if not (sender._meta.proxy and issubclass(sender, Case)):
        return
    for signal, receiver in (
        (signals.post_save, CASE_HISTORY.post_save),
        (signals.pre_delete, CASE_HISTORY.pre_delete),
        (signals.post_delete, CASE_HISTORY.post_delete),
    ):
        signal.connect(receiver, sender=sender, weak=False, dispatch_uid=f"history:{sender}")


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = "Feedback and cases"

    def ready(self) -> None:
        signals.post_migrate.connect(_ensure_roles, dispatch_uid="feedback.roles_ensure")
        signals.class_prepared.connect(case_proxy_history_connect)
        for model in apps.get_models():
            case_proxy_history_connect(model)
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from accounts.session_store import session_read_alongside

        from .models import (
            Category,
            Channel,
            ComplaintGround,
            OfficerProfile,
            Organisation,
            SavedCaseView,
            ServiceArea,
        )
        from .reference import STAMP_KEY, reference_models_register
        from .rows import psycopg_statement_cache_widen

        psycopg_statement_cache_widen()
        # Every request reads the council's stamp: with its session, one round trip for both.
        session_read_alongside(STAMP_KEY)

        User = get_user_model()  # noqa: N806
        reference_models_register(
            Organisation,
            ServiceArea,
            Channel,
            Category,
            ComplaintGround,
            # The officers the case list offers, and which services each works in.
            OfficerProfile,
            User,
            Group,
            OfficerProfile.services.through,
            User.groups.through,
            User.user_permissions.through,
            Group.permissions.through,
            # Officers' saved list views (the case list reads them on every request).
            SavedCaseView,
        )
