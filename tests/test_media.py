"""Uploads served by the app itself when debug is off and they are on local disk (`make serve`, one server)."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo(settings, tmp_path):
    folder = settings.MEDIA_ROOT / "articles" / "2026" / "12"
    folder.mkdir(parents=True)
    (folder / "delegates-1a2b3c4d.webp").write_bytes(b"RIFF....WEBPVP8 ")
    (tmp_path / "secret.txt").write_text("not for readers")
    return "/media/articles/2026/12/delegates-1a2b3c4d.webp"


def test_uploads_on_local_disk_are_served_by_default():
    assert settings.NEWSROOM_SERVE_MEDIA and not settings.MEDIA_S3_BUCKET


def test_an_upload_is_served_with_long_caching_and_a_sandbox(client, photo):
    response = client.get(photo)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"RIFF....WEBPVP8 "
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_revalidation_gets_304(client, photo):
    modified = client.get(photo)["Last-Modified"]
    assert client.get(photo, headers={"if-modified-since": modified}).status_code == 304


@pytest.mark.parametrize("path", ["/media/../secret.txt", "/media/%2e%2e/secret.txt", "/media/articles/", "/media/nothing.jpg"])
def test_nothing_outside_the_media_folder_or_missing_is_served(client, photo, path):
    assert client.get(path).status_code == 404
