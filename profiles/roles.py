"""The newsroom's roles as permission sets. The data migration creates the groups from this, and
the server checks these permissions on every workflow action."""

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
    ],
    ADMINISTRATOR: "__all__",
}
