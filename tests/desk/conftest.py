"""Fixtures for the desk: the two roles, and a real SMTP server on loopback that keeps what it receives."""

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

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


class Inbox:
    """What the SMTP server received: parsed messages, with their envelope recipients."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        message.recipients = list(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def to(self, address):
        return [m for m in self.messages if address in m.recipients]

    @staticmethod
    def text(message):
        return message.get_body(preferencelist=("plain",)).get_content()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """aiosmtpd on 127.0.0.1, with Django's SMTP backend pointed at it (as EMAIL_URL=smtp://127.0.0.1:PORT does)."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


@pytest.fixture
def smtp_down(settings):
    """Django's SMTP backend pointed at a loopback port where nothing listens: the mail server is down."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 2
