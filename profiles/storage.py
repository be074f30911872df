"""The two places portrait files live.

- Private (`PRIVATE_MEDIA_ROOT`, the "private" storage): every original and every rendition, from
  the moment it is uploaded. No URL leads here; staff see drafts through an admin view.
- Public (`MEDIA_ROOT`, the default storage, served under `MEDIA_URL`): copies of the renditions a
  live profile's versions show, put there by `profiles.workflow.portrait_files`. Never an original.
"""

from functools import cached_property

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, default_storage, storages


class PrivateMediaStorage(FileSystemStorage):
    """A file system storage under PRIVATE_MEDIA_ROOT that refuses to make URLs."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    # Readable by the app's user only: even a web server misconfigured to alias this directory
    # (running as its own user) could not read the files.
    @cached_property
    def file_permissions_mode(self):
        return self._value_or_setting(self._file_permissions_mode, 0o600)

    @cached_property
    def directory_permissions_mode(self):
        return self._value_or_setting(self._directory_permissions_mode, 0o700)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        # Failing here is the point: no template, serializer or widget can link to a private file by
        # accident; the only way to show one is the staff-only admin view.
        raise ValueError(f"{name} is in private storage and has no public URL.")


def private_storage() -> Storage:
    """Callable for `Profile.portrait`, so tests and deployments can swap the storage in settings."""
    return storages["private"]


def public_storage() -> Storage:
    return default_storage
