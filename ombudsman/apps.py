from django.apps import AppConfig


class OmbudsmanConfig(AppConfig):
    name = "ombudsman"
    verbose_name = "Ombudsman cases"

    def ready(self) -> None:
        from feedback import hooks
        from feedback.roles import Role, role_permissions_extend

        from .queues import ombudsman_queues

        hooks.dashboard_queues.register(ombudsman_queues)

        view = "ombudsman.view_ombudsmancase"
        liaise = "ombudsman.liaise_ombudsman"
        comply = "ombudsman.record_remedy_compliance"
        # Ombudsman liaison is the central team's job (DOMAIN.md: complaints manager); the
        # service that owns a remedy sees its Ombudsman cases and records compliance.
        role_permissions_extend(Role.COMPLAINTS_OFFICER, [view, liaise, comply])
        role_permissions_extend(Role.COMPLAINTS_MANAGER, [view, liaise, comply])
        role_permissions_extend(Role.INVESTIGATING_OFFICER, [view, comply])
        role_permissions_extend(Role.SERVICE_MANAGER, [view, comply])
