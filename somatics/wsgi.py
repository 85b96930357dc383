"""WSGI entry point, used by gunicorn: `gunicorn somatics.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

from somatics.malloc import keep_large_buffers
from somatics.socket_body import lean_body

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "somatics.settings")

keep_large_buffers()  # uploads stream through megabyte buffers: reuse them (somatics/malloc.py)
# Request bodies come from gunicorn's socket in one copy, not four (somatics/socket_body.py).
application = lean_body(get_wsgi_application())
