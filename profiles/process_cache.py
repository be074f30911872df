"""Values built from the profiles table and kept for the life of a process until the table changes:
the mention finder's name matcher and the similar-name check's keys. One aggregate query (the
stamp) tells whether they still hold."""

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from django.db.models import Count, Max

from profiles.models import Profile

T = TypeVar("T")


def profiles_stamp() -> tuple:
    """Changes whenever a profile is added, deleted or saved (a save touches updated_at)."""
    stamp = Profile.objects.aggregate(count=Count("pk"), latest=Max("updated_at"), highest=Max("pk"))
    return stamp["count"], stamp["latest"], stamp["highest"]


class PerProcess(Generic[T]):
    """`build()`'s result, reused while the stamp holds and built again when it changes — under a
    lock, so that concurrent requests do not build it twice."""

    def __init__(self, build: Callable[[], T]):
        self._build = build
        self._lock = threading.Lock()
        self.cached: tuple[tuple, T] | None = None

    def get(self) -> T:
        stamp = profiles_stamp()
        cached = self.cached
        if cached is not None and cached[0] == stamp:
            return cached[1]
        with self._lock:
            if self.cached is not None and self.cached[0] == stamp:
                return self.cached[1]
            value = self._build()
            self.cached = (stamp, value)
            return value

    def clear(self) -> None:
        with self._lock:
            self.cached = None
