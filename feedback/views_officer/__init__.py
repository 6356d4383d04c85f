"""Officer pages: sign in, dashboard, case list and page, case actions, customers, log a
contact. Each view reads through feedback.selectors and writes through feedback.services."""
