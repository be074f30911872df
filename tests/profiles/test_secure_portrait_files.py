"""Upgrading a site that stored portraits as uploaded, in the public MEDIA_ROOT."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from PIL import Image

from profiles.imaging import image_metadata_problems
from profiles.workflow import publish_profile
from tests.images import COMMENT, phone_photo
from tests.public.builders import build_profile

pytestmark = pytest.mark.django_db

ORIGINAL = "portraits/IMG_2041_tbilisi_flat.jpg"
SHOWN = "portraits/renditions/0123456789abcdef-320.jpg"
UNSHOWN = "portraits/renditions/fedcba9876543210-320.jpg"


def _files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def legacy_site(editor, django_capture_on_commit_callbacks):
    """What the old code left: the original with its GPS, and renditions carrying the JPEG comment
    (Pillow copied it from the original), all in MEDIA_ROOT; a published version showing one."""
    (settings.MEDIA_ROOT / "portraits" / "renditions").mkdir(parents=True)
    (settings.MEDIA_ROOT / ORIGINAL).write_bytes(phone_photo("JPEG"))
    for name in (SHOWN, UNSHOWN):
        buffer = io.BytesIO()
        Image.new("RGB", (320, 240), (90, 90, 90)).save(buffer, "JPEG", comment=COMMENT)
        (settings.MEDIA_ROOT / name).write_bytes(buffer.getvalue())
    profile = build_profile(name="Early Person")
    profile.portrait = ORIGINAL
    profile.portrait_renditions = {"320": SHOWN}
    profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        publish_profile(profile, actor=editor, change_note="First")  # finds no private files to copy
    return profile


def test_securing_an_old_site_keeps_every_file_privately_and_publishes_only_clean_shown_renditions(legacy_site):
    call_command("secure_portrait_files", stdout=io.StringIO())

    assert _files(settings.MEDIA_ROOT) == [SHOWN]
    assert _files(settings.PRIVATE_MEDIA_ROOT) == sorted([ORIGINAL, SHOWN, UNSHOWN])
    for path in [settings.MEDIA_ROOT / SHOWN, *[settings.PRIVATE_MEDIA_ROOT / n for n in (ORIGINAL, SHOWN, UNSHOWN)]]:
        assert image_metadata_problems(path) == [], path
    with Image.open(settings.PRIVATE_MEDIA_ROOT / ORIGINAL) as original:
        assert original.size == (300, 400)  # turned upright on the way


def test_securing_twice_changes_nothing_the_second_time(legacy_site):
    call_command("secure_portrait_files", stdout=io.StringIO())
    out = io.StringIO()
    call_command("secure_portrait_files", stdout=out)
    assert out.getvalue().strip() == "0 moved, 0 cleaned, 0 removed, 0 copied."
