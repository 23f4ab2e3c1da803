from django.db import migrations, models

# On SQLite this rebuilds the stories' table; `articles.search.restore_triggers` puts the full-text triggers back.


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0011_chair_index_covers_facets"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="hero_decorative",
            field=models.BooleanField(
                default=False,
                db_default=False,
                help_text="Only for a photo that shows nothing a reader needs: it then has no description and screen "
                "readers skip it. Otherwise a story with a photo needs a description to be submitted or published.",
                verbose_name="decorative photo",
            ),
        ),
    ]
