"""The editorial roles and a writer's draft, as the story workflow tests use them."""

from tests.articles.conftest import (  # noqa: F401  (fixtures, found by name)
    desk_editor,
    desk_editor_client,
    other_writer,
    writer,
    writer_client,
    writers_draft,
)
