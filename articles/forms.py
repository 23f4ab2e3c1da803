"""The story form editors use in the admin: status choices by permission, and optimistic locking."""

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from .models import Article
from .permissions import can_publish
from .services.revisions import article_conflict

WRITER_STATUSES = (Article.Status.DRAFT, Article.Status.REVIEW)


class ArticleAdminForm(forms.ModelForm):
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 - the ModelAdmin's fieldsets choose what is shown

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["base_version"].initial = self.instance.version if self.instance.pk else 0
        if "status" in self.fields and not can_publish(user):
            # The server-side guard is in services.article_save; this keeps writers from even choosing it.
            self.fields["status"].choices = [c for c in Article.Status.choices if c[0] in WRITER_STATUSES]
            self.fields["status"].help_text = "Writers save drafts and submit them for review; editors publish."

    def clean_slug(self):
        """Say where the address is taken, rather than Django's bare "already exists": a story in the trash keeps
        its address (restoring it brings its links back), which an editor cannot otherwise see."""
        slug = self.cleaned_data["slug"]
        holder = Article.objects.filter(slug=slug).exclude(pk=self.instance.pk).only("deleted_at").first()
        if holder is None:
            return slug
        if holder.deleted_at:
            raise forms.ValidationError(
                "A story in the trash keeps this address. Choose another, or ask an editor to restore that story "
                "from the trash.",
                code="slug_in_trash",
            )
        raise forms.ValidationError("Another story already has this address. Choose another.", code="slug_taken")

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self._check_version(cleaned.get("base_version"))
        return cleaned

    def _check_version(self, base_version):
        # Lock the row for the rest of the admin's transaction, so nobody saves between this check and our save.
        with transaction.atomic():
            stored = Article.objects.select_for_update().only("version", "updated_at").get(pk=self.instance.pk)
        if base_version == stored.version:
            return
        # Hand back the current version, so saving again is a deliberate choice to overwrite.
        self.data = self.data.copy()
        self.data[self.add_prefix("base_version")] = stored.version
        if base_version is None:  # a form from elsewhere (tampered, or a script) cannot say what it overwrites
            raise forms.ValidationError(
                "This form did not say which version of the story it started from, so nothing was saved. "
                "Your text is still in the form below: check the story's history, then save again.",
                code="no_version",
            )
        conflict = article_conflict(article=stored, base_version=base_version)
        who = ", ".join(conflict["people"]) or "Someone"
        when = date_format(timezone.localtime(conflict["at"]), "j M Y H:i")
        what = ", ".join(conflict["fields"]) or "some fields"
        raise forms.ValidationError(
            "%(who)s changed this story at %(when)s, after you opened it (they changed: %(what)s). "
            "Nothing was saved. Your text is still in the form below: compare it with the current version "
            "(open the story in a new tab or see its history), then save again to overwrite their changes.",
            code="conflict",
            params={"who": who, "when": when, "what": what},
        )
