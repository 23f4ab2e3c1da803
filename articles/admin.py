from django.contrib import admin, messages
from django.utils.html import format_html

from resolutions.admin import thumbnail

from .models import Article, Author, Section, Tag
from .services import article_publish, article_refresh_chair_year, article_unpublish


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "url")
    search_fields = ("name",)
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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("hero_thumbnail", "headline", "visibility", "publish_at", "section", "chair_year")
    list_display_links = ("hero_thumbnail", "headline")
    list_select_related = ("section", "chair_year__chair")
    list_filter = ("status", "chair_year", "section", "tags")
    search_fields = ("headline", "standfirst", "body", "resolutions__symbol")
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ("authors", "tags", "resolutions", "ambassadors", "chair_year_override", "section")
    readonly_fields = ("hero_preview", "chair_year", "created_at", "updated_at")
    actions = ("publish_selected", "unpublish_selected")
    fieldsets = (
        (None, {"fields": ("headline", "slug", "standfirst", "body")}),
        ("Photo", {"fields": ("hero_image", "hero_preview", "hero_alt", "hero_caption", "hero_credit")}),
        ("Credits", {"fields": ("authors", "source_name", "source_url", "credit_line")}),
        ("Filing", {"fields": ("section", "tags", "resolutions", "ambassadors", "chair_year_override", "chair_year")}),
        ("Publication", {"fields": ("status", "publish_at", "created_at", "updated_at")}),
    )

    @admin.display(description="Photo")
    def hero_thumbnail(self, obj):
        return thumbnail(obj.hero_image, obj.hero_alt)

    @admin.display(description="Current photo")
    def hero_preview(self, obj):
        return thumbnail(obj.hero_image, obj.hero_alt)

    @admin.display(description="Status", ordering="status")
    def visibility(self, obj):
        if obj.is_scheduled:
            return format_html('<strong title="Goes live at {}">Scheduled</strong>', obj.publish_at)
        return obj.get_status_display()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article_refresh_chair_year(article=form.instance)

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    @admin.action(description="Publish selected stories now", permissions=["publish"])
    def publish_selected(self, request, queryset):
        for article in queryset:
            article_publish(article=article)
        self.message_user(request, f"Published {len(queryset)} stories.", messages.SUCCESS)

    @admin.action(description="Unpublish selected stories (back to draft)", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        for article in queryset:
            article_unpublish(article=article)
        self.message_user(request, f"Unpublished {len(queryset)} stories.", messages.SUCCESS)
