"""schema.org NewsMediaOrganization for the newsroom, naming the pages about it that exist."""

from newsroom.cache import value
from newsroom.structured_data import organization

from .models import Page, page_url


def existing_pages():
    """The slugs of the pages that exist: one small query, none while the page cache keeps the answer (any
    change to a page purges it)."""
    return value("pages:existing", lambda: list(Page.objects.order_by("slug").values_list("slug", flat=True)))


def newsroom_organization(slugs, *, absolute):
    """The organisation, with its corrections policy and its editorial contact when their pages exist (`slugs`)."""
    data = {"@context": "https://schema.org", **organization(absolute=absolute)}
    if Page.Purpose.CORRECTIONS_POLICY in slugs:
        data["correctionsPolicy"] = absolute(page_url(Page.Purpose.CORRECTIONS_POLICY))
    if Page.Purpose.ABOUT in slugs:  # where a newsroom states its mission and standards (The Trust Project)
        data["publishingPrinciples"] = absolute(page_url(Page.Purpose.ABOUT))
    if Page.Purpose.CONTACT in slugs:
        data["contactPoint"] = {"@type": "ContactPoint", "contactType": "newsroom", "url": absolute(page_url(Page.Purpose.CONTACT))}
    return data
