"""What the open data says about each record and story: the facts the pages show, with their sources."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from articles.models import Article
from resolutions.models import Ambassador, ChairYear, Country, Resolution, Tenure, Vote


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The object's page on the site, as an absolute address."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


@extend_schema_field(OpenApiTypes.URI)
class ApiUrlField(serializers.Field):
    """The object's address in this API."""

    def __init__(self, view_name, lookup, **kwargs):
        self.view_name, self.lookup = view_name, lookup
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        return reverse(self.view_name, args=[getattr(obj, self.lookup)], request=self.context["request"])


class SourceSerializer(serializers.Serializer):
    text = serializers.CharField()
    url = serializers.URLField(allow_null=True)


class SourcesField(serializers.ListField):
    """One entry per line of the record's sources: the citation, and its address when it is one."""

    child = SourceSerializer()

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        return [{"text": text, "url": url} for text, url in obj.source_list]


class CountrySerializer(serializers.ModelSerializer):
    url = PageUrlField()

    class Meta:
        model = Country
        fields = ("name", "iso_alpha3", "iso_alpha2", "url")


class ResolutionRefSerializer(serializers.ModelSerializer):
    api_url = ApiUrlField("api:resolution-detail", "slug")

    class Meta:
        model = Resolution
        fields = ("slug", "symbol", "title", "year", "api_url")


class AmbassadorRefSerializer(serializers.ModelSerializer):
    api_url = ApiUrlField("api:ambassador-detail", "slug")

    class Meta:
        model = Ambassador
        fields = ("slug", "full_name", "api_url")


class SeriesSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    url = PageUrlField()
    csv_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_csv_url(self, series):
        return reverse("resolutions:series_csv", args=[series.slug], request=self.context["request"])


class VotesSerializer(serializers.Serializer):
    yes = serializers.IntegerField(source="votes_yes", allow_null=True)
    no = serializers.IntegerField(source="votes_no", allow_null=True)
    abstain = serializers.IntegerField(source="votes_abstain", allow_null=True)
    non_voting = serializers.IntegerField(source="votes_non_voting", allow_null=True)


class CosponsorRecordSerializer(serializers.Serializer):
    summary = serializers.CharField()
    basis = serializers.CharField()


class FieldSourceSerializer(serializers.Serializer):
    value = serializers.JSONField()
    source = serializers.CharField()


class ResolutionSerializer(serializers.ModelSerializer):
    url = PageUrlField()
    api_url = ApiUrlField("api:resolution-detail", "slug")
    organ = serializers.CharField(source="get_organ_display")
    adoption_method = serializers.ChoiceField(choices=Resolution.Method.choices, allow_blank=True)
    votes = VotesSerializer(source="*", read_only=True)
    co_sponsor_count = serializers.IntegerField(source="cosponsors_total", allow_null=True)
    co_sponsors = CountrySerializer(many=True)
    cosponsor_record = serializers.SerializerMethodField()
    series = SeriesSerializer(allow_null=True)
    chair_year = serializers.IntegerField(source="chair_year.year", allow_null=True, default=None)
    introduced_by = AmbassadorRefSerializer(allow_null=True)
    document_url = serializers.URLField(source="official_document_url", allow_blank=True)
    undl_url = serializers.URLField(allow_blank=True)
    sources = SourcesField()
    field_sources = serializers.DictField(child=FieldSourceSerializer(), help_text="What an import set, and from where.")

    class Meta:
        model = Resolution
        fields = (
            "slug", "url", "api_url", "symbol", "draft_symbol", "title", "organ", "session", "agenda_item", "year",
            "adopted_on", "meeting", "adoption_method", "vote_note", "votes", "co_sponsor_count", "co_sponsors",
            "cosponsor_record", "series", "chair_year", "introduced_by", "introduced_on_behalf_of", "document_url",
            "undl_record_id", "undl_url", "summary", "sources", "field_sources",
        )

    @extend_schema_field(CosponsorRecordSerializer(allow_null=True))
    def get_cosponsor_record(self, resolution):
        record = resolution.cosponsor_record
        if record is None or not record.summary:
            return None
        return {"summary": record.summary, "basis": record.basis}


