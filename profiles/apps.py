from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _sync_roles(sender, **kwargs) -> None:
    # migrate sends post_migrate once per app, in INSTALLED_APPS order, and each app's permissions
    # are created on its own signal: every permission the Administrator role holds (the api app's
    # come after profiles) exists only once the last app has had its turn.
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender is not last:
        return
    from profiles.roles import sync_roles

    sync_roles()


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = "Profiles and publishing"

    def ready(self) -> None:
        # After every migrate (and flush), the roles follow profiles.roles.
        post_migrate.connect(_sync_roles, dispatch_uid="profiles.sync_roles")
