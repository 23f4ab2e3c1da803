from django.conf import settings


def site(request):
    """The site's name, for the base template's title and header."""
    return {"SITE_NAME": settings.SITE_NAME}
