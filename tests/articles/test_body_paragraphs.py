"""A body written as plain paragraphs keeps every paragraph, also next to a heading, a list or a quote."""

import pytest

from articles.html import sanitize_body


@pytest.mark.parametrize(
    "block",
    ["<h2>The vote</h2>", "<ul><li>one</li>\n\n<li>two</li></ul>", "<blockquote>We agree.</blockquote>"],
)
def test_plain_paragraphs_around_one_block_stay_paragraphs(block):
    body = f"First paragraph.\n\nSecond paragraph.\n\n{block}\n\nThird paragraph.\n\nFourth & last."

    cleaned = sanitize_body(body)

    for text in ("First paragraph.", "Second paragraph.", "Third paragraph.", "Fourth &amp; last."):
        assert f"<p>{text}</p>" in cleaned, cleaned
    assert cleaned.count("<p>") == 4


def test_a_blank_line_inside_a_list_does_not_break_it():
    cleaned = sanitize_body("Intro.\n\n<ul><li>one</li>\n\n<li>two</li></ul>")
    assert cleaned.startswith("<p>Intro.</p><ul><li>one</li>")
    assert "<li>two</li></ul>" in cleaned


def test_html_bodies_and_plain_bodies_read_as_before():
    assert sanitize_body("<h2>T</h2><p>A</p>") == "<h2>T</h2><p>A</p>"
    assert sanitize_body("One.\n\nTwo.") == "<p>One.</p><p>Two.</p>"
    assert sanitize_body("") == ""
