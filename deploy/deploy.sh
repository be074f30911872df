#!/usr/bin/env bash
# Deploy the checked-out release in /srv/exodus (run as the exodus user, from /srv/exodus):
# install, migrate, collect static files, reload gunicorn, then render again every page and
# payload the new build changes (templates, rendering code, static names: `bake --stale`).
# Until a page is rendered again, Django serves it rendered live and nginx the previous file,
# which differs only in templates: publishing, withdrawing and redacting act as always meanwhile.
set -euo pipefail
cd "$(dirname "$0")/.."
set -a; . /etc/exodus/env; set +a
.venv/bin/python -m pip install --quiet -r requirements.txt
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py collectstatic --noinput
.venv/bin/python manage.py check --deploy --fail-level WARNING
sudo systemctl reload exodus
.venv/bin/python manage.py bake --stale
