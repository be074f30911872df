"""Settings for the test suite (pyproject.toml points pytest-django here).

Production's settings, DEBUG off, with every check settings.py makes at start-up: the run supplies
the variables production must set, then swaps in what a test needs (a per-process cache, plain
static files, plain HTTP) and what makes it fast (a cheap password hasher, mail kept in memory).
"""

import os
from unittest import mock

# Only for the import: the values settings.py requires with DEBUG off, unless the environment has
# them. Processes a test starts (tests/safety/processes.py) do not inherit them.
TEST_ENVIRONMENT = {
    "SECRET_KEY": "tests-only-secret-key-never-used-elsewhere-0123456789abcdefghij",
    "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    "SITE_URL": "http://127.0.0.1:8000",
    # Passes the shared-cache check; CACHES below replaces it, and nothing connects to it.
    "CACHE_URL": "redis://127.0.0.1:6379/5",
}
with mock.patch.dict(os.environ, {name: value for name, value in TEST_ENVIRONMENT.items() if not os.environ.get(name)}):
    from exodus.settings import *  # noqa: F403
    from exodus.settings import STORAGES

# One cache per test process, emptied before each test (tests/conftest.py); the tests of the
# shared cache point it at Redis themselves (the redis_cache fixture).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "exodus-tests"}}
# The test client speaks plain HTTP and nothing runs collectstatic first.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
