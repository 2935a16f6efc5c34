import io

import pytest
from django.core.management import call_command

from campaigns import demo
from campaigns.models import Campaign, IssuePage, Petition, Signature
from core import demo as core_demo
from legislation import demo as legislation_demo
from tests.campaigns.factories import PersonFactory

pytestmark = pytest.mark.django_db

CAMPAIGN_SLUGS = {"amend-the-13th", "divest-from-prison-industry", "move-sesta-forward"}
# Measured at about 400 statements; the budget leaves room for new demo rows, not for
# a loop of single-row writes over the signatures.
QUERY_BUDGET = 600
ISSUE_SLUGS = {"climate-change", "cobalt-mining", "prison-labor", "foster-care"}


def _quiet(line: str) -> None:
    pass


@pytest.fixture
def seeded():
    core_demo.seed(log=_quiet)
    legislation_demo.seed(log=_quiet)
    demo.seed(log=_quiet)


def _snapshot() -> str:
    out = io.StringIO()
    call_command("dumpdata", "campaigns", "core.organisation", stdout=out)
    return out.getvalue()


def test_seeding_twice_changes_nothing(seeded):
    before = _snapshot()
    lines = []

    demo.seed(log=lines.append)

    assert _snapshot() == before
    assert lines == []


def test_seeding_writes_in_bulk_not_row_by_row(django_assert_max_num_queries):
    # `make demo` seeds on every start: a statement per demo signature would make it slow.
    core_demo.seed(log=_quiet)
    legislation_demo.seed(log=_quiet)

    with django_assert_max_num_queries(QUERY_BUDGET):
        demo.seed(log=_quiet)


def test_the_contracted_slugs_exist(seeded):
    assert set(IssuePage.objects.values_list("slug", flat=True)) == ISSUE_SLUGS
    assert set(Campaign.objects.values_list("slug", flat=True)) >= CAMPAIGN_SLUGS
    petitions = Petition.objects.in_bulk(field_name="slug")
    for slug in CAMPAIGN_SLUGS:
        assert petitions[slug].campaign.slug == slug


def test_every_campaign_has_an_organisation_and_share_text(seeded):
    for campaign in Campaign.objects.prefetch_related("organisations"):
        assert campaign.organisations.exists(), campaign.slug
        assert campaign.share_text, campaign.slug


def test_sesta_campaign_is_won_and_its_petition_closed(seeded):
    campaign = Campaign.objects.get(slug="move-sesta-forward")
    petition = Petition.objects.get(slug="move-sesta-forward")

    assert campaign.status == Campaign.Status.WON
    assert campaign.victory_message
    assert campaign.ended_at.date().isoformat() == "2018-04-11"
    assert petition.closed_at is not None
    assert not petition.is_open()
    assert {b.identifier for b in campaign.bills.all()} == {"S. 1693", "H.R. 1865"}
    assert [o.slug for o in campaign.organisations.all()] == ["polaris"]


def test_the_amendment_campaign_is_live_with_the_abolition_amendment(seeded):
    campaign = Campaign.objects.get(slug="amend-the-13th")

    assert campaign.status == Campaign.Status.LIVE
    assert Petition.objects.get(slug="amend-the-13th").is_open()
    assert {b.identifier for b in campaign.bills.all()} == {
        "S.J.Res. 21", "H.J.Res. 53", "H.J.Res. 72",
    }  # fmt: skip
    assert [i.slug for i in campaign.issues.all()] == ["prison-labor"]


def test_the_prison_labor_page_follows_its_subject_bills_and_campaigns(seeded):
    page = IssuePage.objects.get(slug="prison-labor")

    assert page.subject.slug == "prison-labor"
    assert page.bills.count() == 3
    assert set(page.campaigns.values_list("slug", flat=True)) == {
        "amend-the-13th", "divest-from-prison-industry",
    }  # fmt: skip


def test_every_issue_page_has_resources_with_secure_urls(seeded):
    for page in IssuePage.objects.prefetch_related("resources"):
        resources = list(page.resources.all())
        assert resources, page.slug
        assert all(r.url.startswith("https://") for r in resources)


def test_demo_counts_equal_the_confirmed_signatures(seeded):
    for petition in Petition.objects.all():
        confirmed = Signature.objects.filter(petition=petition, confirmed_at__isnull=False)
        assert petition.confirmed_count == confirmed.count() > 0, petition.slug


def test_demo_signers_are_marked_as_demo_and_fictional(seeded):
    signatures = Signature.objects.select_related("person")

    assert {s.source for s in signatures} == {demo.DEMO_SOURCE}
    assert all(s.person.email.endswith("@example.org") for s in signatures)
    assert all(s.person.family_name == "Example" for s in signatures)


def test_reseeding_counts_a_real_signature_too(seeded):
    petition = Petition.objects.get(slug="amend-the-13th")
    Signature.objects.create(
        petition=petition, person=PersonFactory(), confirmed_at=petition.created_at
    )

    demo.seed(log=_quiet)

    petition.refresh_from_db()
    assert petition.confirmed_count == petition.signatures.exclude(confirmed_at=None).count()


def test_white_house_targets_are_custom_without_imported_officials(seeded):
    petition = Petition.objects.get(slug="ncose-white-house")

    names = sorted(str(t) for t in petition.targets.all())

    assert names == [
        "The President of the United States", "The Vice President of the United States",
    ]  # fmt: skip


def test_white_house_targets_are_the_imported_officials(registry_data):
    demo.seed(log=_quiet)

    targets = Petition.objects.get(slug="ncose-white-house").targets.select_related("official")

    assert sorted(t.official.name for t in targets) == ["Pat President", "Vic Vice"]
