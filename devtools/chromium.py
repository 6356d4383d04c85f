"""How the project starts Debian's Chromium (Playwright, no `playwright install`): for the
browser tests and `make screenshots`. No Django imports, so a conftest may import it."""

CHROMIUM_ARGS = [
    "--no-sandbox",  # run as root in containers
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
]
