from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from newsroom.admin_changelist import SafeDateHierarchyMixin
from newsroom.admin_initial import SafeInitialDataMixin
from newsroom.admin_widgets import SafeAutocompleteMixin, thumbnail
from newsroom.images import SafeImageFormField

from .admin_views import RevisionAndTrashViewsMixin
from .factcheck_admin import RecordAdminMixin
from .models import Article, Author, Section, Tag
from .permissions import can_change_article, can_publish
from .preview import SHARE_LINK_MAX_AGE, share_url
from .record_admin import PublicRecordAdminMixin, RecordArticleForm
from .services.workflow import (
    article_publish,
    article_save,
    article_submit_for_review,
    article_trash,
    article_unpublish,
)


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ("name", "role", "slug", "url")
    search_fields = ("name", "role")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


def _when(value):
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


@admin.register(Article)
class ArticleAdmin(
    PublicRecordAdminMixin,
    RecordAdminMixin,
    RevisionAndTrashViewsMixin,
    SafeDateHierarchyMixin,
    SafeInitialDataMixin,
    SafeAutocompleteMixin,
    admin.ModelAdmin,
):
    form = RecordArticleForm
    formfield_overrides = {models.ImageField: {"form_class": SafeImageFormField}}
    list_display = ("hero_thumbnail", "headline", "visibility", "publish_at", "section", "chair_year", "created_by")
    list_display_links = ("hero_thumbnail", "headline")
    list_select_related = ("section", "chair_year__chair", "created_by")
    list_filter = ("status", "story_type", "chair_year", "section", "tags")
    search_fields = ("headline", "standfirst", "body", "resolutions__symbol")
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ("authors", "tags", "resolutions", "ambassadors", "chair_year_override", "section")
    readonly_fields = ("hero_preview", "chair_year", "owner", "created_at", "updated_at", "share_link")
    actions = ("submit_for_review_selected", "publish_selected", "unpublish_selected", "delete_selected")
    fieldsets = (
        (None, {"fields": ("headline", "slug", "standfirst", "body")}),
        ("Photo", {"fields": ("hero_image", "hero_preview", "hero_alt", "hero_decorative", "hero_caption", "hero_credit")}),
        ("Credits", {"fields": ("authors", "source_name", "source_url", "credit_line")}),
        ("Filing", {"fields": ("story_type", "section", "tags", "resolutions", "ambassadors", "chair_year_override", "chair_year")}),
        ("Publication", {"fields": ("status", "publish_at", "owner", "created_at", "updated_at", "base_version")}),
    )

    class Media:
        js = ("articles/admin/share_link.js",)

    # Who sees and changes what

    def get_queryset(self, request):
        stories = super().get_queryset(request).active()
        if not can_publish(request.user):
            stories = stories.worked_on_by(request.user)  # writers work on their own and assigned stories only
        return stories

    def has_change_permission(self, request, obj=None):
        return can_change_article(request.user, obj)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)

        class RequestForm(form):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, user=request.user, **form_kwargs)

        return RequestForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and can_publish(request.user) and not obj.is_published and obj.status != Article.Status.WITHDRAWN:
            fieldsets = (*fieldsets, ("Share a draft", {"fields": ("share_link",)}))
        return fieldsets

    # List and form columns

    @admin.display(description="Photo")
    def hero_thumbnail(self, obj):
        return thumbnail(obj.hero_image, obj.hero_alt)

    @admin.display(description="Current photo")
    def hero_preview(self, obj):
        return thumbnail(obj.hero_image, obj.hero_alt)

    @admin.display(description="Created by")
    def owner(self, obj):
        """The name only: Django's own read-only link leads writers and editors to a user page they may not open."""
        user = obj.created_by if obj else None
        return (user.get_full_name() or user.get_username()) if user else "—"

    @admin.display(description="Status", ordering="status")
    def visibility(self, obj):
        if obj.is_scheduled:
            return format_html("<strong>Scheduled for {}</strong>", _when(obj.goes_public_at))
        if obj.status == Article.Status.PUBLISHED and obj.is_expired:
            return format_html("<strong>Expired {}</strong>", _when(obj.expire_at))
        return obj.get_status_display()

    @admin.display(description="Share link")
    def share_link(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        url = share_url(obj)
        return format_html(
            '<input type="url" readonly value="{}" size="60" id="share-link" aria-label="Share link">'
            ' <button type="button" class="button" data-copy-target="share-link">Copy share link</button>'
            '<p class="help">Anyone with this link can read the draft, without an account, for {} days.</p>',
            url,
            SHARE_LINK_MAX_AGE.days,
        )

    # Saving goes through the services: they enforce who may publish and keep the audit trail

    def save_model(self, request, obj, form, change):
        """Nothing yet: the story is saved with its links in `save_related`, through the one service."""
        if not change:
            obj.created_by = request.user

    def save_related(self, request, form, formsets, change):
        article_save(
            article=form.instance,
            user=request.user,
            save_links=form.save_m2m,
            acknowledge=form.factcheck_acknowledged,
            note="Merged with changes saved meanwhile" if form.merge_note else "",
            publish_at_chosen="publish_at" in form.changed_data,
        )
        if form.merge_note:
            self.message_user(request, form.merge_note, messages.INFO)
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        article_trash(article=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        trashed = []
        self._each_locked(queryset, lambda article: trashed.append(article_trash(article=article, user=request.user)))
        request.trashed_count = len(trashed)  # for the message Django's bulk action sends next

    def message_user(self, request, message, *args, **kwargs):
        trashed = getattr(request, "trashed_count", None)
        if trashed is not None:  # replace "Successfully deleted": nothing was deleted, it is in the trash
            del request.trashed_count
            message = f"Moved {trashed} {'story' if trashed == 1 else 'stories'} to the trash; editors can restore them."
        super().message_user(request, message, *args, **kwargs)

    def response_delete(self, request, obj_display, obj_id):
        self.message_user(request, f"“{obj_display}” is in the trash; editors can restore it.", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_article_changelist"))

    def get_deleted_objects(self, objs, request):
        """Deleting only moves stories to the trash: say so instead of listing revisions as lost."""
        objs = list(objs)
        perms_needed = set() if self.has_delete_permission(request) else {Article._meta.verbose_name}
        to_trash = [format_html("Story: {} (moves to the trash, can be restored)", obj) for obj in objs]
        return to_trash, {Article._meta.verbose_name_plural: len(objs)}, perms_needed, []

    # Actions

    @staticmethod
    def _each_locked(queryset, act):
        """Run `act` on each selected story as saved now: re-read under its row lock, in its own transaction.

        The list's own copies may be older than another editor's save; acting on them would put their old text back
        (and trash would re-derive `body_html` from an old body).
        """
        for pk in list(queryset.values_list("pk", flat=True)):
            with transaction.atomic():
                article = Article.objects.active().select_for_update().filter(pk=pk).first()
                if article is not None:  # trashed since the list was shown
                    act(article)

    def _act(self, request, queryset, service, done):
        done_to = []

        def act(article):
            if not can_change_article(request.user, article) and not can_publish(request.user):
                return
            try:
                service(article=article, user=request.user)
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"{article}: {' '.join(getattr(error, 'messages', [str(error)]))}", messages.WARNING)
                return
            self.log_change(request, article, done)
            done_to.append(article)

        self._each_locked(queryset, act)
        count = len(done_to)
        self.message_user(request, f"{done}: {count} {'story' if count == 1 else 'stories'}.", messages.SUCCESS)

    @admin.action(description="Move selected stories to the trash", permissions=["delete"])
    def delete_selected(self, request, queryset):
        """Django's confirm-then-delete action; `delete_queryset` above makes it a move to the trash."""
        return django_delete_selected(self, request, queryset)

    @admin.action(description="Submit selected stories for review", permissions=["change"])
    def submit_for_review_selected(self, request, queryset):
        self._act(request, queryset.exclude(status=Article.Status.PUBLISHED), article_submit_for_review, "Submitted")

    @admin.action(description="Publish selected stories now", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._act(request, queryset, article_publish, "Published")

    @admin.action(description="Unpublish selected stories (back to draft)", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._act(request, queryset, article_unpublish, "Unpublished")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        extra_context = {
            **(extra_context or {}),
            "transitions": obj.transitions.select_related("user")[:20] if obj else [],
            "preview_url": obj.get_absolute_url() if obj and not obj.is_published else None,
        }
        return super().change_view(request, object_id, form_url, extra_context)
