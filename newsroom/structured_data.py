"""schema.org data about the site itself, shared by every app's JSON-LD."""

from django.conf import settings
from django.templatetags.static import static

LOGO = ("img/logo.png", 600, 60)  # Google asks for a publisher logo no larger than 600x60


def organization(*, absolute):
    """The newsroom as a schema.org NewsMediaOrganization: `@id` lets a story's `publisher` refer to it."""
    logo, width, height = LOGO
    home = absolute("/")
    return {
        "@type": "NewsMediaOrganization",
        "@id": f"{home}#organization",
        "name": settings.SITE_NAME,
        "url": home,
        "logo": {"@type": "ImageObject", "url": absolute(static(logo)), "width": width, "height": height},
    }
