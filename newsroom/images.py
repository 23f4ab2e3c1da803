"""Image checks shared by every upload field: Pillow decides what a file is, never its name."""

import warnings

from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def validate_image(file):
    """Refuse anything Pillow cannot fully decode as a JPEG, PNG, WebP or GIF within the size limits."""
    if getattr(file, "_committed", False):
        return  # already stored: it was checked when it was uploaded
    if file.size is not None and file.size > MAX_UPLOAD_BYTES:
        raise ValidationError("This image is larger than 20 MB. Please upload a smaller file.")
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                if image.format not in ALLOWED_FORMATS:
                    raise ValidationError("Upload a JPEG, PNG, WebP or GIF image.")
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise ValidationError("This image has more than 40 megapixels. Please resize it first.")
                image.load()  # decodes the pixels: refuses truncated files
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError("This image has more than 40 megapixels. Please resize it first.")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError("This file is not a readable image (JPEG, PNG, WebP or GIF). SVG is not accepted.")
    finally:
        file.seek(0)
