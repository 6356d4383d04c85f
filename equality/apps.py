from django.apps import AppConfig


class EqualityConfig(AppConfig):
    name = "equality"
    verbose_name = "Equality monitoring"

    def ready(self) -> None:
        from feedback import hooks
        from feedback.roles import Role, role_permissions_extend

        from .services import equality_answers_erase

        hooks.personal_data_erase.register(equality_answers_erase)
        # Those who read the council's reports read the equality report; nobody views rows.
        for role in (Role.COMPLAINTS_MANAGER, Role.COMMITTEE_MEMBER):
            role_permissions_extend(role, ["equality.report_equality"])
