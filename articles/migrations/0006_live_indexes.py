"""The published() indexes become partial on "not in the trash": counting a chair year's stories no longer reads
every matching row to check `deleted_at` (an index-only scan instead). The section index, made by hand in 0005,
becomes a model index like the others."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0005_search_index'),
        ('resolutions', '0002_image_dimensions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunSQL(
            "DROP INDEX IF EXISTS article_section_visible_idx",
            "CREATE INDEX article_section_visible_idx ON articles_article (section_id, status, publish_at)",
        ),
        migrations.RemoveIndex(
            model_name='article',
            name='article_visible_idx',
        ),
        migrations.RemoveIndex(
            model_name='article',
            name='article_chair_visible_idx',
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(condition=models.Q(('deleted_at__isnull', True)), fields=['status', 'publish_at'], name='article_live_idx'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(condition=models.Q(('deleted_at__isnull', True)), fields=['chair_year', 'status', 'publish_at'], name='article_chair_live_idx'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(condition=models.Q(('deleted_at__isnull', True)), fields=['section', 'status', 'publish_at'], name='article_section_live_idx'),
        ),
    ]
