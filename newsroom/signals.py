"""The page cache's write side: a change to a public record becomes the keys of the pages it may change.

Keys are gathered while a transaction runs and purged once it commits (`transaction.on_commit`), so a page is
never purged before the change is visible to the process that re-renders it, and a rolled-back change purges
nothing that matters. The rules (newsroom/cache.py has the reading side):

* A changed instance purges its own key, and its model's list key.
* A model with a visibility rule (`register_visibility`: stories are public when published and not in the
  trash) purges nothing public for an instance hidden before and after the change: autosaving a draft evicts no
  page.
* A model that names the relations pages list it by (`register_listing`: stories by chair year, resolution,
  ambassador and tag) purges the *members* keys of those records (`members_key()`: "the stories of chair year
  7") when an instance joins or leaves them: created, deleted, made visible or hidden, moved in the order, or
  linked and unlinked. Other models (the record) purge every related record's own key.

Writes that send no signals (`queryset.update()`, `bulk_create()`) call `newsroom.cache.purge()` themselves.
"""

import threading

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_delete, pre_save

from . import throttle
from .cache import instance_key, list_key, members_key, note_instance, purge, register_public_table
from .rules import matches

_visibility = {}  # model -> Q over the model's own fields: who matches may be on a public page
_listing = {}  # model -> names of the relations public pages list its instances by
_pending = threading.local()  # the open transaction's Batch


def register_visibility(model, q):
    _visibility[model] = q


def register_listing(model, *relations):
    _listing[model] = relations


def is_public_model(model):
    return getattr(model, "_newsroom_public", False)


# --- Batching: one purge per transaction, after it commits.


class Batch:
    """The keys and changed rows of one transaction; called once it commits."""

    def __init__(self):
        self.keys, self.changes = set(), {}

    def __call__(self):
        keys = set(self.keys)
        for (model, pk), (before, created) in self.changes.items():
            keys |= _keys_for_saved(model, pk, before, created)
        purge(keys)


def _batch():
    """The open transaction's batch. A batch whose callback Django no longer holds (rolled back, or already
    run) is dropped, so nothing accumulates across transactions."""
    connection = transaction.get_connection()
    batch = getattr(_pending, "batch", None)
    if batch is not None and any(func is batch for _sids, func, _robust in connection.run_on_commit):
        return batch
    batch = _pending.batch = Batch()
    if connection.in_atomic_block:
        transaction.on_commit(batch)
    return batch


def _defer(keys=(), change=None):
    batch = _batch()
    batch.keys.update(keys)
    if change is not None:
        model, pk, before, created = change
        known = batch.changes.get((model, pk))
        if known is None:
            batch.changes[(model, pk)] = (before, created)
        else:  # keep what the row was before the transaction's first change
            batch.changes[(model, pk)] = (known[0], known[1] or created)
    if not transaction.get_connection().in_atomic_block:  # autocommit: the change is committed already
        _pending.batch = None
        batch()


# --- What a change purges.


def _snapshot(model, pk):
    """What matters about a row for listing: visibility, order fields and listed foreign keys (one query)."""
    fields = _snapshot_fields(model)
    queryset = model._base_manager.filter(pk=pk)
    if model in _visibility:
        queryset = queryset.annotate(
            _newsroom_visible=models.ExpressionWrapper(_visibility[model], output_field=models.BooleanField())
        )
        fields = [*fields, "_newsroom_visible"]
    return queryset.values(*fields).first()


def _snapshot_fields(model):
    ordering = [name.lstrip("-") for name in model._meta.ordering if isinstance(name, str)]
    names = _listing[model] if model in _listing else _all_relations(model)
    relations = [model._meta.get_field(name) for name in names]
    return sorted({*(f.attname for f in relations if f.many_to_one), *(model._meta.get_field(n).attname for n in ordering if "__" not in n)})


def _visible(model, snapshot):
    return snapshot is not None and (model not in _visibility or bool(snapshot.get("_newsroom_visible")))


def _related_keys(model, pk, names, row):
    """Keys of the records linked to one instance through `names` (foreign keys from `row`, many-to-many read):
    their members keys for the relations pages list `model` by, their own keys otherwise."""
    keys = set()
    for name in names:
        field = model._meta.get_field(name)
        target = field.related_model
        if not is_public_model(target):
            continue
        values = []
        if field.many_to_one and row is not None:
            values = [row.get(field.attname)]
        elif field.many_to_many:
            through = field.remote_field.through
            linked = through.objects.filter(**{field.m2m_field_name(): pk})
            values = linked.values_list(through._meta.get_field(field.m2m_reverse_field_name()).attname, flat=True)
        listed = name in _listing.get(model, ())
        values = [value for value in values if value is not None]
        keys.update(members_key(target, value, model) if listed else instance_key(target, value) for value in values)
        if values and not listed:  # an instance key is never purged without its list key (cache.COLLAPSE_AT)
            keys.add(list_key(target))
    return keys


def _all_relations(model):
    return [f.name for f in model._meta.get_fields() if (f.many_to_one or f.many_to_many) and not f.auto_created]


