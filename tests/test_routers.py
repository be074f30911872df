"""The database router sends public reads to the replica and everything else to the primary."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

from api.models import ApiKey
from exodus.routers import PublicReadsMiddleware, ReplicaRouter, wait_for_replica
from profiles.models import BakedProfile, Profile, PublicProfile
from sources.models import Excerpt

router = ReplicaRouter()


@pytest.fixture
def replica(monkeypatch):
    """As with DATABASE_REPLICA_URL set."""
    monkeypatch.setattr("exodus.routers.replica_configured", lambda: True)


def routed(path: str, method: str = "get") -> dict[str, str]:
    """Where each model's reads go while the middleware handles a request for `path`."""
    seen = {}

    def view(request):
        for model in (PublicProfile, BakedProfile, Profile, Excerpt, ApiKey, get_user_model()):
            seen[model.__name__] = router.db_for_read(model)
        return HttpResponse()

    PublicReadsMiddleware(view)(getattr(RequestFactory(), method)(path))
    return seen


def test_public_get_requests_read_the_public_record_from_the_replica(replica):
    for path in ("/", "/profiles/someone/", "/api/v1/profiles/", "/api/v1/export.jsonl"):
        seen = routed(path)
        assert seen["PublicProfile"] == seen["BakedProfile"] == seen["Excerpt"] == "replica", path
        # What must be current for a public request: partner keys (a revoked key), users.
        assert seen["ApiKey"] == seen["User"] == "default", path


def test_the_admin_and_every_write_use_the_primary(replica):
    assert set(routed("/admin/profiles/profile/").values()) == {"default"}
    assert set(routed("/profiles/someone/", method="post").values()) == {"default"}
    for model in (PublicProfile, Profile, ApiKey):
        assert router.db_for_write(model) == "default"
    assert router.allow_migrate("default", "profiles") and not router.allow_migrate("replica", "profiles")


def test_outside_a_request_everything_reads_the_primary(replica):
    # Workflow actions, commands, the scheduler, baking: never a possibly lagging replica.
    assert router.db_for_read(PublicProfile) == "default"


def test_without_a_replica_public_reads_use_the_primary():
    assert set(routed("/profiles/someone/").values()) == {"default"}


@pytest.mark.django_db
def test_waiting_for_the_replica_returns_once_it_has_replayed_the_primary():
    # On the same server (no standby) there is nothing to wait for; on SQLite nothing to do.
    wait_for_replica(replica="default")
    assert connection.vendor in ("postgresql", "sqlite")
