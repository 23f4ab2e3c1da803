"""Every image that passes validation renders; one that cannot is a form error with the story's text kept and no
file left behind. Stored uploads carry no hidden payload: no comments, and colours in sRGB with no profile bytes."""

import io
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms

from articles.models import Article
from newsroom.images import clean_image, validate_image
from newsroom.renditions import make_renditions, rendition_name, rendition_widths
from tests.articles.admin_helpers import admin_url, form_data
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

CANNOT_RENDER = "too tall or too wide"


def png(size, mode="L"):
    buffer = io.BytesIO()
    Image.new(mode, size, 200).save(buffer, "PNG")
    return SimpleUploadedFile("tall.png", buffer.getvalue(), "image/png")


def files_under(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()) if root.exists() else []


def test_a_tall_image_webp_cannot_hold_is_a_form_error_and_the_text_stays(desk_editor_client, settings):
    story = ArticleFactory(status=Article.Status.DRAFT, headline="Before")
    before = files_under(settings.MEDIA_ROOT)
    data = form_data(story, headline="My new headline", body="<p>Three hours of work.</p>", hero_image=png((1000, 20000)))

    response = desk_editor_client.post(admin_url("change", story.pk), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert CANNOT_RENDER in html
    assert 'value="My new headline"' in html and "Three hours of work." in html
    assert Article.objects.get(pk=story.pk).headline == "Before"
    assert files_under(settings.MEDIA_ROOT) == before


def test_an_upright_turned_photo_is_judged_upright():
    exif = Image.Exif()
    exif[0x0112] = 6  # displayed rotated: 20000 wide on disk is 20000 tall on screen
    buffer = io.BytesIO()
    Image.new("RGB", (20000, 1000), "white").save(buffer, "JPEG", exif=exif.tobytes())
    with pytest.raises(ValidationError, match=CANNOT_RENDER):
        validate_image(SimpleUploadedFile("turned.jpg", buffer.getvalue(), "image/jpeg"))


@pytest.mark.parametrize(
    "size",
    [(1000, 20000), (480, 16383), (480, 16384), (100, 16383), (1, 16383), (16383, 1), (20000, 1), (3, 16384)],
)
def test_every_image_that_passes_validation_renders(size):
    upload = png(size)
    try:
        validate_image(upload)
    except ValidationError:
        return  # refused up front: fine
    story = ArticleFactory(hero_image=clean_image(upload))  # the post_save receiver makes every rendition
    assert (story.hero_width, story.hero_height) == size
    for width in rendition_widths(story.hero_width):
        for ext in ("webp", "jpg"):
            assert default_storage.exists(rendition_name(story.hero_image.name, width, ext))


def test_a_failing_rendition_leaves_none_of_its_siblings(settings):
    story = ArticleFactory(hero_image=SimpleUploadedFile("ok.png", png((900, 100)).read(), "image/png"))
    with default_storage.open(story.hero_image.name, "wb") as original:  # now too tall for WebP, as on old uploads
        Image.new("L", (900, 20000), 10).save(original, "PNG")
    renditions = settings.MEDIA_ROOT / "renditions"
    for path in renditions.rglob("*"):
        if path.is_file():
            path.unlink()

    with pytest.raises(Exception):  # noqa: B017, PT011  Pillow's own encoder error
        make_renditions(story.hero_image, 900)

    assert files_under(renditions) == []


# No hidden payload


def sent(fmt, **options):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, fmt, **options)
    return SimpleUploadedFile(f"upload.{fmt.lower()}", buffer.getvalue(), f"image/{fmt.lower()}")


def srgb_with(payload):
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes() + payload


@pytest.mark.parametrize("fmt", ["JPEG", "GIF"])
def test_comments_are_dropped(fmt):
    stored = clean_image(sent(fmt, comment=b"PAYLOAD-IN-A-COMMENT")).read()
    assert b"PAYLOAD-IN-A-COMMENT" not in stored
    assert "comment" not in Image.open(io.BytesIO(stored)).info


def test_an_animated_gif_keeps_its_frames_and_loses_its_comment():
    frames = [Image.new("RGB", (20, 20), colour).convert("P") for colour in ("red", "green", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], loop=0, comment=b"PAYLOAD-GIF")
    stored = clean_image(SimpleUploadedFile("a.gif", buffer.getvalue(), "image/gif")).read()
    assert b"PAYLOAD-GIF" not in stored
    assert Image.open(io.BytesIO(stored)).n_frames == 3


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
@pytest.mark.parametrize("profile", [srgb_with(b"PAYLOAD-IN-THE-PROFILE"), b"PAYLOAD-IN-THE-PROFILE" * 20])
def test_profile_bytes_go_and_the_colours_stay(fmt, profile):
    stored = clean_image(sent(fmt, icc_profile=profile)).read()

    assert b"PAYLOAD-IN-THE-PROFILE" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.info.get("icc_profile")
        red, green, blue = image.convert("RGB").getpixel((20, 15))
    assert red > 170 and green < 70 and blue < 70


def test_an_uploaded_photo_is_stored_without_comment_or_profile(desk_editor_client):
    story = ArticleFactory(status=Article.Status.DRAFT)
    upload = sent("JPEG", comment=b"PAYLOAD-C", icc_profile=srgb_with(b"PAYLOAD-P"))
    assert desk_editor_client.post(admin_url("change", story.pk), form_data(story, hero_image=upload)).status_code == 302
    story.refresh_from_db()
    with open(story.hero_image.path, "rb") as stored:
        content = stored.read()
    assert b"PAYLOAD-C" not in content and b"PAYLOAD-P" not in content
    assert os.path.getsize(story.hero_image.path) > 0
