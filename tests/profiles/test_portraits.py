import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image, ImageCms

from profiles.imaging import image_metadata_problems, make_renditions, validate_portrait
from profiles.models import Profile
from profiles.storage import private_storage
from tests import factories
from tests.images import clean_image, phone_photo, upload
from tests.test_helpers import profile_change_form, profile_form


def _image(width=800, height=1000, fmt="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (120, 30, 30)).save(buffer, fmt)
    return SimpleUploadedFile(f"p.{fmt.lower()}", buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def test_a_real_image_is_accepted():
    validate_portrait(_image())


def test_a_non_image_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError, match="not an image"):
        validate_portrait(SimpleUploadedFile("cv.png", b"%PDF-1.4 not an image", content_type="image/png"))


def test_an_oversized_file_is_refused(settings):
    settings.PORTRAIT_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="limit is"):
        validate_portrait(_image())


def test_a_decompression_bomb_is_refused_before_decoding(settings):
    settings.PORTRAIT_MAX_PIXELS = 1_000_000
    # A tiny PNG whose header claims 20000×20000 pixels: refused on the header alone.
    with pytest.raises(ValidationError, match="pixels"):
        validate_portrait(_image(2000, 2000))
    bomb = _image(1, 1)
    data = bytearray(bomb.read())
    data[16:24] = (30000).to_bytes(4, "big") + (30000).to_bytes(4, "big")  # IHDR width/height
    with pytest.raises(ValidationError):
        validate_portrait(SimpleUploadedFile("bomb.png", bytes(data), content_type="image/png"))


def test_a_gif_is_refused():
    with pytest.raises(ValidationError, match="GIF images are not accepted"):
        validate_portrait(_image(fmt="GIF"))


@pytest.mark.django_db
def test_renditions_are_made_at_each_width(settings):
    renditions = make_renditions(_image(2000, 2500))
    assert set(renditions) == {"320", "640", "1024"}
    with private_storage().open(renditions["320"]) as f, Image.open(f) as small:
        assert small.width == 320


@pytest.mark.django_db
def test_admin_upload_of_a_non_image_shows_an_error_and_saves_nothing(admin_client):
    data = profile_form("Zemfira")
    data["portrait"] = SimpleUploadedFile("zemfira.jpg", b"<html>not an image</html>", content_type="image/jpeg")
    response = admin_client.post("/admin/profiles/profile/add/", data)
    assert response.status_code == 200
    assert not Profile.objects.exists()
    assert "image" in response.content.decode().lower()


@pytest.mark.django_db
def test_admin_upload_of_a_portrait_makes_renditions_and_preview(admin_client):
    data = profile_form("Zemfira")
    data["portrait"] = _image(1200, 1500, "JPEG")
    response = admin_client.post("/admin/profiles/profile/add/", data)
    assert response.status_code == 302
    profile = Profile.objects.get()
    assert set(profile.portrait_renditions) == {"320", "640", "1024"}
    page = admin_client.get(f"/admin/profiles/profile/{profile.pk}/change/").content.decode()
    # The draft's files are private: the preview is served by the admin, not under /media/.
    preview = f"/admin/profiles/profile/{profile.pk}/portrait/320/"
    assert f'src="{preview}"' in page
    assert "/media/" not in page
    with Image.open(io.BytesIO(b"".join(admin_client.get(preview).streaming_content))) as shown:
        assert shown.width == 320


# --- What is stored: upright, and nothing but pixels -----------------------------------------

LEAKY_BYTES = [b"Rustaveli", b"Tbilisi", b"PhoneMaker", b"GPS", b"xmpmeta", b"Exif"]


def _stored_files(settings) -> list:
    return sorted(p for p in settings.PRIVATE_MEDIA_ROOT.rglob("*") if p.is_file())


def _upload_new_profile(user, data, image_format):
    client = Client()
    client.force_login(user)
    response = client.post("/admin/profiles/profile/add/", profile_form("Zemfira", portrait=upload(data, image_format)))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Profile.objects.get(display_name="Zemfira")


@pytest.mark.django_db
@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_an_uploaded_phone_photo_is_stored_upright_with_no_metadata_left(editor, settings, image_format):
    dirty = phone_photo(image_format)
    assert {"EXIF GPS position", "XMP metadata with a GPS position"} <= set(image_metadata_problems(io.BytesIO(dirty)))
    profile = _upload_new_profile(editor, dirty, image_format)

    stored = _stored_files(settings)
    original = settings.PRIVATE_MEDIA_ROOT / profile.portrait.name
    renditions = [settings.PRIVATE_MEDIA_ROOT / name for name in profile.portrait_renditions.values()]
    assert sorted([original, *renditions]) == stored  # the original and three renditions, nothing else
    for path in stored:
        assert image_metadata_problems(path) == [], path.name
        raw = path.read_bytes()
        assert not [leak for leak in LEAKY_BYTES if leak in raw], path.name
        with Image.open(path) as image:
            assert not set(image.info) & {"exif", "xmp", "comment", "XML:com.adobe.xmp", "Comment", "Location"}
            assert not image.getexif()
            assert image.height > image.width  # 400×300 pixels shown turned: 300 wide, 400 high
            # Turned clockwise, the red block stored top-left is now top-right.
            top_right = image.convert("RGB").getpixel((image.width - 5, 5))
            top_left = image.convert("RGB").getpixel((5, 5))
            assert top_right[0] > 150 and top_right[2] < 100, top_right
            assert top_left[2] > 150, top_left
    with Image.open(original) as image:
        assert (image.format, image.size) == (image_format, (300, 400))
    assert not (settings.MEDIA_ROOT / "portraits").exists()  # a draft: nothing public


