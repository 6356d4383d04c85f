from django.apps import AppConfig


class MailintakeConfig(AppConfig):
    """The intake mailbox adapter: reads an IMAP folder (or a folder of .eml files) and hands
    each message to feedback's email intake. It imports feedback; feedback never imports it."""

    name = "mailintake"
    verbose_name = "Email intake mailbox"
