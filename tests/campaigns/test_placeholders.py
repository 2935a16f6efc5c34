from dataclasses import dataclass, field

import pytest

from campaigns.placeholders import (
    PLACEHOLDERS,
    Advocate,
    placeholder_values,
    placeholders_fill,
    placeholders_unknown,
)
from tests.campaigns.factories import PetitionFactory


@dataclass(frozen=True)
class FakeTarget:
    """Only the ResolvedTarget fields the placeholders read."""

    name: str
    title: str = ""
    official_id: int | None = None
    salutation: str = ""
    first_name: str = ""
    last_name: str = ""
    handles: dict = field(default_factory=dict)


SENATOR = FakeTarget(
    name="Patty Murray",
    title="U.S. Senator for Washington",
    official_id=1,
    salutation="Senator",
    first_name="Patty",
    last_name="Murray",
)
ADVOCATE = Advocate(
    given_name="Ana",
    family_name="Reyes",
    email="ana@example.org",
    street="1 Main St",
    city="Seattle",
    state="WA",
    zip_code="98101",
)


def test_placeholders_unknown_names_each_unknown_name_once_in_order():
    text = "Dear {official_salutation} {oficial_last_name}, {who} {oficial_last_name}"

    assert placeholders_unknown(text) == ["oficial_last_name", "who"]


def test_placeholders_unknown_ignores_doubled_braces_and_known_names():
    assert placeholders_unknown("{{not_a_name}} {advocate_city} }} {{") == []


def test_placeholders_fill_substitutes_allowlisted_names_only():
    text = "Dear {official_salutation} {official_last_name}, from {advocate_city}. {secret}"

    filled = placeholders_fill(
        text,
        {"official_salutation": "Senator", "official_last_name": "Murray", "advocate_city": "X"},
    )

    assert filled == "Dear Senator Murray, from X. {secret}"


def test_placeholders_fill_never_runs_the_text_as_a_template_or_format_string():
    text = "{advocate_city.__class__} {0} {{ request }} {% now 'Y' %} {advocate_city!r}"

    filled = placeholders_fill(text, {"advocate_city": "Seattle"})

    assert filled == "{advocate_city.__class__} {0} { request } {% now 'Y' %} {advocate_city!r}"


def test_placeholders_fill_does_not_substitute_inside_values():
    filled = placeholders_fill("{advocate_city}", {"advocate_city": "{official_last_name}"})

    assert filled == "{official_last_name}"


def test_placeholders_fill_leaves_missing_values_empty_without_a_double_space():
    filled = placeholders_fill("Dear {official_salutation} {official_last_name},", {})

    assert filled == "Dear ,"
    assert placeholders_fill(
        "Dear {official_salutation} {official_last_name},", {"official_last_name": "Amazon"}
    ) == ("Dear Amazon,")


@pytest.mark.django_db
def test_placeholder_values_fill_every_allowlisted_name_for_an_official():
    petition = PetitionFactory(campaign__title="End forced labor")

    values = placeholder_values(target=SENATOR, advocate=ADVOCATE, action=petition)

    assert set(values) == set(PLACEHOLDERS)
    assert values["official_salutation"] == "Senator"
    assert values["official_last_name"] == "Murray"
    assert values["official_title"] == "U.S. Senator for Washington"
    assert values["advocate_full_name"] == "Ana Reyes"
    assert values["advocate_zip"] == "98101"
    assert values["campaign_title"] == "End forced labor"
    assert values["action_url"].endswith(petition.get_absolute_url())
    assert values["bill_identifier"] == ""


@pytest.mark.django_db
def test_placeholder_values_name_a_company_where_an_official_has_a_last_name():
    petition = PetitionFactory()

    values = placeholder_values(target=FakeTarget(name="Amazon"), advocate=None, action=petition)

    assert values["official_last_name"] == "Amazon"
    assert values["target_name"] == "Amazon"
    assert values["advocate_first_name"] == ""


@pytest.mark.django_db
def test_placeholder_values_include_the_actions_bill():
    from tests.legislation.factories import BillFactory

    bill = BillFactory(identifier="S. 1693", short_title="Stop Enabling Sex Traffickers Act")
    petition = PetitionFactory(bill=bill)

    values = placeholder_values(target=None, advocate=None, action=petition)

    assert values["bill_identifier"] == "S. 1693"
    assert values["bill_title"] == "Stop Enabling Sex Traffickers Act"
    assert values["bill_url"].endswith(bill.get_absolute_url())
