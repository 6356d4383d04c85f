"""gunicorn's application for `manage.py loadtest --floor`: a bare WSGI answer at `WSGI_PATH`
(gunicorn and the client with no Django at all), everything else the project's Django
application with the floor's settings (`devtools.loadtest.floor_settings`)."""

import os

os.environ["DJANGO_SETTINGS_MODULE"] = "devtools.loadtest.floor_settings"

from django.core.wsgi import get_wsgi_application  # noqa: E402 (after the settings are chosen)

django_application = get_wsgi_application()

from devtools.loadtest.floor import WSGI_PATH  # noqa: E402 (needs Django set up)


def application(environ, start_response):
    if environ.get("PATH_INFO") == WSGI_PATH:
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
        return [b"ok"]
    return django_application(environ, start_response)
