"""Image checks shared by every upload field: Pillow decides what a file is, never its name.

Uploads are checked from their header first (format, dimensions) so a decompression bomb is refused before a single
pixel is decoded, then fully decoded (truncated files fail), then re-encoded without EXIF/XMP metadata (GPS
positions of sources must never reach readers) under a clean name whose extension matches the real format.
"""

import io
import secrets
import warnings
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import slugify
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from .renditions import renderable

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}

TOO_BIG = "This image is larger than 20 MB. Please upload a smaller file."
TOO_MANY_PIXELS = "This image has more than 40 megapixels. Please resize it first."
NOT_AN_IMAGE = "This file is not a readable image (JPEG, PNG, WebP or GIF). SVG is not accepted."
WRONG_FORMAT = "Upload a JPEG, PNG, WebP or GIF image. SVG is not accepted."
CANNOT_RENDER = (
    "This image is too tall or too wide for its proportions to be shown on the site (resized versions would be "
    "more than 16383 pixels long). Crop it first."
)
TURNED_SIDEWAYS = {5, 6, 7, 8}  # EXIF orientations that swap width and height
ORIENTATION = 0x0112


def _orientation(image):
    try:
        return image.getexif().get(ORIENTATION)
    except (OSError, ValueError, SyntaxError):
        return None


def _open(file):
    """Open from the header only, turning Pillow's own bomb guard into errors (it only warns below 2x its limit)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        return Image.open(file)


def validate_image(file):
    """Refuse anything Pillow cannot fully decode as a JPEG, PNG, WebP or GIF within the size limits."""
    if getattr(file, "_committed", False):
        return  # already stored: it was checked when it was uploaded
    if file.size is not None and file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(TOO_BIG, code="file_too_big")
    try:
        file.seek(0)
        with _open(file) as image:
            if image.format not in ALLOWED_FORMATS:
                raise ValidationError(WRONG_FORMAT, code="format")
            width, height = image.size
            frames = getattr(image, "n_frames", 1)
            if width * height > MAX_PIXELS or width * height * frames > MAX_PIXELS * 4:
                raise ValidationError(TOO_MANY_PIXELS, code="too_many_pixels")
            if _orientation(image) in TURNED_SIDEWAYS:
                width, height = height, width
            if not renderable(width, height):
                raise ValidationError(CANNOT_RENDER, code="cannot_render")
            image.load()  # decodes the pixels: refuses truncated files
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(TOO_MANY_PIXELS, code="too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(NOT_AN_IMAGE, code="invalid_image") from None
    finally:
        file.seek(0)


def safe_image_name(original_name, image_format):
    """A slug of the original stem plus a short random suffix; the extension says what the file really is."""
    stem = slugify(PurePath(original_name or "").stem)[:50].strip("-") or "image"
    return f"{stem}-{secrets.token_hex(4)}.{EXTENSIONS[image_format]}"


SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
KEPT_INFO = ("transparency",)  # what a re-encoded image keeps of the upload's extras: nothing but its transparency


def to_srgb(image, icc_profile):
    """The pixels in sRGB, with no profile attached (browsers read untagged images as sRGB).

    An embedded profile is a free-form blob: rather than keep it, its colours are converted. One that cannot be
    read or applied is dropped and the pixels taken as sRGB.
    """
    if not icc_profile:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        if image.mode == "P":
            image = image.convert("RGBA" if "transparency" in image.info else "RGB")
        output_mode = "RGBA" if image.mode in ("RGBA", "LA") else "RGB"
        return ImageCms.profileToProfile(image, source, SRGB, outputMode=output_mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image


def clean_image(file):
    """Re-encode a validated upload without metadata (EXIF, GPS, XMP, comments, colour profiles), orientation
    applied and colours in sRGB; returns a new in-memory upload."""
    file.seek(0)
    with _open(file) as image:
        image_format = image.format
        out = io.BytesIO()
        if image_format == "GIF" and getattr(image, "n_frames", 1) > 1:
            # Keep the animation; an empty comment replaces the upload's own.
            image.save(out, "GIF", save_all=True, loop=image.info.get("loop", 0), comment=b"")
        else:
            upright = ImageOps.exif_transpose(image)  # a new image: EXIF orientation applied
            upright = to_srgb(upright, image.info.get("icc_profile"))
            upright.info = {key: upright.info[key] for key in KEPT_INFO if key in upright.info}
            options = {}
            if image_format == "JPEG":
                if upright.mode not in ("RGB", "L", "CMYK"):
                    upright = upright.convert("RGB")
                options.update(quality=90, optimize=True)
            elif image_format == "WEBP":
                options.update(quality=90)
            upright.save(out, image_format, **options)
    file.seek(0)
    return SimpleUploadedFile(safe_image_name(file.name, image_format), out.getvalue(), CONTENT_TYPES[image_format])


class SafeImageFormField(forms.ImageField):
    """The form field for every image upload: validate from the header, then hand on a clean re-encoded copy.

    Use it through `formfield_overrides = {models.ImageField: {"form_class": SafeImageFormField}}` in an admin.
    """

    def to_python(self, data):
        if data in self.empty_values:
            return None
        validate_image(data)  # before Django's own check, which would decode a bomb's header and pixels
        super().to_python(data)
        return clean_image(data)
