"""Real image files for portrait tests, built with Pillow: clean ones, and "phone photos" that carry
everything a camera or an editing app leaves in a file."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image
from PIL.PngImagePlugin import PngInfo

RED, BLUE = (220, 20, 20), (20, 20, 220)
TBILISI_GPS = {1: "N", 2: (41.0, 43.0, 12.5), 3: "E", 4: (44.0, 47.0, 3.2)}
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="41,43.2N"'
    b' exif:GPSLongitude="44,47.1E"/></rdf:RDF></x:xmpmeta>'
)
COMMENT = b"Rustaveli Avenue 12, flat 4"
# An IPTC record 2:90 (city) inside a Photoshop APP13 segment, as news desks' tools write it.
_IPTC = b"\x1c\x02\x5a\x00\x07Tbilisi"
_APP13 = b"Photoshop 3.0\x00" + b"8BIM\x04\x04\x00\x00" + len(_IPTC).to_bytes(4, "big") + _IPTC
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def sideways_pixels(width=400, height=300) -> Image.Image:
    """Blue, with a red block in the top-left corner of the stored pixels."""
    image = Image.new("RGB", (width, height), BLUE)
    image.paste(RED, (0, 0, width // 4, height // 4))
    return image


def phone_exif(orientation=6) -> Image.Exif:
    """Orientation 6: the camera was held upright, so viewers turn the pixels 90° clockwise."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(TBILISI_GPS)
    return exif


def phone_photo(image_format="JPEG", width=400, height=300) -> bytes:
    """A photo with GPS EXIF, Orientation=6 and XMP, plus a comment and IPTC (JPEG) or text chunks (PNG)."""
    buffer = io.BytesIO()
    pixels = sideways_pixels(width, height)
    if image_format == "JPEG":
        pixels.save(buffer, "JPEG", exif=phone_exif(), xmp=XMP, comment=COMMENT)
        data = buffer.getvalue()
        return data[:2] + b"\xff\xed" + (len(_APP13) + 2).to_bytes(2, "big") + _APP13 + data[2:]
    if image_format == "PNG":
        text = PngInfo()
        text.add_text("Comment", COMMENT.decode())
        text.add_text("Location", "Tbilisi, Vake")
        text.add_itxt("XML:com.adobe.xmp", XMP.decode())
        pixels.save(buffer, "PNG", pnginfo=text, exif=phone_exif())
        return buffer.getvalue()
    pixels.save(buffer, "WEBP", exif=phone_exif(), xmp=XMP, quality=90)
    return buffer.getvalue()


def clean_image(image_format="PNG", width=800, height=1000, color=(120, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, image_format)
    return buffer.getvalue()


def upload(data: bytes, image_format="JPEG", name="IMG_2041_tbilisi_flat") -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{name}.{EXTENSIONS[image_format]}", data, content_type=CONTENT_TYPES[image_format])
