"""Portrait uploads: only real, modest images get in; renditions are made for responsive pages."""

import hashlib
import io
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}


def validate_portrait(file) -> None:
    size = getattr(file, "size", None)
    if size is not None and size > settings.PORTRAIT_MAX_BYTES:
        raise ValidationError(
            f"The image is {size // 1024} KB; the limit is {settings.PORTRAIT_MAX_BYTES // 1024} KB.",
            code="too_large",
        )
    position = file.tell() if hasattr(file, "tell") else None
    try:
        file.seek(0)
        # Pillow reads the header only here; the pixel count is checked before any decoding, so a
        # small file that claims billions of pixels (a decompression bomb) is refused cheaply.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                if image.format not in ALLOWED_FORMATS:
                    raise ValidationError(
                        f"{image.format} images are not accepted; upload a JPEG, PNG or WebP.", code="format"
                    )
                width, height = image.size
                if width * height > settings.PORTRAIT_MAX_PIXELS:
                    raise ValidationError(
                        f"The image is {width}×{height} pixels; the limit is "
                        f"{settings.PORTRAIT_MAX_PIXELS:,} pixels in all.",
                        code="too_many_pixels",
                    )
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError("The image claims too many pixels to be safe to open.", code="bomb") from exc
    except UnidentifiedImageError as exc:
        raise ValidationError("This file is not an image Exodus can read.", code="not_image") from exc
    except ValidationError:
        raise
    except Exception as exc:  # truncated or corrupt files raise assorted errors inside Pillow
        raise ValidationError("The image file is damaged and cannot be read.", code="corrupt") from exc
    finally:
        if position is not None:
            file.seek(position)


def make_renditions(file) -> dict[str, str]:
    """Resize to the configured widths as JPEG; returns {width: storage name}.

    Names carry a hash of the original, so a new portrait never overwrites the files an older
    published version still points to.
    """
    file.seek(0)
    data = file.read()
    digest = hashlib.sha256(data).hexdigest()[:16]
    renditions = {}
    with Image.open(io.BytesIO(data)) as image:
        image = image.convert("RGB")
        for width in settings.PORTRAIT_RENDITION_WIDTHS:
            copy = image.copy()
            if copy.width > width:
                copy.thumbnail((width, width * 4))
            buffer = io.BytesIO()
            copy.save(buffer, "JPEG", quality=82, optimize=True)
            name = f"portraits/renditions/{digest}-{width}.jpg"
            if not default_storage.exists(name):
                name = default_storage.save(name, ContentFile(buffer.getvalue()))
            renditions[str(width)] = name
    return renditions
