"""The intake mailbox adapter: the shared complaints inbox, read as an IMAP folder over TLS
(INTAKE_IMAP_*) or as a folder of .eml files (INTAKE_MAIL_DIR, the embedded default), each
message handed to `feedback.email_intake.email_intake_process`. Run by the `intake_mail`
command and the `mailintake.tasks.intake_mail` beat task."""
