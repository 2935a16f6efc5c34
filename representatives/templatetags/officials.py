import re

from django import template

register = template.Library()


@register.filter
def tel(number: str) -> str:
    """Return a tel: URI for a US phone number as the sources write it (202-224-3121)."""
    digits = re.sub(r"\D", "", number or "")
    if len(digits) == 10:
        digits = "1" + digits
    return f"tel:+{digits}" if digits else ""
