"""Where the lifecycle reaches the wings above it (letters) without importing them: they
register in their `AppConfig.ready()`."""

from feedback.hooks import Hook

# `(case, stage) -> bool`: has the response of `stage` gone to the customer? Every registered
# answer must be yes for the respond transition (the letters app: its response letter is sent).
response_sent = Hook("stage response sent")

# `(case, user, now)`, inside the extension's transaction: the letters app drafts the holding
# letter.
deadline_extended = Hook("stage deadline extended")
