"""Helpers for the browser tests: what failed to load, and what axe finds on a page."""

from urllib.parse import urlsplit

from axe_playwright_python.base import AXE_SCRIPT

# What axe reports on GOV.UK Frontend's own patterns that the Design System keeps on purpose.
# Each drops one rule for the elements matching one selector, nothing else; `attribute`, when
# set, further requires that the failure is about that attribute alone.
GOVUK_DELIBERATE = [
    {
        # GOV.UK Frontend's radios script sets aria-expanded on a radio that reveals a
        # conditional question. ARIA allows it on checkboxes but not on radios, and the Design
        # System keeps it because some screen readers announce it
        # (https://github.com/alphagov/govuk-frontend/issues/979, still open; w3c/aria#1404).
        "rule": "aria-allowed-attr",
        "selector": ".govuk-radios__input[aria-controls]",
        "attribute": "aria-expanded",
    },
    {
        # A back link goes before <main> (so the skip link skips it), outside any landmark;
        # the Design System decided to keep it there and documents axe's "region" best
        # practice flagging it (alphagov/govuk-frontend#6460, govuk-design-system#5024).
        "rule": "region",
        "selector": ".govuk-width-container > .govuk-back-link",
        "attribute": None,
    },
]

AXE_RUN = """async (deliberate) => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  const failedData = (node) =>
    [...node.any, ...node.all, ...node.none].flatMap((check) => check.data ?? []);
  const isDeliberate = (rule, node) => deliberate.some((known) =>
    known.rule === rule.id
    && node.target.length === 1
    && document.querySelector(node.target[0])?.matches(known.selector)
    && (!known.attribute
        || failedData(node).every((data) => String(data).startsWith(known.attribute + "="))));
  return results.violations
    .map((rule) => ({...rule, nodes: rule.nodes.filter((node) => !isDeliberate(rule, node))}))
    .filter((rule) => rule.nodes.length);
}"""


def axe_violations(page) -> list[str]:
    """axe-core's findings on the page as it is now (all its default rules, best practices
    included), less GOVUK_DELIBERATE; one line per rule and element."""
    page.wait_for_load_state("load")
    page.evaluate(AXE_SCRIPT)
    violations = page.evaluate(AXE_RUN, GOVUK_DELIBERATE)
    return [
        f"{rule['id']} ({rule['impact']}): {rule['help']}: {node['target']} "
        f"{node['html']}\n    {node['failureSummary']}"
        for rule in violations
        for node in rule["nodes"]
    ]


def overflow_on_a_phone(page) -> int:
    """How many pixels wider than a 375px phone screen the page is (0 when nothing makes the
    whole page scroll sideways); the viewport is put back after."""
    size = page.viewport_size
    page.set_viewport_size({"width": 375, "height": 800})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    page.set_viewport_size(size)
    return overflow


def session_share(context, live_server, client, user) -> None:
    """Signs the browser context in as `user`, with the test client's session cookie."""
    client.force_login(user)
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value}
    context.add_cookies([{**cookie, "url": live_server.url}])


def assets_watch(context) -> list[str]:
    """What goes wrong loading the pages of a browser context: any /static/ file that fails
    (4xx, 5xx, or no answer), any uncaught JavaScript error, and anything the Content Security
    Policy refused (an inline script or style would be). Filled while the pages load."""
    problems: list[str] = []

    def static(url: str) -> bool:
        return urlsplit(url).path.startswith("/static/")

    def on_response(response):
        if static(response.url) and response.status >= 400:
            problems.append(f"{response.status} {response.url}")

    def on_request_failed(request):
        # A click that leaves the page cancels what it was still loading: not a failure.
        if static(request.url) and request.failure != "net::ERR_ABORTED":
            problems.append(f"{request.failure} {request.url}")

    context.on("response", on_response)
    context.on("requestfailed", on_request_failed)
    context.on("weberror", lambda error: problems.append(f"JavaScript error: {error.error}"))

    def on_console(message):
        if "Content Security Policy" in message.text:
            problems.append(f"CSP: {message.text}")

    context.on("console", on_console)
    return problems


CLIPPED_CELLS = """() => {
  // Every table cell that a person can see must lie inside its scroll box (when it has one),
  // inside <main> and inside the window: a cell past any of those edges is cut off.
  const problems = [];
  const main = document.querySelector("main").getBoundingClientRect();
  const width = document.documentElement.clientWidth;
  // Visually hidden (a phone's column heads, clipped to 1px): its cells keep their own boxes.
  const hidden = (cell, table) => {
    for (let e = cell; e && e !== table; e = e.parentElement) {
      const r = e.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1) return true;
    }
    return false;
  };
  for (const table of document.querySelectorAll("main table")) {
    const box = (table.closest(".app-table-scroll") || table.parentElement).getBoundingClientRect();
    const right = Math.min(box.right, main.right, width) + 1;
    const left = Math.max(box.left, main.left, 0) - 1;
    for (const cell of table.querySelectorAll("th, td")) {
      const r = cell.getBoundingClientRect();
      if (hidden(cell, table)) continue;
      if (r.right > right || r.left < left) {
        const label = cell.getAttribute("data-label") || cell.textContent.trim().slice(0, 30);
        problems.push(`${table.id || table.querySelector("caption")?.textContent.trim()}: `
          + `${label} (${Math.round(r.left)}..${Math.round(r.right)} outside `
          + `${Math.round(left)}..${Math.round(right)})`);
      }
    }
  }
  return problems;
}"""


def clipped_cells(page, width: int, height: int = 800) -> list[str]:
    """The table cells cut off at this window size (see CLIPPED_CELLS); viewport put back."""
    size = page.viewport_size
    page.set_viewport_size({"width": width, "height": height})
    problems = page.evaluate(CLIPPED_CELLS)
    page.set_viewport_size(size)
    return [f"{width}px {problem}" for problem in problems]
