"""WSGI entry point, used by gunicorn: `gunicorn somatics.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "somatics.settings")

application = get_wsgi_application()
