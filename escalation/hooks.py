"""Where the lifecycle reaches the wings above it (letters) without importing them: they
register in their `AppConfig.ready()`."""

from feedback.hooks import Hook

# `(case, stage) -> bool`: has the response of `stage` gone to the customer? Every registered
# answer must be yes for the respond transition (the letters app: its response letter is sent).
response_sent = Hook("stage response sent")

# `(case, user, now)`, inside the extension's transaction: the letters app drafts the holding
# letter.
deadline_extended = Hook("stage deadline extended")

# After every transition of a case, inside its transaction: `(case, now)`, with the
# case in its new state. The surveys wing invites the customer when a case closes or a stage is
# answered.
case_transitioned = Hook("case transitioned")

# `(case, stage, now) -> str`: paragraphs a wing adds to an email that carries a letter to the
# customer (the surveys wing: the link to the satisfaction survey, seed 001). `stage` is the
# stage the letter answers, else the highest formal stage the case has reached (0 for none).
customer_email_extras = Hook("customer email extras")

# `(case, stage) -> bytes | None`: a PDF a wing encloses with a response letter sent by post
# (the surveys wing: the paper survey). The post room's batch prints it after the letter.
postal_enclosures = Hook("postal enclosures")
