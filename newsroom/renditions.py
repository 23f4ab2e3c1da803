"""Responsive image renditions, made once when an image is saved so page views never touch image files.

Each stored image gets JPEG and WebP copies at the widths in `WIDTHS` that are narrower than the original,
plus one at the original width (capped at the largest width): never upscaled. Names are deterministic and
mirror the original's folder, `renditions/<folder>/<stem>-<width>.<ext>`, so the `{% picture %}` tag can
compute every URL from the stored name and the stored width and height alone.
"""

import io
import posixpath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

WIDTHS = (480, 800, 1200, 1600)
FORMATS = {"webp": ("WEBP", {"quality": 80, "method": 6}), "jpg": ("JPEG", {"quality": 82, "optimize": True, "progressive": True})}
ROOT = "renditions"


def rendition_widths(width):
    """The widths made for an image `width` pixels wide, smallest first."""
    if not width:
        return []
    largest = min(width, WIDTHS[-1])
    return [w for w in WIDTHS if w < largest] + [largest]


# The largest side each rendition format can encode (WebP's limit; JPEG's is 65535).
MAX_SIDE = {"webp": 16383, "jpg": 65535}


def renderable(width, height):
    """Whether every rendition of an upright image `width` x `height` fits its format (a very tall image's
    renditions, kept in proportion, outgrow WebP)."""
    side = min(MAX_SIDE.values())
    return all(target <= side and rendition_height(width, height, target) <= side for target in rendition_widths(width))


def rendition_name(name, width, ext):
    stem, _ = posixpath.splitext(name)
    return f"{ROOT}/{stem}-{width}.{ext}"


def rendition_height(width, height, target_width):
    return max(1, round(height * target_width / width))


def make_renditions(field_file, width, *, storage=None, force=False):
    """Write the missing renditions of a stored image `width` pixels wide (as stored on the model).

    Returns the names written. Existing files are kept unless `force`: an upload always gets a fresh name,
    so a rendition never goes stale. Widths come from the stored width, as in the template tag, so the
    names always agree; a photo rotated by its EXIF tag is turned upright first.
    """
    storage = storage or default_storage
    if not field_file or not field_file.name or not width:
        return []
    names = {
        (target, ext): rendition_name(field_file.name, target, ext)
        for target in rendition_widths(width)
        for ext in FORMATS
    }
    todo = {key: name for key, name in names.items() if force or not storage.exists(name)}
    if not todo:
        return []
    with field_file.storage.open(field_file.name, "rb") as source, Image.open(source) as image:
        image = ImageOps.exif_transpose(image)
        image = flatten(image)
        written = []
        try:
            for (target, ext), name in sorted(todo.items()):
                height = rendition_height(image.width, image.height, target)
                resized = image if target == image.width else image.resize((target, height), Image.Resampling.LANCZOS)
                buffer = io.BytesIO()
                pil_format, options = FORMATS[ext]
                resized.save(buffer, pil_format, **options)
                if storage.exists(name):
                    storage.delete(name)
                written.append(storage.save(name, ContentFile(buffer.getvalue())))
        except Exception:
            for name in written:  # no half set of renditions left behind
                storage.delete(name)
            raise
    return written


def flatten(image):
    """RGB on white: JPEG has no transparency, and a transparent PNG logo should not turn black."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def srcset(name, width, ext, storage=None):
    """`url 480w, url 800w, ...` for a stored image, computed without opening any file."""
    storage = storage or default_storage
    return ", ".join(f"{storage.url(rendition_name(name, w, ext))} {w}w" for w in rendition_widths(width))


def renditions_on_save(image_field, width_field):
    """A `post_save` receiver making the renditions of `image_field` when its model is saved, so page views do
    no image work. Each app connects it for its own images."""

    def receiver(sender, instance, raw=False, **kwargs):
        image = getattr(instance, image_field)
        if not raw and image:
            make_renditions(image, getattr(instance, width_field))

    return receiver
