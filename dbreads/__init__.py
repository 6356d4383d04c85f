"""Reads sent on every request, compiled once: below every app (the session, the signed-in
user and the two-factor device are read in `accounts`, the council in `feedback`)."""
