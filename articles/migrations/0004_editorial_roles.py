"""The two newsroom roles, so every install has them: Writers draft and submit, Editors publish."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITERS = {
    "articles.article": ("view", "add", "change"),  # own stories only: ArticleAdmin narrows the rows
    "articles.author": ("view", "add"),
    "articles.tag": ("view", "add"),
    "articles.section": ("view",),
    "resolutions.resolution": ("view",),
    "resolutions.ambassador": ("view",),
    "resolutions.chairyear": ("view",),
    "resolutions.country": ("view",),
    "resolutions.resolutionseries": ("view",),
    "resolutions.tenure": ("view",),
}
EDITORS = {
    "articles.article": ("view", "add", "change", "delete", "publish"),
    "articles.author": ("view", "add", "change", "delete"),
    "articles.tag": ("view", "add", "change", "delete"),
    "articles.section": ("view", "add", "change", "delete"),
    "resolutions.resolution": ("view", "add", "change"),
    "resolutions.ambassador": ("view", "add", "change"),
    "resolutions.chairyear": ("view", "add", "change"),
    "resolutions.country": ("view", "change"),
    "resolutions.resolutionseries": ("view", "add", "change"),
    "resolutions.tenure": ("view", "add", "change", "delete"),
}


def codenames(model_label, actions):
    model = model_label.split(".")[1]
    return [f"{action}_{model}" for action in actions]


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in (("Writers", WRITERS), ("Editors", EDITORS)):
        group, _ = Group.objects.get_or_create(name=name)
        for model_label, actions in grants.items():
            app_label = model_label.split(".")[0]
            perms = Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames(model_label, actions)
            )
            assert perms.count() == len(actions), f"missing permissions for {model_label}"
            group.permissions.add(*perms)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Writers", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_workflow_revisions_trash"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("resolutions", "0002_image_dimensions"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
