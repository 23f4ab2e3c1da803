"""Fixtures for the desk: the two editorial roles (the SMTP server fixtures are in tests/conftest.py)."""

import pytest

from tests.articles.admin_helpers import logged_in, make_user


@pytest.fixture
def writer(db, django_user_model):
    return make_user(django_user_model, "wendy", "Writers")


@pytest.fixture
def other_writer(db, django_user_model):
    return make_user(django_user_model, "walter", "Writers")


@pytest.fixture
def desk_editor(db, django_user_model):
    return make_user(django_user_model, "edith", "Editors")


@pytest.fixture
def writer_client(writer):
    return logged_in(writer)


@pytest.fixture
def desk_editor_client(desk_editor):
    return logged_in(desk_editor)
