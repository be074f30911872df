from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles(sender, **kwargs) -> None:
    from profiles.roles import sync_roles

    sync_roles()


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = "Profiles and publishing"

    def ready(self) -> None:
        # After every migrate (permissions are created by then), the roles follow profiles.roles.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="profiles.sync_roles")
