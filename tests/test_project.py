import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def run_check(**env):
    return subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='newsroom.settings'; django.setup()"],
        cwd=settings.BASE_DIR,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )


@pytest.mark.slow
def test_production_refuses_to_start_without_a_secret_key():
    result = run_check(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.slow
def test_production_starts_with_a_secret_key_and_a_site_url():
    assert run_check(
        DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x" * 60, NEWSROOM_SITE_URL="https://news.example.org"
    ).returncode == 0


@pytest.mark.slow
def test_production_refuses_to_start_without_the_site_url_share_links_use():
    result = run_check(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x" * 60, NEWSROOM_SITE_URL="")
    assert result.returncode != 0
    assert "Set NEWSROOM_SITE_URL" in result.stderr


@pytest.mark.slow
def test_development_keeps_a_local_site_url():
    program = "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    result = subprocess.run(
        [sys.executable, "-c", program], cwd=settings.BASE_DIR, capture_output=True, text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "DJANGO_DEBUG": "true", "NEWSROOM_SITE_URL": ""},
    )
    assert result.stdout.strip() == "http://127.0.0.1:8000"


@pytest.mark.django_db
def test_the_system_checks_of_the_database_in_use_are_clean():
    """What `migrate` and `runserver` print on every start: nothing, on SQLite as on PostgreSQL."""
    call_command("check", databases=["default"], fail_level="WARNING")
