from django.apps import AppConfig

from feedback.navigation import MenuLink

# The officer menu's link to this app's pages (feedback.hooks.officer_menu_links).
MENU_LINKS = [MenuLink(50, "Letters", "letters:print_batches", "letters", ("feedback.view_case",))]


def menu_links() -> list[MenuLink]:
    return MENU_LINKS


class LettersConfig(AppConfig):
    name = "letters"

    def ready(self) -> None:
        from escalation import hooks
        from feedback import hooks as core_hooks
        from feedback.roles import Role, role_permissions_extend

        from .queues import letter_queues
        from .selectors import response_letter_sent
        from .services import (
            holding_letter_draft,
            letters_count_for_erasure,
            letters_erase,
            letters_for_subject_access,
        )

        hooks.response_sent.register(response_letter_sent)
        hooks.deadline_extended.register(holding_letter_draft)
        core_hooks.dashboard_queues.register(letter_queues)
        core_hooks.personal_data_erase.register(letters_erase)
        core_hooks.personal_data_count.register(letters_count_for_erasure)
        core_hooks.subject_access_files.register(letters_for_subject_access)
        # Approving a response letter before it goes is the complaints manager's job.
        role_permissions_extend(Role.COMPLAINTS_MANAGER, ["letters.approve_letter"])
        core_hooks.officer_menu_links.register(menu_links)
