from django import template

from kesu.archive.selectors import kind_label

register = template.Library()


@register.filter
def archive_kind(kind: str) -> str:
    return kind_label(kind)
