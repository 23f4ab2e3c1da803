"""The story admin with the desk added: the rich-text body, writing aids, assignments, notes, sending back, the
calendar and clearer messages. It replaces `articles.admin.ArticleAdmin` in the admin site, adding to it only."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from js_asset import Media

from articles.admin import ArticleAdmin
from articles.models import Article, ArticleQuerySet
from articles.permissions import can_publish

from .admin_views import DeskViewsMixin
from .editor import BodyEditorWidget
from .models import Note


class AssigneeFilter(admin.SimpleListFilter):
    title = "assignee"
    parameter_name = "assignee"

    def lookups(self, request, model_admin):
        people = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username")
        return [("none", "Nobody"), *((str(user.pk), user.get_full_name() or user.get_username()) for user in people)]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(assignee=None)
        if value and value.isascii() and value.isdigit() and len(value) < 19:
            return queryset.filter(assignee=value)
        return queryset


class DueFilter(admin.SimpleListFilter):
    title = "due"
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [("overdue", "Overdue"), ("week", "Due within a week"), ("any", "Has a due date")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        open_stories = queryset.exclude(ArticleQuerySet.published_q())
        if self.value() == "overdue":
            return open_stories.filter(due_on__lt=today)
        if self.value() == "week":
            return open_stories.filter(due_on__gte=today, due_on__lte=today + timezone.timedelta(days=7))
        if self.value() == "any":
            return queryset.exclude(due_on=None)
        return queryset


def last_sent_back(article):
    """The editor's comment when the story's last move was back from review, for the writer to see."""
    last = article.transitions.first()
    if last is None or (last.from_status, last.to_status) != (Article.Status.REVIEW, Article.Status.DRAFT):
        return None
    return Note.objects.filter(article=article, kind=Note.Kind.SENT_BACK).select_related("author").first()


class DeskArticleAdmin(DeskViewsMixin, ArticleAdmin):
    change_form_template = "admin/desk/article/change_form.html"
    list_display = (
        "hero_thumbnail", "headline", "visibility", "publish_at", "section", "filed_chair_year", "created_by", "assignment",
    )
    list_select_related = (*ArticleAdmin.list_select_related, "assignee")
    list_filter = (*ArticleAdmin.list_filter, AssigneeFilter, DueFilter)
    fieldsets = (
        *ArticleAdmin.fieldsets,
        ("Assignment", {"fields": ("assignee", "due_on", "planned_for")}),
    )

    class Media:
        css = {"all": ("desk/admin/desk.css",)}
        js = ("desk/admin/writing_aids.js",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = BodyEditorWidget
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "assignee" and field is not None:  # pick a colleague; people are managed elsewhere
            for action in ("add", "change", "delete", "view"):
                setattr(field.widget, f"can_{action}_related", False)
        return field

    @admin.display(description="Chair year", ordering="chair_year__year")
    def filed_chair_year(self, obj):
        return obj.chair_year.year if obj.chair_year_id else "—"

    @admin.display(description="Assigned", ordering="due_on")
    def assignment(self, obj):
        if obj.assignee_id is None:
            return "—"
        who = obj.assignee.get_full_name() or obj.assignee.get_username()
        if obj.due_on is None:
            return who
        due = date_format(obj.due_on, "j M Y")
        if obj.due_on < timezone.localdate() and not obj.is_published:
            return format_html('{} <strong class="desk-overdue">overdue since {}</strong>', who, due)
        return format_html("{}, due {}", who, due)

    # The form: a nonce for the editor's import map, the desk's panels, and what a status change says

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["media"] = Media.from_media(context["media"], nonce=str(request.csp_nonce))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        extra = {}
        if obj is not None:
            seen = obj.is_published or obj.transitions.filter(to_status=Article.Status.PUBLISHED).exists()
            extra = {
                "notes": Note.objects.for_story(obj),
                "sent_back": last_sent_back(obj),
                "can_send_back": can_publish(request.user) and obj.status == Article.Status.REVIEW,
                "seen_by_readers": seen,
            }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        stored_status = obj.status if obj is not None else None

        class DeskForm(form):
            def clean(self):
                cleaned = super().clean()
                back_to_draft = stored_status == Article.Status.REVIEW and cleaned.get("status") == Article.Status.DRAFT
                if back_to_draft and can_publish(request.user) and obj.created_by_id != request.user.pk:
                    self.add_error(
                        "status",
                        "To return a story to its writer, use “Send back to the writer” below the form: "
                        "the writer needs your comment.",
                    )
                return cleaned

        return DeskForm

    def delete_view(self, request, object_id, extra_context=None):
        return super().delete_view(request, object_id, {"title": "Move to the trash", **(extra_context or {})})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assignee":
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        before = form.initial.get("status") if change else None
        super().save_related(request, form, formsets, change)
        article = form.instance
        if article.status == before:
            return
        if article.status == Article.Status.REVIEW:
            request.desk_status_message = f"“{article}” was submitted for review; the editors have been told."
        elif article.is_scheduled:
            when = date_format(timezone.localtime(article.publish_at), "DATETIME_FORMAT")
            request.desk_status_message = f"“{article}” is scheduled for {when}."
        elif article.is_published:
            request.desk_status_message = f"“{article}” is published."

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        replacement = getattr(request, "desk_status_message", None)
        if replacement and level == messages.SUCCESS:
            del request.desk_status_message
            message = replacement
        super().message_user(request, message, level, *args, **kwargs)


admin.site.unregister(Article)
admin.site.register(Article, DeskArticleAdmin)
