import os

from django.core.wsgi import get_wsgi_application

from config import serving

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
serving.serving_process_ready()
