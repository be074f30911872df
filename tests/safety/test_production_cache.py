"""With DEBUG off the settings refuse a cache that each process keeps for itself."""

import os
import subprocess
import sys

import pytest
from django.conf import settings


def start_django(**env_vars) -> subprocess.CompletedProcess:
    """Load the settings the way a gunicorn worker or a cron job does: a fresh process, no pytest."""
    env = {name: value for name, value in os.environ.items() if name != "CACHE_URL"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "exodus.settings",
            "DEBUG": "false",
            "SECRET_KEY": "a-production-like-secret-key-for-this-test-only-0123456789",
            "ALLOWED_HOSTS": "exodus.example",
            **env_vars,
        }
    )
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("cache_url", [None, "locmem://", "locmem://pages", "dummy://"])
def test_production_refuses_a_per_process_cache(cache_url):
    result = start_django(**({"CACHE_URL": cache_url} if cache_url else {}))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "keeps a separate cache in each process" in result.stderr
    assert "redis://" in result.stderr


def test_production_starts_with_redis():
    result = start_django(CACHE_URL="redis://127.0.0.1:6379/0", CACHE_KEY_PREFIX="exodus")
    assert result.returncode == 0, result.stderr


def test_development_may_keep_its_cache_in_process():
    assert start_django(DEBUG="true", CACHE_URL="locmem://").returncode == 0
