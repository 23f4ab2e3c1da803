"""The story admin's extra pages: revision history, compare, restore, and the trash.

A mixin for `ArticleAdmin` (articles/admin.py), which keeps the form, list and actions; the work itself is in
`services.py`.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from .models import Article, ArticleRevision
from .permissions import can_publish
from .services.revisions import article_revision_diff, article_revision_restore
from .services.workflow import article_untrash


class RevisionAndTrashViewsMixin:
    def get_urls(self):
        view = self.admin_site.admin_view
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("trash/", view(self.trash_view), name=f"{prefix}_trash"),
            path("<path:object_id>/untrash/", view(self.untrash_view), name=f"{prefix}_untrash"),
            path("<path:object_id>/history/compare/", view(self.compare_view), name=f"{prefix}_compare"),
            path(
                "<path:object_id>/history/<int:revision_id>/restore/",
                view(self.restore_view),
                name=f"{prefix}_restore",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_see_trash": can_publish(request.user)}
        return super().changelist_view(request, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        extra_context = dict(extra_context or {})
        if obj is not None:
            extra_context.update(
                revisions=obj.revisions.select_related("user"),
                transitions=obj.transitions.select_related("user"),
                can_restore=self.has_change_permission(request, obj),
            )
        return super().history_view(request, object_id, extra_context)

    def _get_viewable(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such story, or it is in the trash.")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def compare_view(self, request, object_id):
        article = self._get_viewable(request, object_id)
        ids = [request.GET.get("from"), request.GET.get("to")]
        if not all(value and value.isascii() and value.isdigit() and len(value) < 19 for value in ids):
            messages.error(request, "Choose two revisions to compare.")
            return HttpResponseRedirect(reverse("admin:articles_article_history", args=[article.pk]))
        revisions = {rev.pk: rev for rev in article.revisions.filter(pk__in=ids).select_related("user")}
        if len(revisions) != len(set(ids)):
            raise Http404("No such revision of this story.")
        old, new = sorted((revisions[int(i)] for i in ids), key=lambda rev: (rev.version, rev.pk))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": f"Compare versions {old.version} and {new.version}",
            "old": old,
            "new": new,
            "changes": article_revision_diff(old.snapshot, new.snapshot),
            "can_restore": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    @transaction.atomic
    def restore_view(self, request, object_id, revision_id):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:articles_article_history", args=[object_id]))
        article = self._get_viewable(request, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        revision = get_object_or_404(ArticleRevision, pk=revision_id, article=article)
        try:
            article_revision_restore(revision=revision, user=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:articles_article_history", args=[article.pk]))
        self.log_change(request, article, f"Restored version {revision.version}")
        self.message_user(request, f"Restored version {revision.version} as a new revision.", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def trash_view(self, request):
        if not can_publish(request.user):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Trash",
            "articles": Article.objects.trashed().select_related("deleted_by").order_by("-deleted_at"),
        }
        return TemplateResponse(request, "admin/articles/article/trash.html", context)

    @transaction.atomic
    def untrash_view(self, request, object_id):
        if not can_publish(request.user):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:articles_article_trash"))
        object_id = unquote(object_id)
        if not (object_id.isascii() and object_id.isdigit() and len(object_id) < 19):
            raise Http404("No such story in the trash.")
        article = get_object_or_404(Article.objects.trashed(), pk=object_id)
        article_untrash(article=article, user=request.user)
        self.log_change(request, article, "Restored from the trash")
        self.message_user(request, f"“{article}” is back, with all its revisions.", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
