"""Markdown kept beside its sanitised HTML, so pages show stored HTML instead of rendering on every request.

A model lists its Markdown fields and where their HTML goes (`MARKDOWN_HTML`, source field name ->
HTML field name) and inherits `MarkdownHtmlModel`. The HTML is rendered with
`volunteering.markdown.render_markdown` (the same allow-list as previews, e-mails and everything else).

Why on the model and not in each service: the sources are written by services, ModelForms, the backstage
admin, the Pretalx importer (bulk), the demo data (bulk), revision restores and tests' factories. A rule
kept in each of them is a rule the next writer forgets, and a forgotten one shows an empty or stale
description without any error. So every way Django writes a row fills the HTML:

- `save()` renders a source when the row is new or the source changed since it was loaded (or rendered),
  and adds the HTML field to `update_fields` when the source is in them;
- the default manager's `bulk_create()` and `bulk_update()` do the same for each object;
- its `update()` renders a source given as text, and refuses a database expression (say `F()` or
  `Concat()`), whose Markdown cannot be rendered without reading the rows: save those rows instead
  (or give the HTML along with it, as `bulk_update()` does).

Left out on purpose: raw fixture loads (`loaddata` keeps the HTML the dump carries) and raw SQL.
Historical models in migrations have none of this: a data migration renders with `markdown_html()`.
"""

from typing import ClassVar

from django.core import checks
from django.db import models
from django.utils.text import format_lazy

# Only the Markdown library, nh3 and django.utils: no models, so no import cycle with the apps' models.
from volunteering.markdown import render_markdown


def markdown_html(source: str | None) -> str:
    """The stored form: exactly what `render_markdown` shows, as a plain string ("" for no text)."""
    return str(render_markdown(source)) if source else ""


def markdown_columns(model, prefix: str = "") -> list[str]:
    """The model's Markdown texts and their stored HTML, as field names (after `prefix`, for a join): what
    lists never show, and tens of kilobytes a row otherwise."""
    return [f"{prefix}{name}" for pair in model.MARKDOWN_HTML.items() for name in pair]


def markdown_html_field(source_name) -> models.TextField:
    """The HTML column of the source field named `source_name` (its verbose name, translated as it is):
    filled by the model, never typed, so not in forms."""
    return models.TextField(format_lazy("{} (HTML)", source_name), blank=True, default="", editable=False)


def _with_html(model, fields) -> list[str]:
    """`fields` plus the HTML fields of the Markdown sources among them."""
    fields = list(fields)
    return fields + [html for source, html in model.MARKDOWN_HTML.items() if source in fields and html not in fields]


class MarkdownHtmlQuerySet(models.QuerySet):
    """Bulk writes that fill the HTML like `save()` does (`bulk_create`, `bulk_update`, `update`)."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.render_markdown_html(force=True)
        if kwargs.get("update_fields"):
            kwargs["update_fields"] = _with_html(self.model, kwargs["update_fields"])
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        sources = [source for source in self.model.MARKDOWN_HTML if source in fields]
        if sources:
            for obj in objs:
                obj.render_markdown_html(sources=sources)
        return super().bulk_update(objs, _with_html(self.model, fields), *args, **kwargs)

    def update(self, **kwargs):
        for source, html in self.model.MARKDOWN_HTML.items():
            if source not in kwargs or html in kwargs:
                continue  # not written, or written with its HTML (bulk_update's CASE expressions, above)
            value = kwargs[source]
            if value is not None and not isinstance(value, str):
                raise TypeError(
                    f"{self.model.__name__}.{source} is Markdown shown as stored HTML: update it with text, "
                    f"or save the rows, not with {type(value).__name__}."
                )
            kwargs[html] = markdown_html(value)
        return super().update(**kwargs)


class MarkdownHtmlModel(models.Model):
    """Keeps each `MARKDOWN_HTML` source's HTML equal to `markdown_html(source)` on every write."""

    # Source field name -> HTML field name (a `markdown_html_field()`). Name the HTML of `x_zh_hant`
    # `x_html_zh_hant`, so core.i18n.localized(obj, "x_html") picks the language like it does for `x`.
    MARKDOWN_HTML: ClassVar[dict[str, str]] = {}

    objects = MarkdownHtmlQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            self.render_markdown_html()
        else:
            update_fields = list(update_fields)
            sources = [source for source in self.MARKDOWN_HTML if source in update_fields]
            if sources:
                self.render_markdown_html(sources=sources)
                kwargs["update_fields"] = _with_html(type(self), update_fields)
        super().save(**kwargs)

    # What each HTML field in memory was rendered from (the invariant: html == markdown_html(value)).
    # A source whose value differs, or that has no entry, is rendered again when it is saved.

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        loaded = instance.__dict__
        instance._markdown_rendered_from = {
            source: loaded[source] for source, html in cls.MARKDOWN_HTML.items() if source in loaded and html in loaded
        }
        return instance

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        rendered_from = self.__dict__.setdefault("_markdown_rendered_from", {})
        loaded = self.__dict__
        for source, html in self.MARKDOWN_HTML.items():
            if fields is not None and html not in fields:
                continue  # the HTML in memory is the one it was: so is what it was rendered from
            if (fields is None or source in fields) and source in loaded and html in loaded:
                rendered_from[source] = loaded[source]
            else:
                rendered_from.pop(source, None)

    def render_markdown_html(self, *, sources=None, force: bool = False) -> list[str]:
        """Fill the HTML of the given sources (default: every loaded one) that changed, or all of them with
        `force`; returns the HTML fields it filled."""
        rendered_from = self.__dict__.setdefault("_markdown_rendered_from", {})
        filled = []
        for source, html in self.MARKDOWN_HTML.items():
            if (sources is not None and source not in sources) or source not in self.__dict__:
                continue  # not being written, or deferred (so not saved either)
            value = self.__dict__[source]
            if force or self._state.adding or source not in rendered_from or rendered_from[source] != value:
                setattr(self, html, markdown_html(value))
                rendered_from[source] = value
                filled.append(html)
        return filled

    @classmethod
    def check(cls, **kwargs):
        errors = super().check(**kwargs)
        names = {field.name for field in cls._meta.get_fields()}
        for source, html in cls.MARKDOWN_HTML.items():
            if source not in names or html not in names:
                errors.append(
                    checks.Error(
                        f"MARKDOWN_HTML names a field {cls.__name__} does not have: {source!r} -> {html!r}.",
                        obj=cls,
                        id="core.E101",
                    )
                )
        return errors


def fill_markdown_html(model, mapping: dict[str, str], *, batch_size: int = 500) -> None:
    """Fill the HTML of every existing row: for data migrations, whose historical models have none of the
    above. Reads in primary-key batches (not a cursor held open while writing: SQLite does not isolate them)."""
    last = None
    while True:
        rows = model._base_manager.only("pk", *mapping).order_by("pk")
        if last is not None:
            rows = rows.filter(pk__gt=last)
        batch = list(rows[:batch_size])
        if not batch:
            return
        for row in batch:
            for source, html in mapping.items():
                setattr(row, html, markdown_html(getattr(row, source)))
        model._base_manager.bulk_update(batch, list(mapping.values()))
        last = batch[-1].pk
