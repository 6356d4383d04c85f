from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Satisfaction surveys"

    def ready(self) -> None:
        from escalation import hooks
        from feedback import hooks as core_hooks

        from .services import (
            survey_comments_erase,
            survey_email_extras,
            survey_postal_enclosure,
            surveys_for_subject_access,
            surveys_on_transition,
        )

        hooks.case_transitioned.register(surveys_on_transition)
        hooks.customer_email_extras.register(survey_email_extras)
        hooks.postal_enclosures.register(survey_postal_enclosure)
        core_hooks.personal_data_erase.register(survey_comments_erase)
        core_hooks.subject_access_files.register(surveys_for_subject_access)
