"""gunicorn settings for Exodus behind nginx (deploy/systemd/exodus.service):
`gunicorn -c deploy/gunicorn.conf.py exodus.wsgi`. Each can be overridden by an environment
variable (GUNICORN_WORKERS, GUNICORN_THREADS, GUNICORN_BIND)."""

import multiprocessing
import os

# Local to the box: only nginx talks to gunicorn. For several app servers behind one nginx, bind
# the private address nginx's upstream lists (e.g. GUNICORN_BIND=10.0.0.12:8000).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Pages are CPU-bound Python: one process per core and one more, each with a couple of threads so
# a request waiting on PostgreSQL or Redis does not hold a core idle.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 2))
# gthread workers keep nginx's upstream connections open (nginx: keepalive 32); longer than
# nginx's own idle timeout for them (60 s), so nginx always closes first and never reuses a
# connection gunicorn is closing.
keepalive = 75
timeout = 60
graceful_timeout = 30
# A worker is replaced after this many requests (plus jitter), so a slow leak cannot grow for ever.
max_requests = 5000
max_requests_jitter = 500
# Load the app before forking: workers share its memory, and a broken deploy fails at start.
preload_app = True
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# nginx sets these; gunicorn trusts them only from the local proxy.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
