from django.apps import AppConfig

from feedback.navigation import MenuLink

# The officer menu's link to this app's pages (feedback.hooks.officer_menu_links).
MENU_LINKS = [
    MenuLink(40, "Ombudsman", "ombudsman:list", "ombudsman", ("ombudsman.view_ombudsmancase",))
]


def menu_links() -> list[MenuLink]:
    return MENU_LINKS


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
        hooks.officer_menu_links.register(menu_links)
