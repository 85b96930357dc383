"""
gunicorn's settings for the Somatics Library: `gunicorn -c gunicorn.conf.py somatics.wsgi`.

Each value can be changed by an environment variable (README, "Configuration"). The proxy in
front (deploy/nginx/somatics.conf) buffers request bodies, so a slow upload never holds a worker
while it trickles in; the worker only reads it from the proxy at full speed.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers, two per core and one more: a request mostly waits on the database, not the CPU.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
# An upload is probed (up to 30 s) and copied to storage within one request: allow two minutes.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
# Recycle each worker now and then, staggered, so that a slow leak never takes a server down.
# Not too often: a fresh worker starts cold (imports, templates, its own connections), and at a
# thousand requests a second a low limit restarts a worker every second (`make bench` saw p99
# grow from 15 to 350 ms at max_requests=1000).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = max_requests // 10
# Believe X-Forwarded-Proto/-For only from the proxy (on the same machine unless told otherwise).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# No runtime control socket (gunicornc): systemd's reload and stop are enough, and two sites or
# test runs on one machine would otherwise share ~/.gunicorn/gunicorn.ctl.
control_socket_disable = True

# Access log to stdout, errors to stderr: systemd's journal or the platform collects both.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
access_log_format = '%({x-forwarded-for}i)s "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s"'
if os.environ.get("LOG_FORMAT", "").lower() == "json":
    # The same JSON lines as Django's own logs (somatics/logs.py), one object per request.
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "somatics.logs.JsonFormatter"}},
        "handlers": {
            "access": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            },
            "error": {"class": "logging.StreamHandler", "formatter": "json"},
        },
        "loggers": {
            "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
            "gunicorn.error": {
                "level": loglevel.upper(),
                "handlers": ["error"],
                "propagate": False,
            },
        },
        "root": {"level": loglevel.upper(), "handlers": ["error"]},
    }
