"""Who can fetch a portrait file, through the URLs `runserver` serves with DEBUG on.

Public media holds only the renditions some public version shows (every version of a live profile:
the API serves old ones). Originals and drafts' files stay in private storage, which no URL reaches.
"""

import importlib

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.test import Client
from django.urls import clear_url_caches, get_resolver

import exodus.urls
from exodus.settings import require_separate_dirs
from profiles.imaging import image_metadata_problems
from profiles.storage import private_storage
from profiles.workflow import publish_profile, record_edit, withdraw_profile
from profiles.workflow.portrait_files import copy_portrait_files, remove_unshown_portrait_files, rendition_names
from tests.images import clean_image, phone_photo, upload
from tests.public.builders import build_profile
from tests.test_helpers import profile_change_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_served(settings):
    """The project's URLs as built with DEBUG on: exodus/urls.py adds the /media/ route then."""
    settings.DEBUG = True
    importlib.reload(exodus.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(exodus.urls)
    clear_url_caches()


def upload_portrait(profile, editor, data: bytes, image_format="JPEG"):
    """Through the real admin change form, as a logged-in editor."""
    client = Client()
    client.force_login(editor)
    response = client.post(
        f"/admin/profiles/profile/{profile.pk}/change/",
        profile_change_form(profile, portrait=upload(data, image_format), portrait_alt="Portrait"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    profile.refresh_from_db()
    return profile


def publish(profile, editor, django_capture_on_commit_callbacks, note="Published"):
    with django_capture_on_commit_callbacks(execute=True):
        version = publish_profile(profile, actor=editor, change_note=note)
    profile.refresh_from_db()
    return version


def fetch(client, name: str):
    """Status and body of /media/<name>."""
    response = client.get(settings.MEDIA_URL + name)
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response.status_code, body


def renditions(profile) -> list[str]:
    return sorted(profile.portrait_renditions.values())


def public_files() -> list[str]:
    return sorted(str(p.relative_to(settings.MEDIA_ROOT)) for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())


def test_a_draft_portrait_is_unreachable_anonymously_at_any_url(media_served, client, editor):
    profile = upload_portrait(build_profile(name="Draft Person"), editor, phone_photo("JPEG"))
    private = settings.PRIVATE_MEDIA_ROOT.name
    assert private_storage().exists(profile.portrait.name)

    for name in [profile.portrait.name, *renditions(profile)]:
        assert fetch(client, name)[0] == 404, name
        for escape in (f"../{private}/{name}", f"%2e%2e/{private}/{name}", f"..%2f{private}/{name}"):
            assert fetch(client, escape)[0] in {400, 404}, escape
        assert client.get(f"/{private}/{name}").status_code == 404
    preview = client.get(f"/admin/profiles/profile/{profile.pk}/portrait/320/")
    assert preview.status_code == 302 and preview["Location"].startswith("/admin/login/")
    assert client.get(f"/profiles/{profile.slug}/").status_code == 404
    assert client.get(f"/api/v1/profiles/{profile.slug}/").status_code == 404
    assert public_files() == []


def test_publishing_makes_the_renditions_reachable_and_never_the_original(
    media_served, client, editor, django_capture_on_commit_callbacks
):
    profile = upload_portrait(build_profile(name="Published Person"), editor, phone_photo("PNG"), "PNG")
    publish(profile, editor, django_capture_on_commit_callbacks)

    assert public_files() == renditions(profile)
    for name in renditions(profile):
        status, body = fetch(client, name)
        assert status == 200 and body == private_storage().open(name).read()
        assert image_metadata_problems(settings.MEDIA_ROOT / name) == []
    assert fetch(client, profile.portrait.name)[0] == 404
    # The page and the API link to exactly these files.
    api = client.get(f"/api/v1/profiles/{profile.slug}/").json()["portrait"]["renditions"]
    assert sorted(r["url"].removeprefix(settings.SITE_URL + settings.MEDIA_URL) for r in api) == renditions(profile)
    page = client.get(f"/profiles/{profile.slug}/").content.decode()
    assert all(settings.MEDIA_URL + name in page for name in renditions(profile))
    assert profile.portrait.name not in page


def test_renditions_become_public_only_once_the_publication_commits(editor, django_capture_on_commit_callbacks):
    profile = upload_portrait(build_profile(name="Careful Person"), editor, clean_image("JPEG"))
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            publish_profile(profile, actor=editor, change_note="First")
            raise RuntimeError("the publication fails after indexing")
    assert public_files() == []  # rolled back: nothing of it became public

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish_profile(profile, actor=editor, change_note="First")
        assert public_files() == []
    for callback in callbacks:
        callback()
    assert public_files() == renditions(profile)


def test_withdrawing_takes_the_renditions_down_before_withdraw_profile_returns(
    media_served, client, editor, django_capture_on_commit_callbacks
):
    profile = upload_portrait(build_profile(name="Endangered Person"), editor, phone_photo("JPEG"))
    publish(profile, editor, django_capture_on_commit_callbacks)
    assert all(fetch(client, name)[0] == 200 for name in renditions(profile))

    # No on_commit callback runs here (the test's transaction never commits): the files must
    # already be gone when the function returns.
    withdraw_profile(profile, actor=editor, reason="Safety: family still in Russia")
    assert public_files() == []
    assert all(fetch(client, name)[0] == 404 for name in renditions(profile))
    assert private_storage().exists(profile.portrait.name)  # kept privately: history and revert need it


def test_a_withdrawal_that_rolls_back_leaves_pictures_missing_not_leaked_until_published_again(
    editor, django_capture_on_commit_callbacks
):
    profile = upload_portrait(build_profile(name="Person"), editor, clean_image("JPEG"))
    publish(profile, editor, django_capture_on_commit_callbacks)
    with pytest.raises(RuntimeError), transaction.atomic():
        withdraw_profile(profile, actor=editor, reason="Safety")
        raise RuntimeError("something after the removal fails")
    profile.refresh_from_db()
    assert profile.live_version_id and public_files() == []  # broken images, never a leak
    publish(profile, editor, django_capture_on_commit_callbacks, note="Republished")
    assert public_files() == renditions(profile)


def test_a_replaced_portrait_stays_public_while_a_public_version_shows_it(
    media_served, client, editor, django_capture_on_commit_callbacks
):
    profile = upload_portrait(build_profile(name="Changing Person"), editor, clean_image("JPEG", color=(200, 0, 0)))
    publish(profile, editor, django_capture_on_commit_callbacks)
    old = renditions(profile)

    profile = upload_portrait(profile, editor, clean_image("JPEG", color=(0, 200, 0)))
    new = renditions(profile)
    assert set(old).isdisjoint(new)
    # A draft's new portrait is private; the live version still shows the old one.
    assert all(fetch(client, name)[0] == 404 for name in new)
    assert all(fetch(client, name)[0] == 200 for name in old)

    publish(profile, editor, django_capture_on_commit_callbacks, note="New portrait")
    assert all(fetch(client, name)[0] == 200 for name in new)
    # The API still serves version 1 as it was published, so its pictures stay reachable.
    for number, names in [(1, old), (2, new)]:
        version = client.get(f"/api/v1/profiles/{profile.slug}/versions/{number}/").json()
        urls = [
            r["url"].removeprefix(settings.SITE_URL + settings.MEDIA_URL) for r in version["portrait"]["renditions"]
        ]
        assert sorted(urls) == names
        assert all(fetch(client, name)[0] == 200 for name in urls)
    page = client.get(f"/profiles/{profile.slug}/").content.decode()
    assert not any(name in page for name in old)

    withdraw_profile(profile, actor=editor, reason="Withdrawn")
    assert public_files() == []
    # Published again, its whole history is public again, old pictures included.
    record_edit(profile, actor=editor)
    publish(profile, editor, django_capture_on_commit_callbacks, note="Back")
    assert public_files() == sorted(old + new)


def test_renditions_no_public_version_shows_any_more_are_swept(editor, django_capture_on_commit_callbacks):
    profile = upload_portrait(build_profile(name="Redacted Person"), editor, clean_image("JPEG", color=(200, 0, 0)))
    first = publish(profile, editor, django_capture_on_commit_callbacks)
    old = renditions(profile)
    profile = upload_portrait(profile, editor, clean_image("JPEG", color=(0, 200, 0)))
    publish(profile, editor, django_capture_on_commit_callbacks, note="New portrait")
    # As a redaction would: version 1 no longer shows its portrait. A stray original (stored
    # before originals were kept privately) is there too.
    first.snapshot = {**first.snapshot, "portrait": None}
    first.save(update_fields=["snapshot"])
    stray = "portraits/legacy-original.jpg"
    (settings.MEDIA_ROOT / stray).write_bytes(phone_photo("JPEG"))

    removed = remove_unshown_portrait_files()
    assert sorted(removed) == sorted([*old, stray])
    assert public_files() == renditions(profile)
    # Nothing lost: the stray original, which private storage lacked, was moved there, cleaned.
    assert image_metadata_problems(settings.PRIVATE_MEDIA_ROOT / stray) == []
    assert all(private_storage().exists(name) for name in old)


def test_a_picture_two_live_profiles_share_stays_public_while_either_shows_it(
    editor, django_capture_on_commit_callbacks
):
    photo = clean_image("JPEG", color=(10, 10, 10))
    band = upload_portrait(build_profile(name="The Band", kind="group"), editor, photo)
    singer = upload_portrait(build_profile(name="The Singer"), editor, photo)
    assert renditions(band) == renditions(singer)
    publish(band, editor, django_capture_on_commit_callbacks)
    publish(singer, editor, django_capture_on_commit_callbacks)

    withdraw_profile(band, actor=editor, reason="Band split")
    assert public_files() == renditions(singer)
    withdraw_profile(singer, actor=editor, reason="Safety")
    assert public_files() == []


def test_a_file_with_metadata_in_private_storage_is_never_published(editor, django_capture_on_commit_callbacks, caplog):
    profile = upload_portrait(build_profile(name="Legacy Person"), editor, clean_image("JPEG"))
    dirty = renditions(profile)[0]
    # A rendition made before uploads were cleaned, say: it still carries the phone's metadata.
    private_storage().delete(dirty)
    private_storage().save(dirty, upload(phone_photo("JPEG")))
    missing = renditions(profile)[1]
    private_storage().delete(missing)

    publish(profile, editor, django_capture_on_commit_callbacks)
    assert public_files() == [renditions(profile)[2]]
    assert f"Not publishing portrait file {dirty}" in caplog.text
    assert f"Portrait file {missing} is missing" in caplog.text
    assert copy_portrait_files(profile.pk) == []  # idempotent: nothing more to copy


def _served_directories(patterns) -> list:
    found = []
    for pattern in patterns:
        if "document_root" in getattr(pattern, "default_args", {}):
            found.append(pattern.default_args["document_root"])
        found += _served_directories(getattr(pattern, "url_patterns", []))
    return found


def test_only_the_public_media_root_is_routed(media_served):
    assert _served_directories(get_resolver().url_patterns) == [settings.MEDIA_ROOT]


def test_a_private_media_root_nested_in_a_served_directory_is_refused(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="PRIVATE_MEDIA_ROOT and MEDIA_ROOT"):
        require_separate_dirs(tmp_path / "media" / "private", MEDIA_ROOT=tmp_path / "media")
    with pytest.raises(ImproperlyConfigured, match="STATIC_ROOT"):
        require_separate_dirs(tmp_path / "var", STATIC_ROOT=tmp_path / "var" / "static")
    require_separate_dirs(tmp_path / "private-media", MEDIA_ROOT=tmp_path / "media", STATIC_ROOT=tmp_path / "static")


def test_rendition_names_are_found_under_any_media_url_and_nothing_else_is():
    portrait = {
        "renditions": [
            {"width": 320, "url": "/media/portraits/renditions/0123456789abcdef-320.jpg"},
            {"width": 640, "url": "https://cdn.example/m/portraits/renditions/0123456789abcdef-640.jpg"},
            {"width": 1, "url": "/media/portraits/original.jpg"},
            {"width": 2, "url": "/media/portraits/renditions/../original.jpg"},
            {"width": 3, "url": "/media/portraits/renditions/sub/x.jpg"},
            {"width": 4, "url": "https://elsewhere.example/picture.jpg"},
        ]
    }
    assert rendition_names(portrait) == {
        "portraits/renditions/0123456789abcdef-320.jpg",
        "portraits/renditions/0123456789abcdef-640.jpg",
    }
    assert rendition_names(None) == set()
