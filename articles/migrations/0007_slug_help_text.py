"""Help text only: the admin shows help text as HTML, so "/news/<slug>/" read as "/news//"."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0006_live_indexes'),
    ]

    operations = [
        migrations.AlterField(
            model_name='article',
            name='slug',
            field=models.SlugField(help_text="The end of the story's address, after /news/. Changing it breaks old links.", max_length=200, unique=True),
        ),
    ]
