"""Story bodies are limited HTML: nothing a reader's browser could execute survives cleaning.

The output is parsed with html.parser and checked tag by tag, attribute by attribute and URL by URL,
not searched for substrings, so an encoding trick that slips past a string match is still caught.
"""

import html
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from articles.html import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, sanitize_body
from articles.preview import share_token
from tests.factories import ArticleFactory

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>alert(1);//<</script>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<img src=`javascript:alert(1)`>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<math href="javascript:alert(1)">CLICK</math>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    '<a href="jav&#x0D;ascript:alert(1)">x</a>',
    '<a href=" &#14;  javascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="file:///etc/passwd">x</a>',
    '<a href="https://example.org" onclick="alert(1)" onmouseover="alert(1)">x</a>',
    '<a href="https://example.org" style="position:fixed;top:0">x</a>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<p onclick=alert(1)>x</p>',
    '<P ONMOUSEOVER="alert(1)">x</P>',
    '<blockquote cite="javascript:alert(1)">q</blockquote>',
    '<q cite="data:text/html,<script>alert(1)</script>">q</q>',
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<IFRAME SRC="javascript:alert(1);"></IFRAME>',
    '<form action="https://evil.example"><input name=p type=password><button>Go</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<style>body{background:url("javascript:alert(1)")}</style>',
    '<STYLE>@import "https://xss.example/xss.css";</STYLE>',
    '<link rel=stylesheet href="https://xss.example/xss.css">',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+">',
    '<video><source onerror="alert(1)"></video>',
    '<audio src=x onerror=alert(1)>',
    '<body onload=alert(1)>',
    '<details open ontoggle=alert(1)>',
    '<marquee onstart=alert(1)>x</marquee>',
    '<div/onmouseover="alert(1)">x</div>',
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<p>Hello <b onmouseover="alert(1)">world</b></p>',
    '<a href="https://example.org/?q=<script>alert(1)</script>">ok</a>',
    '"><script>alert(1)</script>',
    "<template><script>alert(1)</script></template>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<textarea><script>alert(1)</script></textarea>",
    "<x onclick=alert(1)>click</x>",
    '<abbr title="x" onfocus="alert(1)" tabindex=1>x</abbr>',
    '<a href="\x01javascript:alert(1)">x</a>',
    "<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>",
]

URL_ATTRIBUTES = {"href", "cite", "src", "action", "formaction", "xlink:href", "data", "background", "poster"}
SAFE_SCHEMES = {"http", "https", "mailto"}


class Inspector(HTMLParser):
    """Collects every problem a browser could turn into script execution or a page takeover."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"attribute {name}")
            elif name != "rel" and name not in ALLOWED_ATTRIBUTES.get(tag, set()):
                self.problems.append(f"attribute {name} on <{tag}>")
            if name in URL_ATTRIBUTES and value:
                # What a browser does: entities decoded, control characters and whitespace ignored.
                url = re.sub(r"[\x00-\x20]", "", html.unescape(value)).lower()
                scheme = re.match(r"^([a-z][a-z0-9+.-]*):", url)
                if scheme and scheme.group(1) not in SAFE_SCHEMES:
                    self.problems.append(f"{scheme.group(1)}: URL")

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.problems.append("comment")

    def unknown_decl(self, data):
        self.problems.append(f"declaration {data}")


def problems_in(cleaned):
    inspector = Inspector()
    inspector.feed(cleaned)
    inspector.close()
    return inspector.problems


def test_the_corpus_is_big_enough():
    assert len(PAYLOADS) >= 40


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_leaves_nothing_executable(payload):
    cleaned = sanitize_body(payload)
    assert problems_in(cleaned) == [], cleaned


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_inside_a_real_story_leaves_nothing_executable(payload):
    cleaned = sanitize_body(f"<h2>Vote</h2><p>Before.</p>{payload}<p>After.</p>")
    assert problems_in(cleaned) == [], cleaned
    assert "<h2>Vote</h2>" in cleaned and "<p>After.</p>" in cleaned  # the story itself survives


def test_the_inspector_catches_what_it_should():
    """The checker itself can fail: unsafe markup is reported."""
    assert problems_in('<a href="jav&#x09;ascript:alert(1)">x</a>') == ["javascript: URL"]
    assert problems_in('<p onclick="x()">x</p>') == ["attribute onclick"]
    assert problems_in("<svg></svg>") == ["tag <svg>"]


def test_allowed_formatting_survives():
    body = (
        '<h2>Title</h2><p>A <a href="https://un.org/" title="UN">link</a>, <strong>bold</strong>, <em>it</em>.</p>'
        '<ul><li>one</li></ul><blockquote cite="https://un.org/">quote</blockquote>'
    )
    cleaned = sanitize_body(body)
    assert '<a href="https://un.org/" title="UN" rel="noopener noreferrer nofollow">link</a>' in cleaned
    assert "<blockquote cite=\"https://un.org/\">quote</blockquote>" in cleaned
    assert "<h2>Title</h2>" in cleaned and "<li>one</li>" in cleaned


def test_script_text_is_dropped_not_shown():
    assert sanitize_body("<p>Hi</p><script>alert(1)</script>") == "<p>Hi</p>"


@pytest.mark.django_db
def test_headline_standfirst_and_caption_are_escaped_on_the_page(client):
    article = ArticleFactory(
        headline="<script>alert('h')</script>", standfirst='<img src=x onerror="alert(1)">', body="<p>ok</p>"
    )
    page = client.get(reverse("articles:detail", kwargs={"slug": article.slug})).content.decode()
    assert "<script>alert('h')</script>" not in page
    assert "&lt;script&gt;alert(&#x27;h&#x27;)&lt;/script&gt;" in page
    assert "<img src=x" not in page


@pytest.mark.django_db
def test_draft_preview_page_escapes_the_headline_too(client):
    article = ArticleFactory(status="draft", headline="<script>alert('p')</script>")
    page = client.get(reverse("preview:article", kwargs={"token": share_token(article)})).content.decode()
    assert "<script>alert('p')</script>" not in page
    assert "&lt;script&gt;" in page
