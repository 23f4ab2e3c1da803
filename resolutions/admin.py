from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.html import format_html, format_html_join

from newsroom.admin_changelist import SafeDateHierarchyMixin
from newsroom.admin_widgets import SafeAutocompleteMixin, thumbnail
from newsroom.images import SafeImageFormField

from .models import Alias, Ambassador, ChairYear, Country, Resolution, ResolutionSeries, Tenure, Vote, compact_label
from .search import ambassadors_matching, parse, resolutions_matching


class RecordSearchMixin:
    """The admin's search box and search-select boxes find the record as the readers' search does (aliases,
    symbol fragments, years, sessions, countries): `record_matching(SearchTerms)` gives the matches."""

    def get_search_results(self, request, queryset, search_term):
        search = parse(search_term)
        if not search:
            return queryset, False
        return queryset.filter(pk__in=self.record_matching(search).values("pk")), False


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("name", "common_name", "iso_alpha2", "iso_alpha3", "iso_numeric", "asean_joined_year")
    list_filter = (("asean_joined_year", admin.EmptyFieldListFilter),)
    search_fields = ("name", "common_name", "iso_alpha2", "iso_alpha3")
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (None, {"fields": ("name", "common_name", "slug")}),
        ("ISO 3166", {"fields": ("iso_alpha2", "iso_alpha3", "iso_numeric")}),
        ("ASEAN membership", {"fields": ("asean_joined_year", "asean_joined_on")}),
        ("Sources", {"fields": ("sources",)}),
    )


@admin.register(ChairYear)
class ChairYearAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ("year", "chair", "theme")
    list_select_related = ("chair",)
    search_fields = ("year", "chair__name", "theme")
    autocomplete_fields = ("chair",)
    list_filter = ("chair",)


class TenureInline(SafeAutocompleteMixin, admin.TabularInline):
    model = Tenure
    extra = 0
    autocomplete_fields = ("country",)
    fields = ("post", "country", "organisation", "started_on", "ended_on", "note")


@admin.register(Ambassador)
class AmbassadorAdmin(RecordSearchMixin, SafeAutocompleteMixin, admin.ModelAdmin):
    formfield_overrides = {models.ImageField: {"form_class": SafeImageFormField}}  # re-encoded, no EXIF/GPS
    list_display = ("portrait_thumbnail", "full_name", "country", "birth_year")
    list_display_links = ("portrait_thumbnail", "full_name")
    list_select_related = ("country",)
    list_filter = ("country",)
    search_fields = ("full_name", "native_name", "country__name")
    autocomplete_fields = ("country",)
    prepopulated_fields = {"slug": ("full_name",)}
    readonly_fields = ("portrait_preview",)
    inlines = (TenureInline,)
    fieldsets = (
        (None, {"fields": ("full_name", "native_name", "slug", "country", "birth_year")}),
        ("Portrait", {"fields": ("portrait", "portrait_preview", "portrait_alt")}),
        ("About", {"fields": ("bio", "sources")}),
    )

    record_matching = staticmethod(ambassadors_matching)

    def autocomplete_labeller(self, request):
        """“Sovann Ke · Cambodia”: by name and the country they represent."""
        return lambda ambassador: f"{ambassador.full_name} · {ambassador.country.name}"

    @admin.display(description="Portrait")
    def portrait_thumbnail(self, obj):
        return thumbnail(obj.portrait, obj.portrait_alt)

    @admin.display(description="Current portrait")
    def portrait_preview(self, obj):
        return thumbnail(obj.portrait, obj.portrait_alt)


@admin.register(ResolutionSeries)
class ResolutionSeriesAdmin(admin.ModelAdmin):
    list_display = ("title", "first_adopted_year", "interval_years", "edition_count")
    search_fields = ("title", "agenda_item")
    prepopulated_fields = {"slug": ("title",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(edition_total=Count("resolutions"))

    @admin.display(description="Editions", ordering="edition_total")
    def edition_count(self, obj):
        return obj.edition_total


class VoteInline(admin.TabularInline):
    """Each member's vote, as import_votes stored it from the Library's data: read here, corrected by importing."""

    model = Vote
    extra = 0
    fields = ("country", "vote", "member_name")
    readonly_fields = fields
    can_delete = False
    ordering = ("country__name",)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country")


@admin.register(Resolution)
class ResolutionAdmin(RecordSearchMixin, SafeDateHierarchyMixin, SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ("title", "symbol", "year", "adopted_on", "organ", "adoption_method", "co_sponsor_count", "series")
    list_select_related = ("series",)
    list_filter = ("organ", "series", "adoption_method", "chair_year")
    search_fields = ("title", "symbol", "draft_symbol", "introduced_by__full_name")
    date_hierarchy = "adopted_on"
    autocomplete_fields = ("co_sponsors", "drafting_lead", "chair_year", "introduced_by", "series")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("imported_values",)
    inlines = (VoteInline,)
    fieldsets = (
        (None, {"fields": ("title", "slug", "series", "summary")}),
        (
            "Identity",
            {"fields": ("symbol", "draft_symbol", "organ", "session", "agenda_item", "document_url", "undl_record_id")},
        ),
        ("Adoption", {"fields": ("year", "adopted_on", "meeting", "adoption_method", "vote_note")}),
        (
            "Recorded vote",
            {"classes": ("collapse",), "fields": ("votes_yes", "votes_no", "votes_abstain", "votes_non_voting")},
        ),
        (
            "Sponsors and introduction",
            {
                "fields": (
                    "co_sponsor_count",
                    "co_sponsors",
                    "drafting_lead",
                    "chair_year",
                    "introduced_by",
                    "introduced_on_behalf_of",
                )
            },
        ),
        ("Sources", {"fields": ("sources", "imported_values")}),
    )

    @admin.display(description="Imported values")
    def imported_values(self, obj):
        """What import_undl and import_votes set, and from where. Change a value and imports leave it alone."""
        if not obj or not obj.field_sources:
            return "None: every value here was entered by hand."
        rows = ((name, entry.get("value"), entry.get("source")) for name, entry in sorted(obj.field_sources.items()))
        items = format_html_join("", "<li><strong>{}</strong>: {} <em>({})</em></li>", rows)
        return format_html('<ul class="imported-values">{}</ul>', items)

    record_matching = staticmethod(resolutions_matching)

    def autocomplete_labeller(self, request):
        """“2020 · A/RES/75/… · Cooperation between UN and ASEAN”: year and symbol first, long names as acronyms."""
        acronyms = {alias.means: alias.name for alias in Alias.objects.all() if alias.is_acronym}
        return lambda resolution: compact_label(
            year=resolution.year, symbol=resolution.symbol, session=resolution.session, title=resolution.title,
            acronyms=acronyms,
        )


@admin.register(Alias)
class AliasAdmin(admin.ModelAdmin):
    list_display = ("name", "means")
    search_fields = ("name", "means")
