from django.apps import AppConfig
from django.db.models.signals import post_save


class ResolutionsConfig(AppConfig):
    name = "resolutions"
    verbose_name = "Diplomatic record"

    def ready(self):
        from newsroom.renditions import renditions_on_save
        from newsroom.signals import watch_public_models

        watch_public_models(self)
        post_save.connect(
            renditions_on_save("portrait", "portrait_width"), sender=self.get_model("Ambassador"), weak=False,
            dispatch_uid="ambassador_renditions",
        )
