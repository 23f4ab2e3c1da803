"""The newsroom's pages about itself, seeded with placeholders the newsroom replaces: no fact is invented here."""

from django.db import migrations, models

PLACEHOLDER = "This page is to be written by the newsroom."
PAGES = [
    ("about", "About"),
    ("corrections-policy", "Corrections policy"),
    ("contact", "Contact"),
]


def seed(apps, schema_editor):
    """The footer's three pages, unless they exist (an editor's text is never replaced)."""
    Page = apps.get_model("pages", "Page")
    for slug, title in PAGES:
        Page.objects.get_or_create(slug=slug, defaults={"title": title, "body": PLACEHOLDER})


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='Page',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(choices=[('about', 'About'), ('corrections-policy', 'Corrections policy'), ('contact', 'Contact')], help_text="Which page this is; it decides the page's address (/about/, /contact/...).", max_length=40, unique=True, verbose_name='page')),
                ('title', models.CharField(max_length=120)),
                ('body', models.TextField(help_text='Plain text: a blank line between paragraphs. Web and email addresses become links.')),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'ordering': ['slug'],
                'get_latest_by': 'updated_at',
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
