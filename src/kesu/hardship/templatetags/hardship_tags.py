"""Template filters of the hardship pages."""

from django import template

from kesu.hardship.validation import mask_name

register = template.Library()


@register.filter
def masked_name(value: str) -> str:
    """张三 -> 张*: for roles that may not see hardship details."""
    return mask_name(str(value or ""))
