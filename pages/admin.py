from django.contrib import admin

from .models import Page


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    """Editors rewrite the pages; none is added or deleted here: every purpose has one page, linked from the
    footer of every page and listed in the sitemap."""

    list_display = ("title", "slug", "updated_at")
    readonly_fields = ("updated_at",)
    fields = ("slug", "title", "body", "updated_at")
    actions = None

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        """Only a purpose without its page (a new purpose in the code) can be added."""
        return super().has_add_permission(request) and Page.objects.count() < len(Page.Purpose)