@pytest.mark.django_db
def test_private_files_are_readable_by_the_app_user_only(editor, settings):
    _upload_new_profile(editor, clean_image("JPEG"), "JPEG")
    for path in _stored_files(settings):
        assert path.stat().st_mode & 0o777 == 0o600, path
    assert (settings.PRIVATE_MEDIA_ROOT / "portraits").stat().st_mode & 0o777 == 0o700


@pytest.mark.django_db
def test_the_uploaded_file_name_is_not_kept(editor):

    profile = _upload_new_profile(editor, phone_photo("JPEG"), "JPEG")
    # "IMG_2041_tbilisi_flat.jpg" names a place; the stored name is a hash of the cleaned image.
    assert "tbilisi" not in profile.portrait.name
    assert re.fullmatch(r"portraits/[0-9a-f]{16}\.jpg", profile.portrait.name)


@pytest.mark.django_db
def test_the_kept_original_keeps_its_colour_profile_and_high_quality(editor, settings):

    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    Image.new("RGB", (600, 800), (10, 120, 200)).save(buffer, "JPEG", icc_profile=srgb, quality=98)
    profile = _upload_new_profile(editor, buffer.getvalue(), "JPEG")
    with Image.open(settings.PRIVATE_MEDIA_ROOT / profile.portrait.name) as original:
        # The colour profile describes the display, not the picture: kept, so colours stay true.
        assert original.info.get("icc_profile") == srgb
        assert original.getpixel((300, 400)) == pytest.approx((10, 120, 200), abs=3)


# --- Checking any file for metadata -----------------------------------------------------------


@pytest.mark.parametrize(
    ("image_format", "expected"),
    [
        ("JPEG", ["EXIF metadata", "EXIF GPS position", "XMP metadata with a GPS position", "JPEG comment", "IPTC"]),
        ("PNG", ["PNG text chunk tEXt 'Comment'", "PNG text chunk tEXt 'Location'", "XMP", "EXIF GPS position"]),
        ("WEBP", ["EXIF metadata", "EXIF GPS position", "XMP metadata with a GPS position"]),
    ],
)
def test_metadata_problems_names_everything_a_phone_photo_carries(image_format, expected):

    problems = image_metadata_problems(io.BytesIO(phone_photo(image_format)))
    for name in expected:
        assert any(name in problem for problem in problems), (name, problems)


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_metadata_problems_is_empty_for_a_clean_file_on_disk(tmp_path, image_format):

    path = tmp_path / f"clean.{image_format.lower()}"
    path.write_bytes(clean_image(image_format))
    assert image_metadata_problems(path) == []
    assert image_metadata_problems(str(path)) == []


def test_metadata_problems_flags_hidden_extras_and_non_images():

    jpeg = clean_image("JPEG")
    # An EXIF-less thumbnail or second image appended after the end of the picture (as phones do).
    assert "bytes of data after the end of the image" in image_metadata_problems(io.BytesIO(jpeg + jpeg))[0]
    c2pa = jpeg[:2] + b"\xff\xeb\x00\x06JUMB" + jpeg[2:]  # APP11: a C2PA manifest can hold a location
    assert image_metadata_problems(io.BytesIO(c2pa)) == ["JPEG application segment APP11"]
    assert image_metadata_problems(io.BytesIO(b"%PDF-1.4")) == ["not a JPEG, PNG or WebP image"]


# --- Refused uploads lose nothing -----------------------------------------------------------


@pytest.mark.django_db
def test_a_damaged_upload_is_refused_with_a_message_and_the_current_portrait_kept(editor, settings):

    profile = _upload_new_profile(editor, clean_image("JPEG"), "JPEG")
    kept = (profile.portrait.name, dict(profile.portrait_renditions))
    files = _stored_files(settings)
    client = Client()
    client.force_login(editor)
    truncated = clean_image("JPEG", color=(1, 2, 3))[:900]  # the header reads fine; the pixels do not
    response = client.post(
        f"/admin/profiles/profile/{profile.pk}/change/",
        profile_change_form(profile, portrait=upload(truncated, "JPEG")),
    )
    assert response.status_code == 200
    assert "The image file is damaged and cannot be read." in response.content.decode()
    profile.refresh_from_db()
    assert (profile.portrait.name, profile.portrait_renditions) == kept
    assert _stored_files(settings) == files  # nothing written, nothing removed


# --- The staff preview --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_preview_is_served_only_to_staff_who_may_view_the_profile(editor, contributor, settings):

    profile = _upload_new_profile(editor, clean_image("JPEG"), "JPEG")
    url = f"/admin/profiles/profile/{profile.pk}/portrait/320/"

    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/admin/login/")
    reader = factories.UserFactory(username="reader", is_staff=False)
    client = Client()
    client.force_login(reader)
    assert client.get(url).status_code == 302  # not staff: the admin's login page
    staff_without_role = factories.UserFactory(username="intern")
    staff_without_role.user_permissions.add(Permission.objects.get(codename="view_category"))
    client.force_login(staff_without_role)
    assert client.get(url).status_code == 403

    client.force_login(contributor)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert client.get(f"/admin/profiles/profile/{profile.pk}/portrait/999/").status_code == 404
    assert client.get(f"/admin/profiles/profile/{profile.pk + 1}/portrait/320/").status_code == 404


@pytest.mark.django_db
def test_the_change_form_links_the_current_portrait_to_the_staff_preview(editor):

    profile = _upload_new_profile(editor, clean_image("PNG"), "PNG")
    client = Client()
    client.force_login(editor)
    page = client.get(f"/admin/profiles/profile/{profile.pk}/change/").content.decode()
    assert (
        f'Currently: <a href="/admin/profiles/profile/{profile.pk}/portrait/1024/">{profile.portrait.name}</a>' in page
    )
    assert "/media/" not in page
