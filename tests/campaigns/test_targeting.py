import pytest

from campaigns.exceptions import NoOfficialsFound
from campaigns.models import Target
from campaigns.targeting import action_targets, resolved_target, target_in_office
from representatives.importers import (
    divisions_import,
    legislators_import,
    people_import,
    zip_districts_import,
)
from representatives.models import Official, Term
from tests.campaigns.factories import CallActionFactory, CompanyTargetFactory
from tests.representatives.conftest import FIXTURES, LEGISLATORS, OPENSTATES, TODAY, ZCCD

pytestmark = pytest.mark.django_db

WA_7 = "ocd-division/country:us/state:wa/cd:7"
WA_9 = "ocd-division/country:us/state:wa/cd:9"
WA_1 = "ocd-division/country:us/state:wa/cd:1"
LOWER_24 = "ocd-division/country:us/state:wa/sldl:24"
UPPER_24 = "ocd-division/country:us/state:wa/sldu:24"
TACOMA = "ocd-division/country:us/state:wa/place:tacoma"


@pytest.fixture
def imported(db):
    """Members of Congress, the White House and the ZIP table, from the fixtures."""
    legislators_import(location=LEGISLATORS, today=TODAY)
    zip_districts_import(location=ZCCD)


@pytest.fixture
def states(imported):
    divisions_import(location=str(FIXTURES / "ocd-division-ids"), today=TODAY)
    people_import(location=OPENSTATES, today=TODAY)


def _names(lookup):
    return [(t.name, t.level) for t in lookup.targets]


def test_executive_needs_no_address_and_lists_president_first(imported):
    action = CallActionFactory(target_levels=["executive"])

    lookup = action_targets(action=action)

    assert _names(lookup) == [("Pat President", "executive"), ("Vic Vice", "executive")]
    president = lookup.targets[0]
    assert (president.salutation, president.title) == (
        "President",
        "President of the United States",
    )
    assert lookup.targets[1].salutation == "Vice President"


def test_senators_and_house_member_come_with_their_phones_addresses_and_handles(imported):
    action = CallActionFactory(target_levels=["us_senate", "us_house"])

    lookup = action_targets(action=action, zip_code="98101")

    assert _names(lookup) == [
        ("Jon Junior", "us_senate"),
        ("Sally Senior", "us_senate"),
        ("Sam Seventh", "us_house"),
    ]
    sally = lookup.targets[1]
    assert sally.salutation == "Senator"
    assert sally.title == "U.S. Senator for Washington"
    assert (sally.first_name, sally.last_name) == ("Sally", "Senior")
    assert sally.phones == [
        ("Washington office", "202-224-0001"),
        ("Seattle", "206-220-0001"),
        ("Spokane", "509-353-0001"),
    ]
    assert sally.mail_addresses[0] == "1 Hart Senate Office Building Washington DC 20510"
    assert sally.mail_addresses[1] == "915 2nd Ave., Suite 3206\nSeattle, WA 98174"
    assert sally.contact_forms == ["https://senior.senate.gov/contact"]
    assert sally.handles == {
        "x": "SenSenior",
        "facebook": "sallysenior",
        "mastodon": "@senior@example.social",
    }
    assert sally.in_office is True
    assert lookup.targets[2].salutation == "Representative"
    assert lookup.district_choices == []


def test_officials_become_targets_once_and_are_reused(imported):
    action = CallActionFactory(target_levels=["us_senate"])

    first = action_targets(action=action, zip_code="98101")
    second = action_targets(action=action, zip_code="98101")

    assert Target.objects.count() == 2
    assert [t.target.pk for t in first.targets] == [t.target.pk for t in second.targets]
    assert first.targets[0].target.official_id == first.targets[0].official_id


def test_split_zip_asks_which_district_and_lists_the_rest(imported):
    action = CallActionFactory(target_levels=["us_senate", "us_house"])

    lookup = action_targets(action=action, zip_code="98052")

    assert [name for name, level in _names(lookup)] == ["Jon Junior", "Sally Senior"]
    assert [ocd for ocd, name in lookup.district_choices] == [WA_1, WA_9]


def test_split_zip_with_a_chosen_district_lists_its_member(imported):
    action = CallActionFactory(target_levels=["us_house"])

    lookup = action_targets(action=action, zip_code="98052", district=WA_1)

    assert _names(lookup) == [("Rita First", "us_house")]
    assert lookup.district_choices == []


def test_chosen_vacant_district_says_the_seat_is_vacant(imported):
    action = CallActionFactory(target_levels=["us_senate", "us_house"])

    lookup = action_targets(action=action, zip_code="98052", district=WA_9)

    assert "Rita First" not in [t.name for t in lookup.targets]
    assert any("district 9 is vacant" in note for note in lookup.notes)


def test_unknown_zip_raises_no_officials_found_with_the_zip(imported):
    action = CallActionFactory(target_levels=["us_senate"])

    with pytest.raises(NoOfficialsFound, match="99999"):
        action_targets(action=action, zip_code="99999")


