"""Responsive renditions: made when an image is saved, never upscaled, and used by pages without file I/O."""

import io
import shutil

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.template import Context, Template
from PIL import Image

from newsroom.renditions import rendition_name, rendition_widths
from tests.factories import AmbassadorFactory, ArticleFactory

pytestmark = pytest.mark.django_db


def upload(width, height, name="photo.png", mode="RGBA"):
    buffer = io.BytesIO()
    Image.new(mode, (width, height), (200, 30, 30, 128) if mode == "RGBA" else (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_widths_are_never_upscaled():
    assert rendition_widths(2400) == [480, 800, 1200, 1600]
    assert rendition_widths(1600) == [480, 800, 1200, 1600]
    assert rendition_widths(1000) == [480, 800, 1000]
    assert rendition_widths(300) == [300]
    assert rendition_widths(None) == []


def test_saving_a_story_photo_makes_webp_and_jpeg_renditions(db):
    story = ArticleFactory(hero_image=upload(1000, 500))
    for width in (480, 800, 1000):
        for ext, fmt in (("webp", "WEBP"), ("jpg", "JPEG")):
            name = rendition_name(story.hero_image.name, width, ext)
            with default_storage.open(name) as f, Image.open(f) as image:
                assert image.format == fmt
                assert image.size == (width, width // 2)
    assert not default_storage.exists(rendition_name(story.hero_image.name, 1200, "jpg"))


def test_transparent_images_get_a_white_background_in_jpeg(db):
    story = ArticleFactory(hero_image=upload(480, 100))
    with default_storage.open(rendition_name(story.hero_image.name, 480, "jpg")) as f, Image.open(f) as image:
        _, green, _ = image.convert("RGB").getpixel((10, 10))
        assert green > 100  # blended with white, not with black


def test_saving_an_ambassador_portrait_makes_renditions(db):
    ambassador = AmbassadorFactory(portrait=upload(600, 800, name="quy.png"))
    assert ambassador.portrait_width == 600
    assert default_storage.exists(rendition_name(ambassador.portrait.name, 600, "webp"))
    assert default_storage.exists(rendition_name(ambassador.portrait.name, 480, "jpg"))


def render_picture(obj, **options):
    extra = " ".join(f'{k}="{v}"' for k, v in options.items())
    template = Template(
        "{% load renditions %}{% picture image w h alt " + extra + " %}"
    )
    return template.render(Context({"image": obj.hero_image, "w": obj.hero_width, "h": obj.hero_height, "alt": obj.hero_alt}))


def test_picture_tag_writes_responsive_markup(db):
    story = ArticleFactory(hero_image=upload(2000, 1000), hero_alt='Delegates "voting"')
    html = render_picture(story, sizes="50vw")
    stem = story.hero_image.name.rsplit(".", 1)[0]
    assert html.startswith('<picture><source type="image/webp" srcset="/media/renditions/')
    assert f"/media/renditions/{stem}-480.webp 480w" in html
    assert f"/media/renditions/{stem}-1600.jpg 1600w" in html
    assert 'sizes="50vw"' in html
    assert 'width="1600" height="800"' in html
    assert 'alt="Delegates &quot;voting&quot;"' in html
    assert 'loading="lazy" decoding="async"' in html
    assert "fetchpriority" not in html


def test_hero_picture_is_eager_with_high_priority(db):
    story = ArticleFactory(hero_image=upload(900, 600))
    html = render_picture(story, loading="eager")
    assert 'loading="eager" fetchpriority="high"' in html


def test_picture_tag_outputs_nothing_without_an_image(db):
    assert render_picture(ArticleFactory()) == ""


def test_article_page_uses_renditions_without_opening_any_file(client, db, settings):
    story = ArticleFactory(hero_image=upload(1200, 600), hero_alt="The Assembly hall", hero_caption="The vote")
    shutil.rmtree(settings.MEDIA_ROOT)  # a page view that touched the files would now fail
    response = client.get(story.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert 'alt="The Assembly hall"' in html
    assert 'fetchpriority="high"' in html
    assert "<figcaption>The vote" in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert "-1200.jpg" in html.split('property="og:image"')[1].split(">")[0]


def test_make_renditions_backfills_missing_files_and_sizes(db):
    story = ArticleFactory(hero_image=upload(500, 250))
    missing = rendition_name(story.hero_image.name, 480, "webp")
    default_storage.delete(missing)
    type(story).objects.filter(pk=story.pk).update(hero_width=None, hero_height=None)
    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    assert default_storage.exists(missing)
    assert "1 image sizes stored" in out.getvalue()
    story.refresh_from_db()
    assert (story.hero_width, story.hero_height) == (500, 250)


def test_make_renditions_reports_an_unreadable_original_and_goes_on(db):
    broken = ArticleFactory(hero_image=upload(500, 250, name="broken.png"))
    fine = ArticleFactory(hero_image=upload(500, 250, name="fine.png"))
    with default_storage.open(broken.hero_image.name, "wb") as f:
        f.write(b"not an image")
    default_storage.delete(rendition_name(fine.hero_image.name, 480, "jpg"))
    for name in [rendition_name(broken.hero_image.name, w, e) for w in (480, 500) for e in ("jpg", "webp")]:
        default_storage.delete(name)
    out, err = io.StringIO(), io.StringIO()
    call_command("make_renditions", stdout=out, stderr=err)
    assert "1 images failed" in out.getvalue()
    assert "broken" in err.getvalue()
    assert default_storage.exists(rendition_name(fine.hero_image.name, 480, "jpg"))
