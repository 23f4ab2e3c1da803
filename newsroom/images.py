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
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}

TOO_BIG = "This image is larger than 20 MB. Please upload a smaller file."
TOO_MANY_PIXELS = "This image has more than 40 megapixels. Please resize it first."
NOT_AN_IMAGE = "This file is not a readable image (JPEG, PNG, WebP or GIF). SVG is not accepted."
WRONG_FORMAT = "Upload a JPEG, PNG, WebP or GIF image. SVG is not accepted."


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


def clean_image(file):
    """Re-encode a validated upload without metadata, orientation applied; returns a new in-memory upload."""
    file.seek(0)
    with _open(file) as image:
        image_format = image.format
        out = io.BytesIO()
        if image_format == "GIF" and getattr(image, "n_frames", 1) > 1:
            image.save(out, "GIF", save_all=True, loop=image.info.get("loop", 0))  # keep the animation
        else:
            upright = ImageOps.exif_transpose(image)  # a new image: EXIF, XMP and GPS are left behind
            options = {"icc_profile": image.info["icc_profile"]} if image.info.get("icc_profile") else {}
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
