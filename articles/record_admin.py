"""The admin side of the public record: the story form's updates, time limits and takedown fields, the
corrections and the redirects. A form subclass and a mixin for `ArticleAdmin`, and two small admins; the work is
in articles/services/record.py and the workflow services."""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from .factcheck_admin import FactCheckedArticleForm
from .models import Article, Correction, Redirect
from .permissions import can_publish, can_withdraw
from .services.record import (
    article_record_errors,
    correction_add,
    correction_edit,
    correction_withdraw,
    redirect_address_problem,
    redirect_create,
)
from .services.workflow import article_reinstate

PUBLISHED, WITHDRAWN = Article.Status.PUBLISHED, Article.Status.WITHDRAWN


class RecordArticleForm(FactCheckedArticleForm):
    """The story form, asking whether a change to a published story is significant, and refusing what would
    put the public record wrong (an embargo in the past, a redirect to itself or to a draft...)."""

    significant_update = forms.BooleanField(
        required=False,
        label="Significant update",
        help_text="Tick when readers should be told the story changed: it then shows “Updated” with this time, and "
        "feeds and search engines see it as modified. Leave unticked for a typo or a quiet fix.",
    )

    def _post_clean(self):
        super()._post_clean()
        stored = Article.objects.filter(pk=self.instance.pk).first() if self.instance.pk else None
        for name, message in article_record_errors(article=self.instance, stored=stored).items():
            self.add_error(name if name in self.fields else None, message)
        significant = self.cleaned_data.get("significant_update")
        if significant and stored is not None and stored.status == PUBLISHED == self.instance.status:
            self.instance.revised_at = timezone.now()
            self.instance.significant_update = True