def _keys_for_saved(model, pk, before, created):
    after = _snapshot(model, pk)
    if after is None:  # deleted later in the same transaction: the delete gathered its keys
        return set()
    keys = {instance_key(model, pk)}
    if not (_visible(model, before) or _visible(model, after)) and model in _visibility:
        return keys  # hidden before and after: no public page showed it or will
    keys.add(list_key(model))
    if model not in _listing:
        return keys | _related_keys(model, pk, _all_relations(model), after)
    membership_changed = created or _visible(model, before) != _visible(model, after) or any(
        (before or {}).get(name) != after.get(name) for name in _snapshot_fields(model)
    )
    if membership_changed:
        # The sets it is in now (its links, and its foreign keys if it is visible now), and the sets its foreign
        # keys put it in before (a refile may have moved it since) if it was visible then.
        foreign = [name for name in _listing[model] if model._meta.get_field(name).many_to_one]
        keys |= _related_keys(model, pk, [name for name in _listing[model] if name not in foreign], after)
        for row in (after, before):
            if _visible(model, row):
                keys |= _related_keys(model, pk, foreign, row)
    return keys


def keys_for_visibility_change(model, pks):
    """What saving these instances would purge now that time alone made them visible or hidden."""
    keys = set()
    for pk in pks:
        row = _snapshot(model, pk)
        keys |= {instance_key(model, pk), list_key(model)}
        keys |= _related_keys(model, pk, _listing.get(model) or _all_relations(model), row)
    return keys


def changed_without_signals(model, pks):
    """Rows changed by `update()`, which sends no signal: purge their pages after the commit as if each had been
    saved."""
    if pks:
        _defer(keys_for_visibility_change(model, pks))


def on_pre_save(sender, instance, raw=False, **kwargs):
    if raw or instance._state.adding or instance.pk is None:
        return
    if sender in _visibility or sender in _listing:
        instance._newsroom_before = _snapshot(sender, instance.pk)


def on_post_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = None if created else instance.__dict__.pop("_newsroom_before", None)
    _defer(change=(sender, instance.pk, before, created))


def on_pre_delete(sender, instance, **kwargs):
    """Gather the keys while the instance's links still exist."""
    if sender in _visibility or sender in _listing:
        row = _snapshot(sender, instance.pk)
    else:  # the record: its foreign keys are on the instance, no query needed
        row = {name: getattr(instance, name) for name in _snapshot_fields(sender)}
    keys = {instance_key(sender, instance.pk)}
    if _visible(sender, row):
        keys.add(list_key(sender))
        keys |= _related_keys(sender, instance.pk, _listing.get(sender) or _all_relations(sender), row)
    instance._newsroom_delete_keys = keys


def on_post_delete(sender, instance, **kwargs):
    keys = instance.__dict__.pop("_newsroom_delete_keys", {instance_key(sender, instance.pk)})
    _defer(keys=keys)


def _m2m_field(sender, instance_model, model, reverse):
    owner = model if reverse else instance_model
    return next(f for f in owner._meta.many_to_many if f.remote_field.through is sender)


def on_links_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action == "pre_clear":
        field = _m2m_field(sender, type(instance), model, reverse)
        source, target = (
            (field.m2m_reverse_field_name(), field.m2m_field_name()) if reverse
            else (field.m2m_field_name(), field.m2m_reverse_field_name())
        )
        column = sender._meta.get_field(target).attname
        instance._newsroom_cleared = set(sender.objects.filter(**{source: instance.pk}).values_list(column, flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if action == "post_clear":
        pk_set = instance.__dict__.pop("_newsroom_cleared", set())
    if not pk_set:
        return
    owner = type(instance)
    field = _m2m_field(sender, owner, model, reverse)
    keys = {instance_key(owner, instance.pk)}
    # The side with a visibility rule decides whether any public page is concerned.
    if owner in _visibility:
        visible = matches(instance, _visibility[owner])
    elif model in _visibility:
        visible = model._base_manager.filter(_visibility[model], pk__in=pk_set).exists()
    else:
        visible = True
    if not visible:
        _defer(keys=keys)
        return
    items = model if reverse else owner  # the model the field is declared on
    keys |= {list_key(owner), list_key(model)}
    if field.name in _listing.get(items, ()):
        # Stories linked to or unlinked from records: the records' sets of stories changed, not the records.
        if reverse:
            keys |= {members_key(owner, instance.pk, model), *(instance_key(model, pk) for pk in pk_set)}
        else:
            keys |= {members_key(model, pk, owner) for pk in pk_set}
    elif items not in _visibility:  # links within the record (co-sponsors): each side shows the other
        keys |= {instance_key(model, pk) for pk in pk_set}
    _defer(keys=keys)


def watch_public_models(app_config):
    """Treat every model of `app_config` as public, its many-to-many link tables included: an app whose models
    feed readers' pages calls this from its `ready()`."""
    for model in app_config.get_models(include_auto_created=True):
        model._newsroom_public = True
        register_public_table(model)
        uid = f"newsroom-cache-{model._meta.label_lower}"
        if model._meta.auto_created:
            m2m_changed.connect(on_links_changed, sender=model, dispatch_uid=f"{uid}-m2m")
            continue
        post_init.connect(note_instance, sender=model, dispatch_uid=f"{uid}-init")
        pre_save.connect(on_pre_save, sender=model, dispatch_uid=f"{uid}-pre-save")
        post_save.connect(on_post_save, sender=model, dispatch_uid=f"{uid}-save")
        pre_delete.connect(on_pre_delete, sender=model, dispatch_uid=f"{uid}-pre-delete")
        post_delete.connect(on_post_delete, sender=model, dispatch_uid=f"{uid}-delete")


def connect_login_signals():
    user_login_failed.connect(throttle.on_login_failed, dispatch_uid="newsroom-login-failed")
    user_logged_in.connect(throttle.on_logged_in, dispatch_uid="newsroom-logged-in")
