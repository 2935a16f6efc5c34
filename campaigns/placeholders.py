"""Placeholders in prepared letters, scripts and posts: a fixed allowlist, plain substitution.

An organisation's text is never run as a template: `{name}` is replaced by a value when
the name is on the allowlist and left alone otherwise, `{{` and `}}` stand for literal
braces, and nothing else in the text has any meaning.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from campaigns.models import Action
    from campaigns.targeting import ResolvedTarget

PLACEHOLDERS: dict[str, str] = {
    "official_salutation": _('How to address them: "Senator", "Representative", "President".'),
    "official_first_name": _("The official's first name."),
    "official_last_name": _("The official's last name, or the company's name."),
    "official_full_name": _("The official's full name, or the company's name."),
    "official_title": _('The seat they hold: "U.S. Senator for Washington".'),
    "target_name": _("The official's or the company's name."),
    "advocate_first_name": _("The advocate's first name."),
    "advocate_last_name": _("The advocate's last name."),
    "advocate_full_name": _("The advocate's full name."),
    "advocate_city": _("The advocate's city."),
    "advocate_state": _("The advocate's state (postal abbreviation)."),
    "advocate_zip": _("The advocate's ZIP code."),
    "bill_identifier": _('The action\'s bill: "S. 1693".'),
    "bill_title": _("The bill's short title, or its official title."),
    "bill_url": _("The bill's page on this site."),
    "campaign_title": _("The campaign's title."),
    "action_url": _("This action's page on this site."),
    "handle": _("The target's handle on the social network chosen (social posts only)."),
}

# "{{" and "}}" first, so that "{{name}}" is the literal text "{name}".
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}")


@dataclass(frozen=True)
class Advocate:
    """The person writing or calling, as they gave themselves on the form."""

    given_name: str = ""
    family_name: str = ""
    email: str = ""
    street: str = ""
    city: str = ""
    state: str = ""
    zip_code: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


def placeholders_unknown(text: str) -> list[str]:
    """Return the names in braces that are not on the allowlist, each once, in order."""
    unknown: list[str] = []
    for match in _TOKEN.finditer(text or ""):
        name = match.group(1)
        if name is not None and name not in PLACEHOLDERS and name not in unknown:
            unknown.append(name)
    return unknown


def placeholders_fill(text: str, values: Mapping[str, str]) -> str:
    """Replace allowlisted `{name}`s with their values; a missing value is empty.

    An empty value also takes the one space after it, so "{official_salutation}
    {official_last_name}" reads "Amazon" rather than " Amazon" for a company.
    """
    text = text or ""
    out: list[str] = []
    position = 0
    for match in _TOKEN.finditer(text):
        out.append(text[position : match.start()])
        position = match.end()
        piece, name = match.group(0), match.group(1)
        if piece == "{{":
            out.append("{")
        elif piece == "}}":
            out.append("}")
        elif name in PLACEHOLDERS:
            value = str(values.get(name) or "")
            out.append(value)
            if not value and text[position : position + 1] == " ":
                position += 1
        else:
            out.append(piece)
    out.append(text[position:])
    return "".join(out)


def _absolute(obj) -> str:
    try:
        return settings.SITE_URL + obj.get_absolute_url()
    except NoReverseMatch:
        # An action kind whose page is not routed yet: the link is left out, not broken.
        return ""


def placeholder_values(
    *, target: ResolvedTarget | None, advocate: Advocate | None, action: Action
) -> dict[str, str]:
    """Return the value of every allowlisted placeholder for one target and advocate."""
    values = dict.fromkeys(PLACEHOLDERS, "")
    if target is not None:
        is_official = target.official_id is not None
        last_name = target.last_name or ("" if is_official else target.name)
        values |= {
            "official_salutation": target.salutation,
            "official_first_name": target.first_name,
            "official_last_name": last_name,
            "official_full_name": target.name,
            "official_title": target.title,
            "target_name": target.name,
        }
    if advocate is not None:
        values |= {
            "advocate_first_name": advocate.given_name,
            "advocate_last_name": advocate.family_name,
            "advocate_full_name": advocate.full_name,
            "advocate_city": advocate.city,
            "advocate_state": advocate.state,
            "advocate_zip": advocate.zip_code,
        }
    bill = action.bill
    if bill is not None:
        values |= {
            "bill_identifier": bill.identifier,
            "bill_title": bill.display_title,
            "bill_url": _absolute(bill),
        }
    values["campaign_title"] = action.campaign.title
    values["action_url"] = _absolute(action)
    return values
