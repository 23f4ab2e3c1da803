"""The story admin's record features: the "Fact check" panel and its acknowledgements, and "Draft a story"
from a resolution. A form subclass and a mixin for `ArticleAdmin`; the work is in services and factcheck.py."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse

from resolutions.models import Resolution

from .drafting import draft_from_resolution
from .factcheck import check_article, check_story, story_day
from .forms import ArticleAdminForm
from .models import Article
from .permissions import can_publish
from .services.factcheck import UnacknowledgedContradictions, unacknowledged
from .services.workflow import article_save, publication_time

ACKNOWLEDGE_FIELD = "factcheck_acknowledge"


def factcheck_rows(findings, acknowledgements):
    """(finding, its acknowledgement or None) pairs for the panel, contradictions first."""
    by_key = {ack.key: ack for ack in acknowledgements}
    rows = [(finding, by_key.get(finding.key)) for finding in findings]
    return sorted(rows, key=lambda row: not row[0].contradicts)


class FactCheckedArticleForm(ArticleAdminForm):
    """The story form, checked against the record: publishing with an unacknowledged contradiction is a form
    error (the editor's text stays in the form), and ticked acknowledgements travel to the save service."""

    factcheck_rows = None  # set by clean(): the panel then shows the submitted text's findings
    factcheck_acknowledged = ()
    factcheck_refused = None  # set by the admin when the save service refused what this form let through

    def publication_time(self, cleaned):
        """The time the story will carry once saved (the instance still holds what is stored)."""
        stored_status = self.instance.status if self.instance.pk else Article.Status.DRAFT
        return publication_time(
            self.instance, old_status=stored_status, status=cleaned.get("status"),
            publish_at=cleaned.get("publish_at"), publish_at_chosen="publish_at" in self.changed_data,
        )

    def clean(self):
        cleaned = super().clean()
        links = {name: list(cleaned.get(name) or []) for name in ("resolutions", "ambassadors")}
        self.factcheck_findings = check_story(
            headline=cleaned.get("headline", ""), standfirst=cleaned.get("standfirst", ""), body=cleaned.get("body", ""),
            day=story_day(self.publication_time(cleaned)), **links,
        )
        contradictions = {f.key for f in self.factcheck_findings if f.contradicts}
        ticked = [key for key in self.data.getlist(ACKNOWLEDGE_FIELD) if key in contradictions]
        self.factcheck_acknowledged = ticked
        acknowledgements = list(self.instance.factcheck_acknowledgements.select_related("user")) if self.instance.pk else []
        self.factcheck_rows = factcheck_rows(self.factcheck_findings, acknowledgements)
        if self.factcheck_refused is not None:
            raise forms.ValidationError(
                "%(refusal)s Nothing was saved; your text is still in the form.",
                code="factcheck_refused", params={"refusal": self.factcheck_refused.args[0]},
            )
        if cleaned.get("status") != Article.Status.PUBLISHED or not contradictions:
            return cleaned
        if ticked and not can_publish(self.user):
            raise forms.ValidationError("Only editors can acknowledge a contradiction with the record.")
        done = {ack.key for ack in acknowledgements}
        missing = unacknowledged(self.factcheck_findings, done | set(ticked))
        if missing:
            raise forms.ValidationError(
                "The fact check found %(count)s contradiction(s) with the record, so the story was not published. "
                "Correct the story, or tick “Acknowledge” for each contradiction in the Fact check panel below "
                "(editors only) and save again. Your text is still in the form.",
                code="factcheck",
                params={"count": len(missing)},
            )
        return cleaned


class RecordAdminMixin:
    def get_urls(self):
        view = self.admin_site.admin_view
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "add-from-resolution/<int:resolution_id>/",
                view(self.add_from_resolution_view),
                name=f"{prefix}_add_from_resolution",
            ),
            *super().get_urls(),
        ]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """The save service checks the story against the record again, inside its transaction. If the record
        changed since the form's own check, the save is rolled back and the form comes back with the refusal and
        the editor's text (never a 403 that loses it)."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except UnacknowledgedContradictions as refused:
            if request.method != "POST":
                raise
            request.factcheck_refused = refused
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.factcheck_refused = getattr(request, "factcheck_refused", None)
        return form

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id) if object_id and object_id.isdigit() else None
        extra_context = {**(extra_context or {}), **self.factcheck_context(request, obj)}
        return super().change_view(request, object_id, form_url, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), **self.factcheck_context(request, None)}
        return super().add_view(request, form_url, extra_context)

    def factcheck_context(self, request, article):
        acknowledgements = list(article.factcheck_acknowledgements.select_related("user")) if article else []
        return {
            "factcheck_saved_rows": factcheck_rows(check_article(article), acknowledgements) if article else [],
            "factcheck_acknowledgement_list": acknowledgements,
            "factcheck_can_acknowledge": can_publish(request.user),
            "factcheck_field": ACKNOWLEDGE_FIELD,
        }

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, object_id) if object_id and object_id.isdigit() else None
        acknowledgements = article.factcheck_acknowledgements.select_related("user") if article else []
        extra_context = {**(extra_context or {}), "factcheck_acknowledgement_list": acknowledgements}
        return super().history_view(request, object_id, extra_context)

    @transaction.atomic
    def add_from_resolution_view(self, request, resolution_id):
        """POST: a draft built from the resolution's facts, linked to it and its ambassador, for a writer to finish."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_add_permission(request):
            raise PermissionDenied
        resolution = get_object_or_404(Resolution.objects.for_detail(), pk=resolution_id)
        draft = draft_from_resolution(resolution)
        article = Article(
            headline=draft.headline, slug=draft.slug, standfirst=draft.standfirst, body=draft.body,
            status=Article.Status.DRAFT, created_by=request.user,
        )

        def link():
            article.resolutions.set([resolution])
            article.ambassadors.set([resolution.introduced_by] if resolution.introduced_by else [])

        article_save(article=article, user=request.user, save_links=link, note=f"Drafted from the record of {resolution}")
        self.log_addition(request, article, f"Drafted from the record of {resolution}")
        self.message_user(
            request,
            "A draft built only from the record's facts, each with its source. Write the story around them; "
            "the Fact check panel compares what you write with the record.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