@pytest.mark.parametrize("bad", ["", "12", "ABCDE"])
def test_malformed_or_missing_zip_raises_no_officials_found(imported, bad):
    action = CallActionFactory(target_levels=["us_house"])

    with pytest.raises(NoOfficialsFound, match="five-digit"):
        action_targets(action=action, zip_code=bad)


def test_zip_whose_seats_are_all_empty_raises_no_officials_found(imported):
    # DC has a delegate but no senators.
    action = CallActionFactory(target_levels=["us_senate"])

    with pytest.raises(NoOfficialsFound, match="20001"):
        action_targets(action=action, zip_code="20001")


def test_governor_needs_only_the_zip(states):
    action = CallActionFactory(target_levels=["governor"])

    lookup = action_targets(action=action, zip_code="98101")

    assert _names(lookup) == [("Greta Governor", "governor")]
    assert lookup.targets[0].salutation == "Governor"
    assert lookup.targets[0].title == "Governor of Washington"
    assert lookup.targets[0].phones[0][1] == "360-902-0001"


def test_state_legislators_and_mayor_come_from_the_chosen_divisions(states):
    action = CallActionFactory(target_levels=["state_upper", "state_lower", "mayor"])

    lookup = action_targets(
        action=action, zip_code="98101", state_divisions=[UPPER_24, LOWER_24, TACOMA]
    )

    assert _names(lookup) == [
        ("Uma Upper", "state_upper"),
        ("Lee Lower", "state_lower"),
        ("Mo Mayor", "mayor"),
    ]
    salutations = [t.salutation for t in lookup.targets]
    assert salutations == ["Senator", "Representative", "Mayor"]
    assert lookup.targets[1].emails == ["lee.lower@leg.wa.example"]
    assert lookup.targets[2].title == "Mayor of Tacoma"
    assert lookup.notes == []


def test_state_levels_without_an_address_say_what_is_missing(states):
    action = CallActionFactory(target_levels=["state_lower", "mayor"])

    lookup = action_targets(action=action, zip_code="98101")

    assert lookup.targets == []
    assert lookup.notes == [
        "Give your street address so we can find your state legislators.",
        "Give your street address so we can find your mayor.",
    ]


def test_named_officials_and_companies_follow_in_admin_order_without_duplicates(imported):
    sally = Official.objects.get(name="Sally Senior")
    rita = Official.objects.get(name="Rita First")
    company = CompanyTargetFactory(name="Zeta Mail", phone="")
    action = CallActionFactory(target_levels=["us_senate"])
    action.targets.add(Target.objects.create(official=rita))
    action.targets.add(company)
    action.targets.add(Target.objects.create(official=sally))

    lookup = action_targets(action=action, zip_code="98101")

    assert _names(lookup) == [
        ("Jon Junior", "us_senate"),
        ("Sally Senior", "us_senate"),
        ("Rita First", ""),
        ("Zeta Mail", ""),
    ]
    zeta = lookup.targets[3]
    assert zeta.emails == ["policy@company.example"]
    assert zeta.contact_forms == ["https://company.example/contact"]
    assert zeta.phones == []
    assert (zeta.official_id, zeta.salutation, zeta.title) == (None, "", "")
    # Sally's named Target is the one the lookup uses: no second row for her.
    assert Target.objects.filter(official=sally).count() == 1


def test_named_targets_alone_need_no_zip(imported):
    action = CallActionFactory(target_levels=[])
    action.targets.add(CompanyTargetFactory(name="Acme"))

    lookup = action_targets(action=action)

    assert _names(lookup) == [("Acme", "")]
    assert lookup.targets[0].phones == [("Main line", "+1 (800) 555-0100")]


def test_official_who_left_office_is_flagged(imported):
    sam = Official.objects.get(name="Sam Seventh")
    target = Target.objects.create(official=sam)
    action = CallActionFactory(target_levels=[])
    action.targets.add(target)
    Term.objects.filter(official=sam).update(is_current=False)

    lookup = action_targets(action=action)

    assert lookup.targets[0].in_office is False
    assert lookup.targets[0].salutation == "Representative"
    assert target_in_office(target_id=target.pk) is False
    assert resolved_target(target_id=target.pk).in_office is False


def test_resolved_target_and_in_office_for_a_company(db):
    company = CompanyTargetFactory(name="Acme")

    assert resolved_target(target_id=company.pk).name == "Acme"
    assert target_in_office(target_id=company.pk) is True


def test_lookup_query_count_does_not_grow_with_targets(imported, django_assert_max_num_queries):
    action = CallActionFactory(target_levels=["executive", "us_senate", "us_house"])
    for name in ["Rita First", "Alex Atlarge", "Dana Delegate"]:
        action.targets.add(Target.objects.create(official=Official.objects.get(name=name)))
    action.targets.add(CompanyTargetFactory())
    action_targets(action=action, zip_code="98101")

    with django_assert_max_num_queries(16):
        lookup = action_targets(action=action, zip_code="98101")

    assert len(lookup.targets) == 9
