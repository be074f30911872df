"""Settings as a gunicorn worker or a cron job loads them: a fresh process, no pytest imported."""

import os
import subprocess
import sys

from django.conf import settings


def start_django(code: str = "", *, first: str = "", **env_vars: str) -> subprocess.CompletedProcess:
    """Run `first`, `django.setup()` then `code` in a new Python with DEBUG off and production's
    required variables, plus `env_vars` (a value of None removes the variable)."""
    env = {name: value for name, value in os.environ.items() if name != "CACHE_URL"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "exodus.settings",
            "DEBUG": "false",
            "SECRET_KEY": "a-production-like-secret-key-for-this-test-only-0123456789",
            "ALLOWED_HOSTS": "exodus.example",
            "SITE_URL": "https://exodus.example",
            **env_vars,
        }
    )
    env = {name: value for name, value in env.items() if value is not None}
    return subprocess.run(
        [sys.executable, "-c", f"{first}\nimport django; django.setup()\n{code}"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def setting_in_fresh_process(name: str, **env_vars: str) -> str:
    result = start_django(f"from django.conf import settings; print(settings.{name})", **env_vars)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()
