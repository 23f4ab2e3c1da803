import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploads in a temporary folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def demo(db):
    """The demo content, as `make run` loads it."""
    call_command("load_demo", stdout=open("/dev/null", "w"))


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-password-1")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
