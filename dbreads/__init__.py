"""Queries compiled once and sent with each call's values, below every app: `first_row` for the
reads sent on every request (the session, the signed-in user and the two-factor device in
`accounts`, the council in `feedback`), `grouped` for the reports' grouped counts."""
