import logging

from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "letters"

    def ready(self) -> None:
        # WeasyPrint logs every parsing and layout step at INFO (even on import); a batch of
        # letters would drown the worker's log.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
