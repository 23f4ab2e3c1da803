"""The newsroom's standing pages about itself: who it is, how it corrects mistakes, how to reach it.

Each page has a fixed purpose, and so a fixed address (`/about/`, `/corrections-policy/`, `/contact/`): the
footer and the sitemap name them without reading the database (a migration creates them and the admin cannot
delete them), and the organisation's JSON-LD names each one that exists by its schema.org property
(pages/structured_data.py).
"""

from django.db import models
from django.urls import reverse


class Page(models.Model):
    class Purpose(models.TextChoices):
        ABOUT = "about", "About"
        CORRECTIONS_POLICY = "corrections-policy", "Corrections policy"
        CONTACT = "contact", "Contact"

    slug = models.SlugField(
        "page",
        max_length=40,
        unique=True,
        choices=Purpose.choices,
        help_text="Which page this is; it decides the page's address (/about/, /contact/...).",
    )
    title = models.CharField(max_length=120)
    body = models.TextField(
        help_text="Plain text: a blank line between paragraphs. Web and email addresses become links."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]
        get_latest_by = "updated_at"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return page_url(self.slug)


def page_url(slug):
    return reverse("pages:detail", kwargs={"slug": slug})
