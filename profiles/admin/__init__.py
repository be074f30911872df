"""The newsroom's admin: profiles and their workflow screens, shared objects (sources, excerpts,
figures), read-only histories, and staff sign-in. Importing the modules registers their admins."""

from profiles.admin import profiles, readonly, shared  # noqa: F401
