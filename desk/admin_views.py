"""The desk's pages inside the story admin: calendar, preview of the unsaved form, compare with live, notes and
sending back. A mixin for `DeskArticleAdmin` (desk/admin.py); the writes are in desk/services.py."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode

from articles.html import sanitize_body, strip_control_characters
from articles.models import Article, Author, Tag
from articles.services.revisions import article_revision_diff, article_snapshot
from articles.services.workflow import article_send_back

from . import calendar
from .services import note_add, story_move_to_day


def _pk(value):
    value = unquote(str(value))
    if not (value.isascii() and value.isdigit() and len(value) < 19):
        raise Http404("No such story.")
    return int(value)


def _ids(values):
    return [int(v) for v in values if v.isascii() and v.isdigit() and len(v) < 19]


class DeskViewsMixin:
    def get_urls(self):
        view = self.admin_site.admin_view
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("calendar/", view(self.calendar_view), name=f"{prefix}_calendar"),
            path("calendar/<path:object_id>/move/", view(self.calendar_move_view), name=f"{prefix}_calendar_move"),
            path("preview/", view(self.form_preview_view), name=f"{prefix}_form_preview"),
            path("<path:object_id>/preview/", view(self.form_preview_view), name=f"{prefix}_form_preview"),
            path("<path:object_id>/live/", view(self.compare_live_view), name=f"{prefix}_compare_live"),
            path("<path:object_id>/notes/", view(self.add_note_view), name=f"{prefix}_add_note"),
            path("<path:object_id>/send-back/", view(self.send_back_view), name=f"{prefix}_send_back"),
            *super().get_urls(),
        ]

    def _story(self, request, object_id, *, change=True):
        article = self.get_queryset(request).filter(pk=_pk(object_id)).first()
        if article is None:
            raise Http404("No such story, or it is in the trash.")
        allowed = self.has_change_permission(request, article) if change else self.has_view_or_change_permission(request, article)
        if not allowed:
            raise PermissionDenied
        return article

    def _page(self, request, template, title, **context):
        return TemplateResponse(
            request, template, {**self.admin_site.each_context(request), "opts": self.opts, "title": title, **context}
        )

    # The calendar

    def calendar_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        view = request.GET.get("view") if request.GET.get("view") in calendar.VIEWS else "month"
        today = timezone.localdate()
        day = calendar.parse_day(request.GET.get("day")) if "day" in request.GET else today
        if day is None or not 1900 <= day.year <= 9000:
            messages.warning(request, "That is not a date the calendar can show; here is today.")
            day = today
        previous, following = calendar.neighbours(view, day)
        title = f"Calendar: {day:%B %Y}" if view == "month" else f"Calendar: week of {calendar.span(view, day)[0]:%-d %B %Y}"
        return self._page(
            request,
            "admin/desk/calendar.html",
            title,
            weeks=calendar.calendar_weeks(request.user, view, day),
            view=view,
            day=day,
            today=today,
            previous_url=f"?{urlencode({'view': view, 'day': previous.isoformat()})}",
            next_url=f"?{urlencode({'view': view, 'day': following.isoformat()})}",
            today_url=f"?{urlencode({'view': view})}",
            other_view_url=f"?{urlencode({'view': 'week' if view == 'month' else 'month', 'day': day.isoformat()})}",
            tz=timezone.get_current_timezone_name(),
        )

    def calendar_move_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._story(request, object_id)
        day = calendar.parse_day(request.POST.get("day"))
        view = request.POST.get("view") if request.POST.get("view") in calendar.VIEWS else "month"
        back = reverse("admin:articles_article_calendar") + f"?{urlencode({'view': view, 'day': (day or timezone.localdate()).isoformat()})}"
        if day is None or not 1900 <= day.year <= 9000:
            messages.error(request, "Choose the day to move the story to.")
            return HttpResponseRedirect(back)
        try:
            story_move_to_day(article=article, user=request.user, day=day)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, f"“{article}” was not moved: {' '.join(getattr(error, 'messages', [str(error)]))}")
            return HttpResponseRedirect(back)
        self.log_change(request, article, f"Moved to {day:%-d %b %Y} on the calendar")
        messages.success(request, f"Moved “{article}” to {day:%-d %B %Y}.")
        return HttpResponseRedirect(back)

    # Preview and compare, from the form as it is in the browser

    def _unsaved(self, request, object_id):
        """The story as the posted form has it, without saving anything; and its chosen bylines and tags."""
        stored = self._story(request, object_id) if object_id else None
        if stored is None and not self.has_add_permission(request):
            raise PermissionDenied
        # The form fills its own copy of the row, so `stored` stays as saved.
        editing = Article.objects.get(pk=stored.pk) if stored else None
        form = self.get_form(request, stored, change=stored is not None)(request.POST, request.FILES, instance=editing)
        form.is_valid()  # fills the instance from every valid field; the errors are for the real save
        article = form.instance
        article.body_html = sanitize_body(strip_control_characters(article.body))
        links = {
            "authors": Author.objects.filter(pk__in=_ids(request.POST.getlist("authors"))),
            "tags": Tag.objects.filter(pk__in=_ids(request.POST.getlist("tags"))),
        }
        return stored, article, form, links

    def form_preview_view(self, request, object_id=None):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        stored, article, form, links = self._unsaved(request, object_id)
        response = TemplateResponse(
            request,
            "desk/preview.html",
            {
                "article": article,
                "stored": stored,
                "authors": list(links["authors"]),
                "tags": list(links["tags"]),
                "new_photo": bool(request.FILES.get("hero_image")),
                "form_errors": bool(form.errors),
            },
        )
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def compare_live_view(self, request, object_id):
        """What readers would see change: the version readers see now (or last saw) against this one, or against
        the form as posted, unsaved."""
        if request.method == "POST":
            stored, article, form, links = self._unsaved(request, object_id)
            current = article_snapshot(stored)  # the stored links, then the form's own fields and links
            for name in current:
                if name in form.cleaned_data and name not in ("_labels",):
                    value = form.cleaned_data[name]
                    if name in ("authors", "tags", "resolutions", "ambassadors"):
                        current[name] = sorted(obj.pk for obj in value)
                        current["_labels"][name] = [str(obj) for obj in sorted(value, key=lambda obj: obj.pk)]
                    elif hasattr(value, "pk"):
                        current[name] = value.pk
                        current["_labels"][name] = str(value)
                    elif name == "publish_at":
                        current[name] = value.isoformat() if value else None
                    elif name != "hero_image":
                        current[name] = value
            label = "your unsaved changes"
        else:
            stored = self._story(request, object_id, change=False)
            current, label = article_snapshot(stored), f"version {stored.version}"
        live = stored.revisions.filter(snapshot__status=Article.Status.PUBLISHED).order_by("-version", "-id").first()
        if stored.is_published:
            live_snapshot, live_label = article_snapshot(stored), "what readers see now"
        elif live is not None:
            live_snapshot, live_label = live.snapshot, f"what readers last saw (version {live.version})"
        else:
            live_snapshot, live_label = None, ""
        changes = article_revision_diff(live_snapshot, current) if live_snapshot else []
        return self._page(
            request,
            "admin/desk/compare_live.html",
            f"Compare with live: {stored}",
            original=stored,
            changes=changes,
            live_label=live_label,
            current_label=label,
            never_live=live_snapshot is None,
        )

    # Notes and sending back

    def add_note_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._story(request, object_id, change=False)
        back = reverse("admin:articles_article_change", args=[article.pk])
        try:
            note = note_add(article=article, user=request.user, text=request.POST.get("text", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(back + "#desk-notes")
        names = ", ".join(f"@{user.get_username()}" for user in note.mentions.all())
        messages.success(request, f"Note added{f'; {names} will get an email' if names else ''}.")
        return HttpResponseRedirect(back + f"#note-{note.pk}")

    def send_back_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._story(request, object_id)
        back = reverse("admin:articles_article_change", args=[article.pk])
        try:
            article_send_back(article=article, user=request.user, comment=request.POST.get("comment", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(back + "#desk-review")
        self.log_change(request, article, "Sent back to the writer")
        messages.success(request, f"“{article}” went back to its writer as a draft, with your comment.")
        return HttpResponseRedirect(back)
