"""The admin site, as Django's own with one addition: search-select boxes whose options the searched model's
admin may label (`autocomplete_labeller`), so an editor tells eleven editions of one resolution apart by their
year and symbol instead of reading eleven identical titles."""

from django.contrib import admin

from .admin_widgets import LabelledAutocompleteJsonView


class NewsroomAdminSite(admin.AdminSite):
    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)
