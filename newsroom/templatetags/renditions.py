"""Responsive `<picture>` markup for an image with renditions made by `articles.renditions`.

    {% load renditions %}
    {% picture image_field width height alt sizes="(min-width: 60rem) 60rem, 100vw" loading="lazy" css_class="" %}

- `image_field`: an ImageField value, e.g. `article.hero_image` or `ambassador.portrait` (nothing is output when empty).
- `width`, `height`: the stored dimensions (`article.hero_width`, `article.hero_height`; `portrait_width`,
  `portrait_height`). Every URL is computed from them and the stored name: no file is opened on a page view.
- `alt`: the text alternative (`article.hero_alt`); an empty string marks a decorative image.
- `sizes`: the `sizes` attribute, how wide the image is shown (default `100vw`).
- `loading`: `"lazy"` (default) or `"eager"`; eager also sets `fetchpriority="high"`, for the one hero image
  at the top of a page.
- `css_class`: a class for the `<img>`.

Output: `<picture>` with a WebP `<source srcset sizes>` and a JPEG `<img src srcset sizes width height alt
loading>` (plus `decoding="async"` when lazy); width and height are the largest rendition's, so the browser
reserves the space (no layout shift).
"""

from django import template
from django.core.files.storage import default_storage
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from newsroom.renditions import (
    rendition_height,
    rendition_name,
    rendition_widths,
    srcset,
)

register = template.Library()


@register.simple_tag
def picture(image, width, height, alt, sizes="100vw", loading="lazy", css_class=""):
    if not image or not getattr(image, "name", None) or not width or not height:
        return ""
    widths = rendition_widths(width)
    largest = widths[-1]
    # The fallback src is a mid-size rendition: big enough for old browsers, small enough for phones.
    fallback = next((w for w in widths if w >= 800), largest)
    eager = loading == "eager"
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="{}"{}{}>'
        "</picture>",
        srcset(image.name, width, "webp"),
        sizes,
        default_storage.url(rendition_name(image.name, fallback, "jpg")),
        srcset(image.name, width, "jpg"),
        sizes,
        largest,
        rendition_height(width, height, largest),
        alt,
        "eager" if eager else "lazy",
        mark_safe(' fetchpriority="high"' if eager else ' decoding="async"'),
        format_html(' class="{}"', css_class) if css_class else "",
    )


@register.simple_tag
def rendition_url(image, width, target=1200, ext="jpg"):
    """The URL of the rendition closest to `target` pixels wide (for og:image and JSON-LD)."""
    if not image or not getattr(image, "name", None) or not width:
        return ""
    widths = rendition_widths(width)
    chosen = next((w for w in widths if w >= target), widths[-1])
    return default_storage.url(rendition_name(image.name, chosen, ext))