class CountryVoteSerializer(serializers.ModelSerializer):
    country = CountrySerializer()
    asean_member = serializers.SerializerMethodField(help_text="An ASEAN member on the day of the vote.")

    class Meta:
        model = Vote
        fields = ("country", "vote", "member_name", "asean_member")

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_asean_member(self, vote):
        return vote.country.was_asean_member_on(vote.resolution.adoption_day)


class ResolutionDetailSerializer(ResolutionSerializer):
    country_votes = CountryVoteSerializer(source="votes", many=True, help_text="Recorded votes only.")

    class Meta(ResolutionSerializer.Meta):
        fields = (*ResolutionSerializer.Meta.fields, "country_votes")


class TenureSerializer(serializers.ModelSerializer):
    post = serializers.CharField(source="get_post_display")
    country = CountrySerializer()

    class Meta:
        model = Tenure
        fields = ("post", "country", "organisation", "started_on", "ended_on", "note")


class AmbassadorSerializer(serializers.ModelSerializer):
    url = PageUrlField()
    api_url = ApiUrlField("api:ambassador-detail", "slug")
    country = CountrySerializer()
    portrait = serializers.SerializerMethodField()
    tenures = TenureSerializer(many=True)
    resolutions_introduced = ResolutionRefSerializer(many=True)
    sources = SourcesField()

    class Meta:
        model = Ambassador
        fields = (
            "slug", "url", "api_url", "full_name", "native_name", "country", "birth_year", "bio", "portrait",
            "portrait_alt", "tenures", "resolutions_introduced", "sources",
        )

    @extend_schema_field(OpenApiTypes.URI)
    def get_portrait(self, ambassador):
        return self.context["request"].build_absolute_uri(ambassador.portrait.url) if ambassador.portrait else None


class ChairYearSerializer(serializers.ModelSerializer):
    url = PageUrlField()
    api_url = ApiUrlField("api:chair-year-detail", "year")
    chair = CountrySerializer()
    resolutions = ResolutionRefSerializer(many=True)
    sources = SourcesField()

    class Meta:
        model = ChairYear
        fields = ("year", "url", "api_url", "chair", "theme", "resolutions", "sources")


class NamedSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.SlugField()


class ImageSerializer(serializers.Serializer):
    url = serializers.URLField()
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)
    alt = serializers.CharField()
    caption = serializers.CharField()
    credit = serializers.CharField()


class StorySerializer(serializers.ModelSerializer):
    url = PageUrlField()
    api_url = ApiUrlField("api:story-detail", "slug")
    section = NamedSerializer(allow_null=True)
    tags = NamedSerializer(many=True)
    authors = NamedSerializer(many=True, help_text="Bylines.")
    type = serializers.ChoiceField(
        source="story_type", choices=Article.Type.choices, help_text="What kind of story: news, analysis, opinion or explainer."
    )
    chair_year = serializers.IntegerField(source="chair_year.year", allow_null=True, default=None)
    resolutions = ResolutionRefSerializer(many=True)
    ambassadors = AmbassadorRefSerializer(many=True)
    image = serializers.SerializerMethodField()
    modified_at = serializers.DateTimeField(
        read_only=True, help_text="When readers were last told the story changed: a significant update or a correction "
        "(the page's “Updated”), else its publication; a quiet fix leaves it be.",
    )

    class Meta:
        model = Article
        fields = (
            "slug", "url", "api_url", "type", "headline", "standfirst", "publish_at", "modified_at", "updated_at",
            "section", "tags",
            "authors", "chair_year", "resolutions", "ambassadors", "image", "source_name", "source_url",
            "credit_line",
        )

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_image(self, story):
        if not story.hero_image:
            return None
        return {
            "url": self.context["request"].build_absolute_uri(story.hero_image.url),
            "width": story.hero_width,
            "height": story.hero_height,
            "alt": story.hero_alt,
            "caption": story.hero_caption,
            "credit": story.hero_credit,
        }


class StoryDetailSerializer(StorySerializer):
    body_html = serializers.CharField(help_text="The cleaned body readers see (limited HTML).")

    class Meta(StorySerializer.Meta):
        fields = (*StorySerializer.Meta.fields, "body_html")
