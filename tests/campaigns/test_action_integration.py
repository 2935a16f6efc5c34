"""Every action kind on its campaign's page and on its bill's page, with its count."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaigns.models import Action, EventAction, PostcardAction
from tests.campaigns.factories import (
    CallActionFactory,
    CampaignFactory,
    LetterActionFactory,
    PetitionFactory,
    SocialActionFactory,
)
from tests.legislation.factories import BillFactory

pytestmark = pytest.mark.django_db


def _one_of_each(campaign) -> list[Action]:
    return [
        PetitionFactory(campaign=campaign, slug="sign-it", confirmed_count=12),
        LetterActionFactory(campaign=campaign, slug="write-it"),
        CallActionFactory(campaign=campaign, slug="call-it"),
        PostcardAction.objects.create(
            campaign=campaign, title="Postcards", slug="mail-it", ask="Mail one.", message="Hi"
        ),
        EventAction.objects.create(campaign=campaign, title="Events", slug="meet-up", ask="Meet."),
        SocialActionFactory(campaign=campaign, slug="post-it"),
    ]


def test_campaign_page_lists_every_action_with_its_kind_count_and_page(client):
    campaign = CampaignFactory()
    actions = _one_of_each(campaign)
    Action.objects.filter(slug="write-it").update(participants=3)

    text = client.get(campaign.get_absolute_url()).text

    assert text.count('class="card action-card"') == 6
    for action in actions:
        assert f'href="{action.get_absolute_url()}"' in text
    for kind in ("Petition", "Letter", "Call", "Postcard drive", "Event", "Social post"):
        assert f'<p class="card__meta">{kind}</p>' in text
    assert "3 people took part" in text
    assert "0 people took part" in text
    assert "12" in text  # the petition's confirmed signatures


def test_every_action_kinds_page_is_reachable_from_its_campaign_page(client):
    campaign = CampaignFactory()
    _one_of_each(campaign)

    text = client.get(campaign.get_absolute_url()).text

    for action in Action.objects.filter(campaign=campaign):
        url = action.get_absolute_url()
        assert f'href="{url}"' in text
        assert client.get(url).status_code == 200, url


def test_campaign_card_lists_every_action_with_its_count(client):
    campaign = CampaignFactory(title="Cards")
    _one_of_each(campaign)
    Action.objects.filter(slug="post-it").update(participants=1)

    text = client.get("/campaigns/").text

    assert 'href="/social/post-it/"' in text
    assert "1 person took part" in text


def test_letters_and_calls_on_a_bill_with_a_vote_ahead_come_first(client):
    campaign = CampaignFactory()
    bill = BillFactory()
    bill.schedules.create(chamber="upper", scheduled_for=timezone.localdate() + dt.timedelta(3))
    PetitionFactory(campaign=campaign, title="First petition")
    SocialActionFactory(campaign=campaign, title="A post", bill=bill)
    LetterActionFactory(campaign=campaign, title="A letter", bill=bill)
    CallActionFactory(campaign=campaign, title="A call without a vote")

    text = client.get(campaign.get_absolute_url()).text

    order = [text.index(title) for title in ("A letter", "First petition", "A post")]
    assert order == sorted(order)
    assert text.index("First petition") < text.index("A call without a vote")
    assert "Vote scheduled" in text


def test_a_past_vote_does_not_move_letters_first(client):
    campaign = CampaignFactory()
    bill = BillFactory()
    bill.schedules.create(chamber="upper", scheduled_for=timezone.localdate() - dt.timedelta(1))
    PetitionFactory(campaign=campaign, title="First petition")
    LetterActionFactory(campaign=campaign, title="A letter", bill=bill)

    text = client.get(campaign.get_absolute_url()).text

    assert text.index("First petition") < text.index("A letter")


def test_campaign_page_query_count_does_not_grow_with_actions_of_every_kind(
    client, django_assert_num_queries
):
    campaign = CampaignFactory()
    PetitionFactory(campaign=campaign)
    with CaptureQueriesContext(connection) as few:
        client.get(campaign.get_absolute_url())
    _one_of_each(campaign)
    LetterActionFactory(campaign=campaign, bill=BillFactory())

    # New rows change the cache key, so the page is rendered afresh: every query shows.
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(campaign.get_absolute_url())


def test_a_cached_campaign_page_shows_a_new_participant_at_once():
    campaign = CampaignFactory()
    action = SocialActionFactory(campaign=campaign)
    visitor = Client()
    assert "0 people took part" in visitor.get(campaign.get_absolute_url()).text

    Action.objects.filter(pk=action.pk).update(participants=1)

    assert "1 person took part" in visitor.get(campaign.get_absolute_url()).text


# ------------------------------------------------------------------------------
# The bill page
# ------------------------------------------------------------------------------
def test_bill_page_offers_a_campaigns_letter_first_and_links_to_it(client):
    bill = BillFactory()
    campaign = CampaignFactory(title="Write now")
    campaign.bills.add(bill)
    PetitionFactory(campaign=campaign)
    letter = LetterActionFactory(campaign=campaign)

    text = client.get(bill.get_absolute_url()).text

    assert f'<a href="{letter.get_absolute_url()}">Write now</a>' in text
    assert "Write to your officials" in text


def test_bill_page_offers_a_call_when_there_is_no_letter(client):
    bill = BillFactory()
    campaign = CampaignFactory(title="Ring them")
    campaign.bills.add(bill)
    call = CallActionFactory(campaign=campaign)

    text = client.get(bill.get_absolute_url()).text

    assert f'<a href="{call.get_absolute_url()}">Ring them</a>' in text
    assert "Call your officials" in text


def test_bill_page_skips_a_closed_letter(client):
    bill = BillFactory()
    campaign = CampaignFactory(title="Closed letter")
    campaign.bills.add(bill)
    PetitionFactory(campaign=campaign)
    LetterActionFactory(campaign=campaign, closed_at=timezone.now())

    text = client.get(bill.get_absolute_url()).text

    assert f'<a href="{campaign.get_absolute_url()}">Closed letter</a>' in text
    assert "Write to your officials" not in text


def test_bill_page_lists_writing_and_calling_campaigns_first_before_a_vote(client):
    bill = BillFactory()
    bill.schedules.create(chamber="lower", scheduled_for=timezone.localdate())
    petition_only = CampaignFactory(title="Petition only", launched_at=timezone.now())
    PetitionFactory(campaign=petition_only)
    writing = CampaignFactory(title="Writing", launched_at=timezone.now() - dt.timedelta(9))
    LetterActionFactory(campaign=writing)
    for campaign in (petition_only, writing):
        campaign.bills.add(bill)

    text = client.get(bill.get_absolute_url()).text

    assert text.index(">Writing</a>") < text.index(">Petition only</a>")


@pytest.mark.parametrize("kind", ["letter", "call", "postcard", "social"])
def test_the_advice_names_the_coming_vote_where_people_write_call_or_post(client, kind):
    campaign = CampaignFactory()
    bill = BillFactory()
    bill.schedules.create(chamber="upper", scheduled_for=timezone.localdate() + dt.timedelta(2))
    action = {a.kind: a for a in _one_of_each(campaign)}[kind]
    Action.objects.filter(pk=action.pk).update(bill=bill, position="support")

    text = client.get(action.get_absolute_url()).text

    assert "How to make it count" in text
    assert f"A vote on {bill.identifier} is scheduled" in text
    assert "say that you support it" in text
