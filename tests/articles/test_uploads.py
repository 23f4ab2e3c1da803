"""Image uploads through the real admin forms: Pillow decides, bombs and fakes are refused, GPS never leaves."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Article
from resolutions.models import Ambassador
from tests.articles.admin_helpers import admin_url, form_data
from tests.factories import AmbassadorFactory, ArticleFactory

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def image_bytes(fmt="JPEG", size=(64, 48), color="red", **save_options):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt, **save_options)
    return buffer.getvalue()


def jpeg_with_gps(size=(60, 40), orientation=None):
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 51.0, 0.0)})
    if orientation:
        exif[ORIENTATION] = orientation
    return image_bytes("JPEG", size=size, exif=exif.tobytes())


def upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type)


@pytest.fixture
def story_with_photo(desk_editor_client):
    """A story whose photo A was uploaded through the admin, so it is really on disk."""
    article = ArticleFactory(status=Article.Status.DRAFT)
    data = form_data(article, hero_image=upload("a.jpg", image_bytes()))
    assert desk_editor_client.post(admin_url("change", article.pk), data).status_code == 302
    article.refresh_from_db()
    assert os.path.exists(article.hero_image.path)
    return article


def post_photo(client, article, file):
    article.refresh_from_db()
    return client.post(admin_url("change", article.pk), form_data(article, hero_image=file))


def assert_refused_and_photo_kept(response, article, message):
    assert response.status_code == 200
    assert message in response.content.decode()
    name, path = article.hero_image.name, article.hero_image.path
    article.refresh_from_db()
    assert article.hero_image.name == name
    assert os.path.exists(path)


def test_decompression_bomb_is_refused_before_decoding(desk_editor_client, story_with_photo):
    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000), 0).save(buffer, "PNG")  # a few kB on disk, 100 megapixels decoded
    assert len(buffer.getvalue()) < 1_000_000
    response = post_photo(desk_editor_client, story_with_photo, upload("bomb.png", buffer.getvalue(), "image/png"))
    assert_refused_and_photo_kept(response, story_with_photo, "more than 40 megapixels")


def test_truncated_jpeg_is_refused(desk_editor_client, story_with_photo):
    cut = image_bytes(size=(400, 300))[:400]
    response = post_photo(desk_editor_client, story_with_photo, upload("cut.jpg", cut))
    assert_refused_and_photo_kept(response, story_with_photo, "not a readable image")


def test_svg_named_jpg_is_refused(desk_editor_client, story_with_photo):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>'
    response = post_photo(desk_editor_client, story_with_photo, upload("logo.jpg", svg))
    assert_refused_and_photo_kept(response, story_with_photo, "SVG is not accepted")


def test_text_named_png_is_refused(desk_editor_client, story_with_photo):
    response = post_photo(desk_editor_client, story_with_photo, upload("notes.png", b"just some text\n" * 20))
    assert_refused_and_photo_kept(response, story_with_photo, "not a readable image")


def test_file_over_20_mb_is_refused(desk_editor_client, story_with_photo):
    big = image_bytes() + os.urandom(21 * 1024 * 1024)
    response = post_photo(desk_editor_client, story_with_photo, upload("huge.jpg", big))
    assert_refused_and_photo_kept(response, story_with_photo, "larger than 20 MB")


def test_other_image_formats_are_refused(desk_editor_client, story_with_photo):
    response = post_photo(desk_editor_client, story_with_photo, upload("scan.jpg", image_bytes("TIFF")))
    assert_refused_and_photo_kept(response, story_with_photo, "Upload a JPEG, PNG, WebP or GIF image")


def test_gps_and_exif_are_stripped_from_the_stored_photo(desk_editor_client, story_with_photo):
    source = Image.open(io.BytesIO(jpeg_with_gps()))
    assert source.getexif().get_ifd(GPS_IFD)  # the upload really carries a position

    assert post_photo(desk_editor_client, story_with_photo, upload("scene.jpg", jpeg_with_gps())).status_code == 302

    story_with_photo.refresh_from_db()
    with Image.open(story_with_photo.hero_image.path) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif().get_ifd(GPS_IFD)
        assert len(stored.getexif()) == 0
        assert "xmp" not in stored.info and "exif" not in stored.info
    assert (story_with_photo.hero_width, story_with_photo.hero_height) == (60, 40)


def test_orientation_is_applied_before_the_exif_goes(desk_editor_client, story_with_photo):
    rotated = jpeg_with_gps(size=(60, 40), orientation=6)  # "rotate 90° clockwise to display"
    assert post_photo(desk_editor_client, story_with_photo, upload("side.jpg", rotated)).status_code == 302
    story_with_photo.refresh_from_db()
    with Image.open(story_with_photo.hero_image.path) as stored:
        assert stored.size == (40, 60)
    assert (story_with_photo.hero_width, story_with_photo.hero_height) == (40, 60)


def test_file_name_is_cleaned_and_the_extension_tells_the_truth(desk_editor_client, story_with_photo):
    png = image_bytes("PNG")
    assert post_photo(desk_editor_client, story_with_photo, upload("../My Photo (1).JPG", png)).status_code == 302
    story_with_photo.refresh_from_db()
    name = os.path.basename(story_with_photo.hero_image.name)
    assert name.startswith("my-photo-1-") and name.endswith(".png")
    assert story_with_photo.hero_image.name.startswith("articles/")


def test_ambassador_portrait_gets_the_same_treatment(desk_editor_client):
    ambassador = AmbassadorFactory()
    url = reverse("admin:resolutions_ambassador_change", args=[ambassador.pk])
    data = {
        "full_name": ambassador.full_name, "slug": ambassador.slug, "country": ambassador.country_id,
        "tenures-TOTAL_FORMS": 0, "tenures-INITIAL_FORMS": 0,
    }
    svg = upload("portrait.jpg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert desk_editor_client.post(url, {**data, "portrait": svg}).status_code == 200
    response = desk_editor_client.post(url, {**data, "portrait": upload("Portrait.jpeg", jpeg_with_gps())})
    assert response.status_code == 302, response.content.decode()[-3000:]
    ambassador = Ambassador.objects.get(pk=ambassador.pk)
    with Image.open(ambassador.portrait.path) as stored:
        assert not stored.getexif().get_ifd(GPS_IFD)
    assert os.path.basename(ambassador.portrait.name).startswith("portrait-")


def test_animated_gif_keeps_its_frames(desk_editor_client, story_with_photo):
    frames = [Image.new("RGB", (20, 20), color) for color in ("red", "green", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], loop=0)
    assert Image.open(io.BytesIO(buffer.getvalue())).n_frames == 3
    response = post_photo(desk_editor_client, story_with_photo, upload("anim.gif", buffer.getvalue(), "image/gif"))
    assert response.status_code == 302
    story_with_photo.refresh_from_db()
    with Image.open(story_with_photo.hero_image.path) as stored:
        assert stored.n_frames == 3


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_every_format_loses_exif_xmp_and_gps(fmt):
    from newsroom.images import clean_image

    exif = Image.Exif()
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (21.0, 1.0, 30.0)})
    options = {"exif": exif.tobytes()} | ({} if fmt == "PNG" else {"xmp": b"<x:xmpmeta>geo</x:xmpmeta>"})
    source = image_bytes(fmt, **options)
    assert Image.open(io.BytesIO(source)).getexif().get_ifd(GPS_IFD)

    cleaned = clean_image(upload(f"x.{fmt.lower()}", source))

    with Image.open(io.BytesIO(cleaned.read())) as stored:
        assert stored.format == fmt
        assert not stored.getexif()
        assert not {"exif", "xmp"} & set(stored.info)
