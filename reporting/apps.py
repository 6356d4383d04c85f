from django.apps import AppConfig

from feedback.navigation import MenuLink

# The officer menu's link to this app's pages (feedback.hooks.officer_menu_links).
MENU_LINKS = [
    MenuLink(70, "Statistics", "reporting:index", "reporting", ("feedback.view_statistics",))
]


def menu_links() -> list[MenuLink]:
    return MENU_LINKS


class ReportingConfig(AppConfig):
    name = "reporting"

    def ready(self) -> None:
        from feedback import hooks
        from feedback.roles import Role, role_permissions_extend

        # The complaints manager writes each report's introduction.
        role_permissions_extend(
            Role.COMPLAINTS_MANAGER,
            [
                "reporting.add_reportintroduction",
                "reporting.change_reportintroduction",
                # The Code's self-assessment, the improvements register, publishing the report.
                "reporting.change_selfassessment",
                "reporting.change_serviceimprovement",
            ],
        )
        hooks.officer_menu_links.register(menu_links)
