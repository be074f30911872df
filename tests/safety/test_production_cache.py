"""With DEBUG off the settings refuse a cache that each process keeps for itself."""

import pytest

from tests.safety.processes import start_django


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
