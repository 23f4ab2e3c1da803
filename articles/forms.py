"""The story form editors use in the admin: status choices by permission, and optimistic locking with a three-way
merge when someone saved the story after the form was opened (articles/merge.py)."""

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from .merge import CHOICES, MERGED_FIELDS, form_snapshot, label, three_way
from .models import Article
from .permissions import can_publish
from .services.revisions import SNAPSHOT_M2M, article_conflict, article_snapshot

WRITER_STATUSES = (Article.Status.DRAFT, Article.Status.REVIEW)


class ArticleAdminForm(forms.ModelForm):
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    merge_conflicts = ()  # fields both editors changed, shown side by side (articles/merge.py)
    merge_version = None
    merge_note = ""

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
            stored = Article.objects.select_for_update().get(pk=self.instance.pk)
        if base_version == stored.version:
            return
        if base_version is None:  # a form from elsewhere (tampered, or a script) cannot say what it overwrites
            self._hand_back_version(stored)
            raise forms.ValidationError(
                "This form did not say which version of the story it started from, so nothing was saved. "
                "Your text is still in the form below: check the story's history, then save again.",
                code="no_version",
            )
        conflict = article_conflict(article=stored, base_version=base_version)
        base = stored.revisions.filter(version=base_version).order_by("-id").first()
        if base is None:  # no snapshot of what the form started from: nothing to merge against
            self._hand_back_version(stored)
            raise forms.ValidationError(
                "%(who)s changed this story at %(when)s, after you opened it (they changed: %(what)s). "
                "Nothing was saved. Your text is still in the form below: compare it with the current version "
                "(open the story in a new tab or see its history), then save again to overwrite their changes.",
                code="conflict",
                params=self._conflict_params(conflict),
            )
        self._merge(stored, base.snapshot, conflict)

    def _hand_back_version(self, stored):
        """Put the current version in the form, so saving again is a deliberate choice to overwrite."""
        self.data = self.data.copy()
        self.data[self.add_prefix("base_version")] = stored.version

    @staticmethod
    def _conflict_params(conflict):
        return {
            "who": ", ".join(conflict["people"]) or "Someone",
            "when": date_format(timezone.localtime(conflict["at"]), "j M Y H:i"),
            "what": ", ".join(conflict["fields"]) or "some fields",
        }

    def _merge(self, stored, base, conflict):
        """Merge the form into the story as saved since: their changes stay, yours apply, and a field both of you
        changed waits for the editor's choice (kept in the form as `merge_<field>`, for this saved version only)."""
        names = [name for name in MERGED_FIELDS if name in self.fields and name in self.cleaned_data]
        merge = three_way(base, article_snapshot(stored), form_snapshot(self.cleaned_data, names), names)
        choices = {}
        if self.data.get(self.add_prefix("merge_version")) == str(stored.version):
            choices = {c["name"]: self.data.get(self.add_prefix(f"merge_{c['name']}")) for c in merge.conflicts}
        for item in merge.conflicts:
            item["choice"] = choices.get(item["name"]) if choices.get(item["name"]) in CHOICES else None
        if any(item["choice"] is None for item in merge.conflicts):
            self.merge_conflicts, self.merge_version = merge.conflicts, stored.version
            raise forms.ValidationError(
                "%(who)s changed this story at %(when)s, after you opened it (they changed: %(what)s). "
                "Nothing was saved yet. Both of you changed %(both)s: choose which version to keep for each under "
                "“Changed by both of you” below, then save. Their other changes and yours are merged.",
                code="conflict",
                params={**self._conflict_params(conflict), "both": ", ".join(c["label"] for c in merge.conflicts)},
            )
        theirs = [*merge.theirs_kept, *(c["name"] for c in merge.conflicts if c["choice"] == "theirs")]
        for name in theirs:
            value = getattr(stored, name)
            self.cleaned_data[name] = value.all() if name in SNAPSHOT_M2M else value
        for name, ids in merge.links_merged.items():
            self.cleaned_data[name] = self.fields[name].queryset.filter(pk__in=ids)
        parts = []
        if theirs:
            parts.append(f"their {', '.join(label(name) for name in theirs)} kept")
        if merge.links_merged:
            parts.append(f"{', '.join(label(name) for name in merge.links_merged)} combined with yours")
        if parts:
            who = ", ".join(conflict["people"]) or "someone"
            self.merge_note = f"Merged with the changes {who} saved meanwhile: {'; '.join(parts)}; your changes saved."
