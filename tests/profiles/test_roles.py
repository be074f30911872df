"""The roles as plain staff users in their groups (no superuser anywhere), and the groups as
`profiles.roles.ROLE_PERMISSIONS` says after every migrate."""

import io

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.urls import reverse

from profiles import roles
from tests import factories

pytestmark = pytest.mark.django_db

ADMIN_CHANGELISTS = sorted(
    reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") for model in admin.site._registry
)


def held(group_name: str) -> set[str]:
    return {
        f"{app_label}.{codename}"
        for app_label, codename in Group.objects.get(name=group_name).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def wanted(role: str) -> set[str]:
    if roles.ROLE_PERMISSIONS[role] == "__all__":
        return {
            f"{app_label}.{codename}"
            for app_label, codename in Permission.objects.filter(
                content_type__app_label__in=roles.ADMINISTRATOR_APPS
            ).values_list("content_type__app_label", "codename")
        }
    return set(roles.ROLE_PERMISSIONS[role])


@pytest.mark.parametrize("role", list(roles.ROLE_PERMISSIONS))
def test_after_migrate_each_group_holds_exactly_its_role_permissions(role):
    # The test database was built by migrate, whose post_migrate handler synced the roles.
    assert held(role) == wanted(role)


def test_the_administrator_group_holds_every_permission_of_the_project_apps():
    permissions = held(roles.ADMINISTRATOR)
    for app_label in ("profiles", "sources", "api", "auth"):
        assert {p for p in permissions if p.startswith(f"{app_label}.")} >= {
            f"{app_label}.{codename}"
            for codename in Permission.objects.filter(content_type__app_label=app_label).values_list(
                "codename", flat=True
            )
        }


def test_sync_roles_repairs_a_group_and_changes_nothing_more_when_run_again(capsys):
    editors = Group.objects.get(name=roles.EDITOR)
    editors.permissions.remove(Permission.objects.get(codename="publish_profile"))
    editors.permissions.add(Permission.objects.get(codename="delete_apikey"))
    call_command("sync_roles")
    assert held(roles.EDITOR) == wanted(roles.EDITOR)
    call_command("sync_roles")
    assert {role: held(role) for role in roles.ROLE_PERMISSIONS} == {
        role: wanted(role) for role in roles.ROLE_PERMISSIONS
    }
    assert "Synced roles: Contributor, Editor, Administrator." in capsys.readouterr().out


@pytest.mark.parametrize("make", [factories.contributor, factories.editor, factories.administrator])
def test_role_users_in_tests_are_plain_staff_members_of_one_group(make):
    user = make()
    assert user.is_staff and not user.is_superuser
    assert user.groups.count() == 1


def test_a_plain_administrator_opens_every_admin_list(client, administrator):
    client.force_login(administrator)
    statuses = {url: client.get(url).status_code for url in ADMIN_CHANGELISTS}
    assert statuses == dict.fromkeys(ADMIN_CHANGELISTS, 200)


def test_a_plain_administrator_manages_staff_accounts_and_partner_keys(client, administrator):
    client.force_login(administrator)
    for url in ("/admin/auth/user/add/", "/admin/api/apikey/add/", "/admin/auth/group/add/"):
        assert client.get(url).status_code == 200, url
    editor = factories.editor()
    assert client.get(f"/admin/auth/user/{editor.pk}/change/").status_code == 200


# Pages each role may not open: the newsroom's own work is open to all three roles, keys, staff
# accounts and sign-in records only to administrators.
ADMINISTRATORS_ONLY = [
    "/admin/api/apikey/",
    "/admin/auth/user/",
    "/admin/auth/group/",
    "/admin/otp_totp/totpdevice/",
    "/admin/axes/accessattempt/",
]
EVERY_ROLE = ["/admin/", "/admin/profiles/profile/", "/admin/profiles/profile/add/", "/admin/sources/source/"]


@pytest.mark.parametrize("make", [factories.contributor, factories.editor], ids=["contributor", "editor"])
def test_contributors_and_editors_cannot_open_keys_or_staff_accounts(client, make):
    client.force_login(make())
    assert {url: client.get(url).status_code for url in ADMINISTRATORS_ONLY} == dict.fromkeys(ADMINISTRATORS_ONLY, 403)


@pytest.mark.parametrize(
    "make", [factories.contributor, factories.editor, factories.administrator], ids=["contributor", "editor", "admin"]
)
def test_every_role_opens_the_newsrooms_pages(client, make):
    client.force_login(make())
    assert {url: client.get(url).status_code for url in EVERY_ROLE} == dict.fromkeys(EVERY_ROLE, 200)


def test_only_editors_and_administrators_see_the_workflow_log(client):
    url = "/admin/profiles/workflowevent/"
    codes = []
    for make in (factories.contributor, factories.editor, factories.administrator):
        client.force_login(make())
        codes.append(client.get(url).status_code)
    assert codes == [403, 200, 200]


def test_the_demo_accounts_are_plain_staff_users_one_per_role(settings):
    settings.DEBUG = True
    call_command("load_demo", "--no-corpus", stdout=io.StringIO())
    users = {user.username: user for user in get_user_model().objects.prefetch_related("groups")}
    assert {name: [g.name for g in users[name].groups.all()] for name in users} == {
        "admin": [roles.ADMINISTRATOR],
        "editor": [roles.EDITOR],
        "editor2": [roles.EDITOR],
        "contributor": [roles.CONTRIBUTOR],
    }
    assert all(user.is_staff and not user.is_superuser for user in users.values())


def test_the_demo_accounts_are_refused_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="runs only with DEBUG=true"):
        call_command("load_demo", "--no-corpus")
