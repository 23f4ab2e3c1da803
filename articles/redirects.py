"""Where a story address that shows no story sends readers, and which redirects editors may not set up.

Two things point an address elsewhere: a story's own `redirect_to` (set when it is unpublished, withdrawn or
expired), and a `Redirect` row for an old address (kept by itself when a published story's slug changes). A
published story at an address always wins; a chain is followed a few hops, and a loop ends in nothing.
"""

from .models import Article, Redirect

MAX_HOPS = 5


def _next(slug, story):
    """Where the address `slug` (held by `story`, if any) points, as a story not in the trash, or None."""
    if story is not None and story.redirect_to_id:
        return Article.objects.active().filter(pk=story.redirect_to_id).first()
    found = Redirect.objects.filter(old_slug=slug, target__deleted_at__isnull=True).select_related("target").first()
    return found.target if found else None


def destination(slug):
    """The published story that readers asking for /news/<slug>/ (where they see no story) are sent to."""
    seen = {slug}
    target = _next(slug, Article.objects.active().filter(slug=slug).first())
    while target is not None and len(seen) <= MAX_HOPS:
        if target.is_published:
            return target
        if target.slug in seen:
            return None  # a loop: nowhere to go
        seen.add(target.slug)
        target = _next(target.slug, target)
    return None


def _reaches(start, slug):
    """Whether following the address `start` (a story) leads back to the address `slug`."""
    seen, target = set(), start
    while target is not None and target.slug not in seen and len(seen) <= MAX_HOPS:
        if target.slug == slug:
            return True
        seen.add(target.slug)
        target = _next(target.slug, target)
    return False


def redirect_problem(slug, target, story=None):
    """Why sending readers from /news/<slug>/ (the address of `story`, if given) to `target` is refused, or
    None: a redirect to itself, a loop, or a story readers cannot see (a draft, a withdrawn or expired one)."""
    if target is None:
        return None
    if (story is not None and story.pk == target.pk) or target.slug == slug:
        return "A story cannot send readers to itself."
    if target.is_published:
        return None
    if _reaches(target, slug):
        return f"“{target}” already sends readers back here: that would be a loop. Choose a published story."
    return f"“{target}” is not published, so readers would find nothing there. Choose a published story."
