import os
import uuid

import pytest
from django.core.cache import cache

from profiles.similar_names import clear_cache as clear_similar_names
from tests import factories

# Redis for the tests that need the cache production has. Database 5 and a key prefix per test, so
# nobody else's tests on the same Redis see these keys (and Django's cache.clear(), which empties
# the whole database, is never called on it).
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.BAKED_ROOT = tmp_path / "baked"
    # Admin tests sign in with client.force_login; the tests of two-factor sign-in turn it back on
    # (tests/safety/test_staff_accounts.py).
    settings.STAFF_2FA_REQUIRED = False
    cache.clear()
    # The similar-name check keeps every profile's name keys per process; rolled-back rows must not linger.
    clear_similar_names()


@pytest.fixture
def contributor(db):
    return factories.contributor()


@pytest.fixture
def editor(db):
    return factories.editor()


@pytest.fixture
def second_editor(db):
    return factories.editor("frank")


@pytest.fixture
def administrator(db):
    return factories.administrator()


@pytest.fixture
def source(db):
    return factories.SourceFactory()


@pytest.fixture
def profile_with_timeline(db):
    """A draft profile with one cited timeline entry in Tbilisi (city disclosed)."""
    excerpt = factories.ExcerptFactory()
    entry = factories.TimelineEntryFactory(profile__display_name="Andrei Loshak")
    factories.cite(entry, excerpt)
    return entry.profile


@pytest.fixture
def redis_cache(settings):
    """Point the default cache at Redis for one test; yields (cache settings, a raw Redis client)."""
    import redis

    client = redis.Redis.from_url(TEST_REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"Needs Redis at {TEST_REDIS_URL} (set TEST_REDIS_URL); CI always has it.")
    config = {
        "BACKEND": "exodus.cache.PooledRedisCache",
        "LOCATION": TEST_REDIS_URL,
        "KEY_PREFIX": f"exodus-test-{uuid.uuid4().hex}",
    }
    settings.CACHES = {"default": config}
    yield config, client
    keys = list(client.scan_iter(match=f"{config['KEY_PREFIX']}:*"))
    if keys:
        client.delete(*keys)
    client.close()
