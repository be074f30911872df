"""Past one database server: public reads from a read replica (`DATABASE_REPLICA_URL`).

- `PublicReadsMiddleware` marks GET and HEAD requests outside /admin/ (the reader site and the
  API) as public reads, for the length of the request.
- `ReplicaRouter` sends the reads of a public request for the public record (the profiles and
  sources apps: the public index, live versions, stored pages) to the replica; everything else
  goes to the primary: every write, the admin, workflow actions, commands, and the rows a public
  request must see current (partner keys, sessions, login lockouts).
- `wait_for_replica` is called after every public change commits, before the change purges the
  cache and returns (profiles.workflow.guards.after_public_change): a withdrawal or redaction
  reports success only once the replica serves it too, so no page can be rendered, or cached under
  the new generation, from a replica that still has the old state.
"""

import time
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
PUBLIC_APPS = {"profiles", "sources"}
_public_read: ContextVar[bool] = ContextVar("exodus_public_read", default=False)


class ReplicaLagError(RuntimeError):
    """The replica did not replay a public change in time; the change is committed on the primary."""


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class PublicReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public = request.method in ("GET", "HEAD") and not request.path.startswith("/admin/")
        token = _public_read.set(public)
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _public_read.get() and model._meta.app_label in PUBLIC_APPS and replica_configured():
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two servers

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def wait_for_replica(*, timeout: float = 10.0, primary: str = "default", replica: str = REPLICA) -> None:
    """Return once `replica` has replayed everything `primary` has committed so far."""
    if replica not in connections.databases or connections[primary].vendor != "postgresql":
        return
    with connections[primary].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (lsn,) = cursor.fetchone()
    deadline = time.monotonic() + timeout
    while True:
        with connections[replica].cursor() as cursor:
            # NULL: not a standby (the same server, as in tests): nothing to wait for.
            cursor.execute("SELECT pg_last_wal_replay_lsn() IS NULL OR pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            (caught_up,) = cursor.fetchone()
        if caught_up:
            return
        if time.monotonic() > deadline:
            raise ReplicaLagError(f"The read replica has not replayed {lsn} after {timeout:.0f} s.")
        time.sleep(0.005)
