"""devtools (demo, benchmarks, council_setup) and mailintake (the intake mailbox) sit on top:
they import the apps, and no app imports them."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["feedback", "escalation", "letters", "ombudsman", "reporting", "api"]


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("app", [*APPS, "mailintake"])
def test_no_app_imports_devtools_or_mailintake(app):
    forbidden = ("devtools",) if app == "mailintake" else ("devtools", "mailintake")
    offenders = {
        f"{path.relative_to(ROOT)}: {module}"
        for path in (ROOT / app).rglob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] in forbidden
    }
    assert not offenders
