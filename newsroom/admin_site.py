"""The admin site, as Django's own with two changes: search-select boxes whose options the searched model's
admin may label (`autocomplete_labeller`), so an editor tells eleven editions of one resolution apart by their
year and symbol instead of reading eleven identical titles; and a "View on site" redirect that only follows
objects the user can see in that model's admin list."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import path

from .admin_widgets import LabelledAutocompleteJsonView


class NewsroomAdminSite(admin.AdminSite):
    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)

    def get_urls(self):
        urls = [url for url in super().get_urls() if getattr(url, "name", None) != "view_on_site"]
        view = path(
            "r/<int:content_type_id>/<path:object_id>/", self.admin_view(self.view_on_site), name="view_on_site"
        )
        return [view, *urls]

    def view_on_site(self, request, content_type_id, object_id):
        """Django's redirect reveals the address (a draft's slug) of any object to any staff user: here it answers
        only for objects of a registered model that the user's admin list shows, else "not found"."""
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist:
            raise Http404("No such object.") from None
        model_admin = self._registry.get(model)
        if model_admin is None or not model_admin.has_view_or_change_permission(request):
            raise Http404("No such object.")
        try:
            listed = model_admin.get_queryset(request).filter(pk=object_id).exists()
        except (ValueError, TypeError, ValidationError, OverflowError):
            listed = False
        if not listed:
            raise Http404("No such object.")
        return shortcut(request, content_type_id, object_id)
