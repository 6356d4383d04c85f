"""WeasyPrint and pypdf take seconds to import. Every management command's checks load the URLs
and template tags, so the letters app imports them only when it renders or joins PDFs (and the
reports likewise WeasyPrint and matplotlib), and WeasyPrint's import says nothing in the log."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
import django

django.setup()
import letters.selectors, letters.services, letters.views, letters.tasks
import letters.templatetags.letters_tags
import reporting.views, reporting.pdf, reporting.charts

print(sorted(name for name in ("weasyprint", "pypdf", "matplotlib") if name in sys.modules))
import weasyprint
"""


def test_letters_and_reports_import_weasyprint_and_matplotlib_only_to_render_and_quietly():
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "LOG_LEVEL": "INFO",
        },
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    assert done.stdout.strip() == "[]"
    assert "Step 2" not in done.stderr
    assert done.stderr == ""
