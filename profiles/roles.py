"""The newsroom's roles as permission sets, kept in the database by `sync_roles` (after every
`migrate`, and as `manage.py sync_roles`); the server checks these permissions on every action."""

from django.contrib.auth.models import Group, Permission

CONTRIBUTOR = "Contributor"
EDITOR = "Editor"
ADMINISTRATOR = "Administrator"

_EDITING = [
    "profiles.view_profile",
    "profiles.add_profile",
    "profiles.change_profile",
    "profiles.submit_profile",
    "profiles.view_timelineentry",
    "profiles.add_timelineentry",
    "profiles.change_timelineentry",
    "profiles.delete_timelineentry",
    "profiles.view_citation",
    "profiles.add_citation",
    "profiles.change_citation",
    "profiles.delete_citation",
    # Relations are part of a profile's working copy, edited and reviewed with it.
    "profiles.view_relation",
    "profiles.add_relation",
    "profiles.change_relation",
    "profiles.delete_relation",
    "profiles.view_relationcitation",
    "profiles.add_relationcitation",
    "profiles.change_relationcitation",
    "profiles.delete_relationcitation",
    "profiles.view_category",
    "profiles.view_profileversion",
    "profiles.view_slughistory",
    "sources.view_source",
    "sources.add_source",
    "sources.change_source",
    "sources.view_outlet",
    "sources.add_outlet",
    "sources.change_outlet",
    "sources.view_excerpt",
    "sources.add_excerpt",
    "sources.change_excerpt",
    "sources.view_aggregatefigure",
    "sources.add_aggregatefigure",
    "sources.change_aggregatefigure",
]

ROLE_PERMISSIONS = {
    CONTRIBUTOR: _EDITING,
    EDITOR: [
        *_EDITING,
        "profiles.review_profile",
        "profiles.publish_profile",
        "profiles.withdraw_profile",
        "profiles.revert_profile",
        "profiles.redact_profile",
        "profiles.delete_profile",
        "profiles.add_category",
        "profiles.change_category",
        "profiles.view_workflowevent",
        "profiles.add_slughistory",
        "profiles.change_slughistory",
        "profiles.delete_slughistory",
        "sources.delete_excerpt",
        "sources.delete_source",
        "sources.delete_aggregatefigure",
        "sources.publish_aggregatefigure",
        "profiles.view_sharedevent",
    ],
    # Every permission of the project's own apps and of user management, whatever models exist when
    # the roles are synced (not when a migration once ran).
    ADMINISTRATOR: "__all__",
}
# Staff accounts too: administrators delete a lost two-factor device and lift a login lockout.
ADMINISTRATOR_APPS = ("profiles", "sources", "api", "auth", "otp_totp", "axes")


def sync_roles() -> None:
    """Make each role's group hold exactly its permissions. Idempotent."""
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        if codenames == "__all__":
            group.permissions.set(Permission.objects.filter(content_type__app_label__in=ADMINISTRATOR_APPS))
            continue
        wanted = []
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            wanted.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)


def users_with(*permissions: str):
    """Active staff who hold every one of `permissions` (through a role, directly, or as superusers)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    users = User.objects.filter(is_active=True, is_staff=True)
    for permission in permissions:
        # Several authentication backends are configured (login lockouts first): ask the one that
        # knows permissions.
        users = users & User.objects.with_perm(permission, backend="django.contrib.auth.backends.ModelBackend")
    return users
