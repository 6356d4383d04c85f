from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"

    def ready(self) -> None:
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
