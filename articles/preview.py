"""Share links: a signed, expiring address that shows a draft to someone without an account.

The token signs the story's id (not its version), so the link keeps working while the story is edited, and stops
when it expires, when the story goes to the trash, or if anyone changes a character of it.
"""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from .models import Article
from .views import ArticleDetailView

SHARE_LINK_MAX_AGE = dt.timedelta(days=7)
SHARE_LINK_SALT = "articles.preview.share-link"


def share_token(article):
    return signing.TimestampSigner(salt=SHARE_LINK_SALT).sign(str(article.pk))


def share_url(article):
    return settings.SITE_URL.rstrip("/") + reverse("preview:article", kwargs={"token": share_token(article)})


class ShareLinkInvalid(Http404):
    def __init__(self, message, status):
        super().__init__(message)
        self.status = status


@method_decorator(never_cache, name="dispatch")
class ArticleShareView(ArticleDetailView):
    """The reader's story page for whoever holds a valid share link, whatever the story's status."""

    def get_queryset(self):
        # A withdrawn story is off the record for everyone: links shared before the takedown stop too.
        return Article.objects.active().exclude(status=Article.Status.WITHDRAWN).for_detail()

    def get_object(self, queryset=None):
        try:
            pk = signing.TimestampSigner(salt=SHARE_LINK_SALT).unsign(
                self.kwargs["token"], max_age=SHARE_LINK_MAX_AGE
            )
        except signing.SignatureExpired:
            raise ShareLinkInvalid("This preview link has expired. Ask the editor for a new one.", 410) from None
        except signing.BadSignature:
            raise ShareLinkInvalid("This preview link is not valid. Check that you copied all of it.", 404) from None
        story = (queryset or self.get_queryset()).filter(pk=pk).first()
        if story is None:
            raise ShareLinkInvalid("This story is no longer available for preview.", 404)
        return story

    def get(self, request, *args, **kwargs):
        try:
            response = super().get(request, *args, **kwargs)
        except ShareLinkInvalid as error:
            response = TemplateResponse(
                request, "admin/articles/preview_invalid.html", {"message": str(error)}, status=error.status
            )
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"  # links in the draft must not leak the token to other sites
        return response

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "share_preview": True}
