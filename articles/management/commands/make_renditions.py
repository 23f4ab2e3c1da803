"""Backfill responsive renditions for stored story photos and ambassador portraits."""

from django.core.management.base import BaseCommand

from articles.models import Article
from newsroom.renditions import make_renditions
from resolutions.models import Ambassador

# (model, image field, width field, height field)
IMAGES = [
    (Article, "hero_image", "hero_width", "hero_height"),
    (Ambassador, "portrait", "portrait_width", "portrait_height"),
]


class Command(BaseCommand):
    help = (
        "Make the missing JPEG and WebP renditions of every story photo and ambassador portrait, "
        "and store image sizes that are missing (pages size images from them without opening files)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Remake renditions that already exist.")

    def handle(self, *args, force=False, **options):
        written = failed = sized = 0
        for model, field, width_field, height_field in IMAGES:
            for obj in model.objects.exclude(**{field: ""}).iterator():
                image = getattr(obj, field)
                try:
                    # Loading a row with no stored size makes Django read it from the file: store it once.
                    if model.objects.filter(pk=obj.pk, **{f"{width_field}__isnull": True}).exists():
                        model.objects.filter(pk=obj.pk).update(
                            **{width_field: image.width, height_field: image.height}
                        )
                        sized += 1
                    written += len(make_renditions(image, getattr(obj, width_field) or image.width, force=force))
                except (OSError, ValueError) as error:  # a missing or unreadable original: report it, go on
                    failed += 1
                    self.stderr.write(f"{model._meta.verbose_name} {obj.pk} ({image.name}): {error}")
        self.stdout.write(
            self.style.SUCCESS(f"{written} renditions written, {sized} image sizes stored, {failed} images failed.")
        )
