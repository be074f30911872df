"""Portrait uploads: only real, modest images get in; renditions are made for responsive pages."""

import hashlib
import io
import os
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

from profiles.storage import private_storage

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
    """Resize to the configured widths as JPEG in private storage; returns {width: storage name}.

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
            if not private_storage().exists(name):
                name = private_storage().save(name, ContentFile(buffer.getvalue()))
            renditions[str(width)] = name
    return renditions


def _read(file) -> bytes:
    file.seek(0)
    return file.read()


# --- Checking a stored file -------------------------------------------------------------------
# A walk over the file's own structure (JPEG segments, PNG chunks, WebP RIFF chunks) rather than
# Pillow's parsed `info`, which skips what it does not understand. Anything not known to be pixels,
# structure or a colour profile counts as a problem: an unknown segment may be a maker note, a
# C2PA manifest with a location, or a second embedded image.

_JPEG_STRUCTURE = {0xC4, 0xCC, 0xDA, 0xDB, 0xDC, 0xDD} | set(range(0xC0, 0xD0))
_PNG_SAFE = {
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
    b"bKGD", b"pHYs", b"hIST", b"acTL", b"fcTL", b"fdAT", b"cICP", b"mDCV", b"cLLI",
}  # fmt: skip
_WEBP_SAFE = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}


def image_metadata_problems(path_or_file) -> list[str]:
    """Name every kind of metadata in an image file (EXIF, GPS, XMP, IPTC, comments, text chunks,
    unknown segments, data after the image); an empty list means the file is clean."""
    if isinstance(path_or_file, str | os.PathLike):
        with open(path_or_file, "rb") as f:
            data = f.read()
    else:
        position = path_or_file.tell() if hasattr(path_or_file, "tell") else None
        data = _read(path_or_file)
        if position is not None:
            path_or_file.seek(position)
    if data.startswith(b"\xff\xd8"):
        problems = _jpeg_problems(data)
    elif data.startswith(b"\x89PNG\r\n\x1a\n"):
        problems = _png_problems(data)
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        problems = _webp_problems(data)
    else:
        return ["not a JPEG, PNG or WebP image"]
    return list(dict.fromkeys(problems))  # each problem once, in the order found


def _exif_problems(exif_data: bytes) -> list[str]:
    problems = ["EXIF metadata"]
    try:
        exif = Image.Exif()
        exif.load(exif_data)
        if exif.get_ifd(0x8825):  # the GPS IFD
            problems.append("EXIF GPS position")
    except Exception:  # unreadable EXIF is still EXIF
        pass
    return problems


def _xmp_problems(xmp: bytes) -> list[str]:
    return ["XMP metadata with a GPS position" if b"GPS" in xmp else "XMP metadata"]


def _jpeg_segments(data: bytes):
    """(marker, payload) for each segment, and ("end", offset after EOI) or ("truncated", None)."""
    position = 2
    while position + 1 < len(data):
        if data[position] != 0xFF:
            yield "garbage", None
            return
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xD9:
            yield "end", position + 2
            return
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            position += 2
            continue
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        yield marker, data[position + 4 : position + 2 + length]
        position += 2 + length
        if marker == 0xDA:  # entropy-coded data runs to the next marker that is not stuffing or a restart
            while True:
                position = data.find(b"\xff", position)
                if position == -1 or position + 1 >= len(data):
                    yield "truncated", None
                    return
                following = data[position + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    position += 2
                elif following == 0xFF:
                    position += 1
                else:
                    break
    yield "truncated", None


def _jpeg_problems(data: bytes) -> list[str]:
    problems = []
    for marker, payload in _jpeg_segments(data):
        if marker == "end":
            if data[payload:].strip(b"\x00"):
                problems.append(f"{len(data) - payload} bytes of data after the end of the image")
        elif marker in ("garbage", "truncated"):
            problems.append("damaged JPEG structure (cannot tell what else it holds)")
        elif marker in _JPEG_STRUCTURE:
            continue
        elif marker == 0xE0 and payload.startswith(b"JFIF\x00") and payload[12:14] in (b"", b"\x00\x00"):
            continue  # JFIF header without a thumbnail
        elif marker == 0xE2 and payload.startswith(b"ICC_PROFILE\x00"):
            continue
        elif marker == 0xEE and payload.startswith(b"Adobe"):
            continue  # colour transform flag
        elif marker == 0xE1 and payload.startswith(b"Exif\x00\x00"):
            problems += _exif_problems(payload)
        elif marker == 0xE1 and payload.startswith(b"http://ns.adobe.com/"):
            problems += _xmp_problems(payload)
        elif marker == 0xED:
            problems.append("IPTC/Photoshop metadata (APP13)")
        elif marker == 0xFE:
            problems.append("JPEG comment")
        elif marker == 0xE0:
            problems.append("JFIF thumbnail or extension (APP0)")
        elif 0xE0 <= marker <= 0xEF:
            problems.append(f"JPEG application segment APP{marker - 0xE0}")
        else:
            problems.append(f"unknown JPEG segment 0x{marker:02X}")
    return problems


def _png_problems(data: bytes) -> list[str]:
    problems = []
    position = 8
    while position + 8 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        payload = data[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"IEND":
            if data[position:].strip(b"\x00"):
                problems.append(f"{len(data) - position} bytes of data after the end of the image")
            return problems
        if kind in _PNG_SAFE:
            continue
        name = kind.decode("latin-1")
        if kind in {b"tEXt", b"zTXt", b"iTXt"}:
            keyword = payload.split(b"\x00", 1)[0].decode("latin-1")
            if keyword == "XML:com.adobe.xmp":
                problems += _xmp_problems(payload)
            else:
                problems.append(f"PNG text chunk {name} {keyword!r}")
        elif kind == b"eXIf":
            problems += _exif_problems(payload)
        elif kind == b"tIME":
            problems.append("PNG modification time (tIME)")
        else:
            problems.append(f"unknown PNG chunk {name}")
    problems.append("damaged PNG structure (cannot tell what else it holds)")
    return problems


def _riff_chunks(data: bytes):
    """(fourcc, payload) of each chunk of a RIFF/WebP file; ("", b"") marks bytes that are no chunk."""
    end = min(len(data), 8 + int.from_bytes(data[4:8], "little"))
    position = 12
    while position + 8 <= end:
        size = int.from_bytes(data[position + 4 : position + 8], "little")
        yield data[position : position + 4], data[position + 8 : position + 8 + size]
        position += 8 + size + (size & 1)
    if position != end or data[end:].strip(b"\x00"):
        yield b"", b""


def _webp_problems(data: bytes) -> list[str]:
    problems = []
    for kind, payload in _riff_chunks(data):
        if kind in _WEBP_SAFE:
            continue
        if kind == b"EXIF":
            problems += _exif_problems(payload)
        elif kind == b"XMP ":
            problems += _xmp_problems(payload)
        elif kind == b"":
            problems.append("damaged WebP structure or data after the image")
        else:
            problems.append(f"unknown WebP chunk {kind.decode('latin-1')}")
    return problems
