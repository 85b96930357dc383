"""WSGI entry point, used by gunicorn: `gunicorn somatics.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

from somatics.malloc import keep_large_buffers

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "somatics.settings")

keep_large_buffers()  # uploads stream through megabyte buffers: reuse them (somatics/malloc.py)
application = get_wsgi_application()
