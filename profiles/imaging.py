"""Portrait uploads: only real, modest images get in; what is kept is upright and carries nothing
but pixels; renditions are made for responsive pages.

A phone photo says where and when it was taken (EXIF GPS, XMP), on which device, sometimes with a
thumbnail of the uncropped picture. For people at risk that is a location leak, so every file
Exodus stores, the original included, is re-encoded from its pixels alone, and
`image_metadata_problems` can check any file for what must not be there.
"""

import hashlib
import io
import os
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

from profiles.storage import private_storage

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
ORIGINALS_DIR = "portraits/"
RENDITIONS_DIR = "portraits/renditions/"


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


def _read(file) -> bytes:
    file.seek(0)
    return file.read()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _upright_pixels(image: Image.Image, *, alpha: bool) -> Image.Image:
    """The image turned the way the camera meant it, as a new image holding pixels only.

    Pillow copies `info` (EXIF, XMP, comments, PNG text) along with an image and some encoders
    write parts of it back by default (a JPEG comment does), so the pixels go into a fresh image
    whose `info` is empty: nothing from the upload can ride along into `save()`.
    """
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
    if alpha and has_alpha:
        mode = "RGBA"
    elif image.mode in {"1", "L"} or (image.mode == "LA" and not alpha):
        mode = "L"
    else:
        mode = "RGB"
    pixels = image.convert(mode)
    return Image.frombytes(mode, pixels.size, pixels.tobytes())


def clean_portrait(file) -> ContentFile:
    """`file` (validated here first) re-encoded upright in its own format, without metadata.

    Only the colour profile is kept, so the original shows its true colours; it describes the
    display, not the picture. The name is a hash of the result: the uploaded file name (which can
    name a place, "tbilisi-flat.jpg") is not kept anywhere.
    """
    validate_portrait(file)
    data = _read(file)
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            icc_profile = image.info.get("icc_profile")
            lossless_webp = image_format == "WEBP" and b"VP8L" in {name for name, _ in _riff_chunks(data)}
            upright = _upright_pixels(image, alpha=image_format != "JPEG")
    except Exception as exc:  # validate_portrait reads headers only; decoding can still fail
        raise ValidationError("The image file is damaged and cannot be read.", code="corrupt") from exc
    # High quality for the kept original: it is the source of every future rendition.
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if image_format == "WEBP" and lossless_webp:
        options["lossless"] = True
    elif image_format in {"JPEG", "WEBP"}:
        options["quality"] = 95
    buffer = io.BytesIO()
    upright.save(buffer, image_format, **options)
    clean = buffer.getvalue()
    return ContentFile(clean, name=f"{_digest(clean)}.{EXTENSIONS[image_format]}")


def store_portrait(clean: ContentFile) -> tuple[str, dict[str, str]]:
    """Keep `clean` (from `clean_portrait`) and its renditions in private storage.

    Returns the original's storage name and the renditions ({width: name}). Nothing here is public:
    `profiles.workflow.portrait_files` copies renditions out when a version showing them is published.
    """
    storage = private_storage()
    name = ORIGINALS_DIR + clean.name
    if not storage.exists(name):
        name = storage.save(name, clean)
    return name, make_renditions(clean)


def make_renditions(file) -> dict[str, str]:
    """Resize to the configured widths as JPEG in private storage; returns {width: storage name}.

    Names carry a hash of the source, so a new portrait never overwrites the files an older
    published version still points to. Renditions keep no colour profile either: they are the
    files the public gets, and carry nothing but pixels.
    """
    data = _read(file)
    digest = _digest(data)
    storage = private_storage()
    renditions = {}
    with Image.open(io.BytesIO(data)) as image:
        upright = _upright_pixels(image, alpha=False)
    for width in settings.PORTRAIT_RENDITION_WIDTHS:
        copy = upright.copy()
        if copy.width > width:
            copy.thumbnail((width, width * 4))
        buffer = io.BytesIO()
        copy.save(buffer, "JPEG", quality=82, optimize=True)
        name = f"{RENDITIONS_DIR}{digest}-{width}.jpg"
        if not storage.exists(name):
            name = storage.save(name, ContentFile(buffer.getvalue()))
        renditions[str(width)] = name
    return renditions


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
