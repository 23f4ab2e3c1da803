"""Trust signals: each story's type (news, analysis, opinion, explainer) and each author's role.

On SQLite, adding this column rebuilds the stories' table, which drops the full-text triggers of
`0010_sqlite_fulltext`: `articles.search.restore_triggers` puts them back after every `migrate`.
"""

from django.db import migrations, models

class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0011_chair_index_covers_facets'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='story_type',
            field=models.CharField(choices=[('news', 'News'), ('analysis', 'Analysis'), ('opinion', 'Opinion'), ('explainer', 'Explainer')], db_default='news', default='news', help_text='Shown to readers above the headline: news reports facts; analysis interprets them; opinion argues a view; an explainer gives background.', max_length=10, verbose_name='type'),
        ),
        migrations.AddField(
            model_name='author',
            name='role',
            field=models.CharField(blank=True, help_text='Their job at the newsroom, e.g. “UN correspondent”. Leave blank if unknown.', max_length=120),
        ),
        migrations.AlterField(
            model_name='author',
            name='bio',
            field=models.TextField(blank=True, help_text='Shown on their author page. Only facts; leave blank if unknown.'),
        ),
    ]