class PublicRecordAdminMixin:
    """Adds the "Updates, corrections and takedown" panel to the story form, for who may use each part."""

    def get_fieldsets(self, request, obj=None):
        fields = []
        if obj is not None and obj.status == PUBLISHED:
            fields.append("significant_update")
        fields += ["embargo_until", "expire_at"]
        if can_publish(request.user):
            fields.append("redirect_to")
        if obj is not None and can_withdraw(request.user) and obj.status in (PUBLISHED, WITHDRAWN):
            fields += ["withdrawn_reason", "withdrawn_note", "withdrawn_reason_public"]
        if obj is not None:
            fields += ["revised_at", "withdrawn_at", "corrections_panel"]
        panel = ("Updates, corrections and takedown", {
            "fields": fields,
            "description": "To take a published story down, set its status to “Withdrawn” and say why: its "
            "address then answers “410 Gone” with a short notice (or sends readers to the story named below).",
        })
        return (*super().get_fieldsets(request, obj), panel)

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "revised_at", "withdrawn_at", "corrections_panel")

    def get_autocomplete_fields(self, request):
        return (*super().get_autocomplete_fields(request), "redirect_to")

    @admin.display(description="Corrections")
    def corrections_panel(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        rows = format_html_join(
            "", '<li><a href="{}">{} of {}</a>{}</li>',
            (
                (reverse("admin:articles_correction_change", args=[c.pk]), c.get_kind_display(),
                 timezone.localtime(c.at).strftime("%d %b %Y %H:%M"), " (withdrawn)" if c.withdrawn_at else "")
                for c in obj.corrections.all()
            ),
        )
        add = ""
        if obj.status == PUBLISHED:
            add = format_html(
                '<a class="addlink" href="{}?article={}">Add a correction or clarification</a>',
                reverse("admin:articles_correction_add"), obj.pk,
            )
        return format_html("<ul>{}</ul>{}", rows, add) if rows else (add or "None")

    def get_actions(self, request):
        actions = super().get_actions(request)
        if can_withdraw(request.user):
            action = PublicRecordAdminMixin.reinstate_selected
            actions["reinstate_selected"] = (action, "reinstate_selected", "Reinstate selected withdrawn stories")
        return actions

    def reinstate_selected(self, request, queryset):
        """Bring withdrawn stories back to readers, at their old addresses (the workflow logs each)."""
        stories = list(queryset.filter(status=WITHDRAWN))
        for article in stories:
            article_reinstate(article=article, user=request.user)
            self.log_change(request, article, "Reinstated")
        self.message_user(request, f"Reinstated: {len(stories)} {'story' if len(stories) == 1 else 'stories'}.",
                          messages.SUCCESS)

    def log_change(self, request, obj, message):
        if getattr(obj, "significant_update", False):  # the revision the save just kept says why it shows
            obj.revisions.filter(version=obj.version, note="").update(note="Significant update")
        return super().log_change(request, obj, message)


class CorrectionAdminForm(forms.ModelForm):
    text = forms.CharField(
        widget=forms.Textarea,
        error_messages={"required": "Say what was corrected: a correction needs its text."},
        help_text=Correction._meta.get_field("text").help_text,
    )

    class Meta:
        model = Correction
        fields = ("article", "kind", "text")

    def clean_article(self):
        article = self.cleaned_data["article"]
        if article.status != PUBLISHED:
            raise forms.ValidationError("Corrections go on published stories; fix a draft in the draft.")
        return article


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    """Corrections are appended, edited and withdrawn by editors, never deleted: each keeps its history."""

    form = CorrectionAdminForm
    list_display = ("article", "kind", "at", "withdrawn")
    list_filter = ("kind",)
    list_select_related = ("article",)
    search_fields = ("text", "article__headline")
    autocomplete_fields = ("article",)
    actions = ("withdraw_selected",)

    def get_readonly_fields(self, request, obj=None):
        return ("article", "at", "withdrawn_at", "history_list") if obj else ()

    def get_fields(self, request, obj=None):
        return ("article", "kind", "text", "at", "withdrawn_at", "history_list") if obj else ("article", "kind", "text")

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(boolean=True)
    def withdrawn(self, obj):
        return obj.withdrawn_at is not None

    @admin.display(description="History")
    def history_list(self, obj):
        rows = format_html_join(
            "", "<li>{} by {}, {}: {}</li>",
            ((entry["action"].capitalize(), entry["by"], entry["at"][:16].replace("T", " "), entry["text"])
             for entry in obj.history),
        )
        return format_html("<ol>{}</ol>", rows) if obj.history else "—"

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            saved = correction_edit(correction=obj, user=request.user, kind=data["kind"], text=data["text"])
        else:
            saved = correction_add(article=data["article"], user=request.user, kind=data["kind"], text=data["text"])
        obj.pk, obj.at, obj.history = saved.pk, saved.at, saved.history

    @admin.action(description="Withdraw selected corrections", permissions=["change"])
    def withdraw_selected(self, request, queryset):
        for correction in queryset:
            correction_withdraw(correction=correction, user=request.user)
        self.message_user(request, f"Withdrew {queryset.count()} correction(s); they stay here with their history.",
                          messages.SUCCESS)


class RedirectAdminForm(forms.ModelForm):
    class Meta:
        model = Redirect
        fields = ("old_slug", "target")

    def clean(self):
        cleaned = super().clean()
        old_slug, target = cleaned.get("old_slug"), cleaned.get("target")
        if old_slug and target:
            problem = redirect_address_problem(old_slug, target)
            if problem:
                raise forms.ValidationError(problem)
        return cleaned


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    """Old story addresses and where they send readers. Kept by themselves when a published story's slug
    changes; editors add, change and remove them here."""

    form = RedirectAdminForm
    list_display = ("old_slug", "target", "created_at", "created_by")
    list_select_related = ("target", "created_by")
    search_fields = ("old_slug", "target__headline")
    autocomplete_fields = ("target",)

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
            return
        saved = redirect_create(old_slug=obj.old_slug, target=obj.target, user=request.user)
        obj.pk, obj.created_at, obj.created_by = saved.pk, saved.created_at, saved.created_by
