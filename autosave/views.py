"""The story form's autosave endpoint: GET the author's copy, POST a new one, DELETE it ("discard").

Answers are JSON and never cached; `{"data": null}` when there is nothing to offer. Signed out is a 403 (not a
redirect to the login page, which a script would follow and read as success), so the form can tell its author
that autosave has stopped.
"""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from articles.models import Article
from articles.permissions import can_change_article

from .models import Autosave
from .payload import clean_payload
from .services import autosave_discard, autosave_store


def _story(request, article_id):
    """The story the user may edit in the admin (None: a new story), or 404: the same for "no such story" as for
    "not yours", so the endpoint tells nobody which stories exist."""
    if article_id is None:
        return None
    article = get_object_or_404(Article.objects.active(), pk=article_id)
    if not can_change_article(request.user, article):
        raise Http404
    return article


@never_cache
@require_http_methods(["GET", "POST", "DELETE"])
def autosave(request, article_id=None):
    user = request.user
    if not (user.is_active and user.is_staff):
        return JsonResponse({"error": "You are signed out: autosave has stopped."}, status=403)
    if article_id is None and not user.has_perm("articles.add_article"):
        return JsonResponse({"error": "You may not write stories."}, status=403)
    article = _story(request, article_id)
    if request.method == "DELETE":
        autosave_discard(user=user, article=article)
        return HttpResponse(status=204)
    if request.method == "POST":
        try:
            data = clean_payload(request.body)
        except ValidationError as error:
            status = 413 if error.code == "too_large" else 400
            return JsonResponse({"error": " ".join(error.messages)}, status=status)
        saved = autosave_store(user=user, article=article, data=data)
        return JsonResponse({"saved_at": saved.saved_at.isoformat()})
    saved = Autosave.objects.of(user, article).first()
    if saved is None:  # the usual answer when a form opens: not a 404 in the logs
        return JsonResponse({"data": None})
    return JsonResponse({"data": saved.data, "saved_at": saved.saved_at.isoformat()})
