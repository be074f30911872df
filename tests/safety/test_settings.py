"""Settings without footguns: nothing turns DEBUG on or the production checks off by itself."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from exodus.settings import development_environment
from tests.safety.processes import setting_in_fresh_process, start_django


def test_a_command_with_an_empty_environment_refuses_to_run_rather_than_run_in_debug_mode():
    """What cron gives `manage.py publish_scheduled`: no DEBUG, no SECRET_KEY."""
    env = {name: value for name, value in os.environ.items() if name in ("PATH", "HOME", "LANG")}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr
    assert "Traceback" not in result.stderr  # one line saying what to set


@pytest.mark.parametrize(
    ("missing", "message"),
    [("SECRET_KEY", "SECRET_KEY must be set"), ("ALLOWED_HOSTS", "ALLOWED_HOSTS must be set")],
)
def test_importing_pytest_does_not_switch_the_production_checks_off(missing, message):
    result = start_django(first="import pytest", CACHE_URL="redis://127.0.0.1:6379/0", **{missing: None})
    assert result.returncode != 0
    assert message in result.stderr


def test_importing_pytest_keeps_production_security_settings():
    code = "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    result = start_django(code, first="import pytest", CACHE_URL="redis://127.0.0.1:6379/0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "31536000"]


def test_the_cache_refusal_holds_with_pytest_imported():
    result = start_django(first="import pytest", CACHE_URL="locmem://")
    assert result.returncode != 0
    assert "keeps a separate cache in each process" in result.stderr


def test_debug_is_off_unless_the_environment_turns_it_on():
    assert setting_in_fresh_process("DEBUG", DEBUG=None, CACHE_URL="redis://127.0.0.1:6379/0") == "False"


# The development .env file -------------------------------------------------------------------------


@pytest.fixture
def env_file(tmp_path):
    path = tmp_path / ".env"
    path.write_text(
        "# development\n\nDATABASE_URL=postgres://localhost/exodus\nexport SITE_URL='http://127.0.0.1:8000'\n"
        'CACHE_URL="redis://127.0.0.1:6379/1"\n',
        encoding="utf-8",
    )
    return path


def test_env_file_is_read_when_the_environment_has_debug_on(env_file):
    assert development_environment(env_file, {"DEBUG": "true"}) == {
        "DATABASE_URL": "postgres://localhost/exodus",
        "SITE_URL": "http://127.0.0.1:8000",
        "CACHE_URL": "redis://127.0.0.1:6379/1",
    }


@pytest.mark.parametrize("environ", [{}, {"DEBUG": ""}, {"DEBUG": "false"}], ids=["unset", "empty", "off"])
def test_env_file_is_never_read_with_debug_off(env_file, environ):
    assert development_environment(env_file, environ) == {}


def test_env_file_never_overrides_the_environment(env_file):
    values = development_environment(env_file, {"DEBUG": "true", "DATABASE_URL": "sqlite:///other"})
    assert "DATABASE_URL" not in values


def test_env_file_cannot_turn_debug_on(tmp_path):
    path = tmp_path / ".env"
    path.write_text("DEBUG=true\n", encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match="DEBUG comes from the environment"):
        development_environment(path, {"DEBUG": "true"})


def test_env_file_with_a_malformed_line_names_it(tmp_path):
    path = tmp_path / ".env"
    path.write_text("DATABASE_URL=x\nnot a setting\n", encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match=r"\.env:2: expected NAME=value"):
        development_environment(path, {"DEBUG": "true"})


def test_a_missing_env_file_is_fine(tmp_path):
    assert development_environment(tmp_path / ".env", {"DEBUG": "true"}) == {}
