"""Keeping and dropping an author's autosave. Only ever the acting user's own copy: there is no way to name another's."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Autosave


def autosave_store(*, user, article, data):
    """Keep `data` as `user`'s unsaved text for `article` (None: the story they have not saved yet)."""
    for attempt in range(2):
        try:
            with transaction.atomic():
                autosave, _ = Autosave.objects.update_or_create(
                    user=user, article=article, defaults={"data": data, "saved_at": timezone.now()}
                )
            return autosave
        except IntegrityError:  # two tabs created it at the same moment: the second now updates the first's row
            if attempt:
                raise
    return None


def autosave_discard(*, user, article):
    Autosave.objects.of(user, article).delete()
