from django.apps import AppConfig
from django.db.models.signals import post_save


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "REST API"

    def ready(self) -> None:
        from escalation.models import CaseStage
        from feedback.models import Attachment, CaseEvent

        from .services import row_created

        # The create's response shows these rows of the new case (api.views.cases).
        for model in (CaseEvent, Attachment, CaseStage):
            post_save.connect(row_created, sender=model, dispatch_uid=f"api-created-{model}")
