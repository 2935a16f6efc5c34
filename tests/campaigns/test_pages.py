import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaigns.models import Campaign, Resource
from legislation import services as legislation_services
from legislation.models import Subject
from tests.campaigns.factories import (
    CampaignFactory,
    IssuePageFactory,
    PetitionFactory,
    ResourceFactory,
    SignatureFactory,
)
from tests.core.factories import OrganisationFactory
from tests.legislation.factories import BillFactory, SessionFactory

pytestmark = pytest.mark.django_db

LIVE, WON, CLOSED, DRAFT = (
    Campaign.Status.LIVE,
    Campaign.Status.WON,
    Campaign.Status.CLOSED,
    Campaign.Status.DRAFT,
)


def _campaign_with_petition(**kwargs) -> Campaign:
    """A campaign with two sponsors, a petition with signatures, an issue and a bill."""
    campaign = CampaignFactory(organisations=OrganisationFactory.create_batch(2), **kwargs)
    petition = PetitionFactory(campaign=campaign, confirmed_count=2)
    SignatureFactory.create_batch(2, petition=petition)
    campaign.issues.add(IssuePageFactory())
    campaign.bills.add(BillFactory())
    return campaign


def _same_queries_with_more_rows(client, django_assert_num_queries, url, add_rows) -> str:
    """Fetch `url`, add rows, and check the second fetch runs as many queries as the first."""
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add_rows()

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)

    assert response.status_code == 200
    return response.text


# ------------------------------------------------------------------------------
# Home
# ------------------------------------------------------------------------------
def test_home_shows_featured_live_campaigns_first_then_the_newest(client):
    now = timezone.now()
    CampaignFactory(title="Old news", launched_at=now - dt.timedelta(days=30))
    CampaignFactory(title="Fresh", launched_at=now - dt.timedelta(days=1))
    CampaignFactory(title="Featured", featured=True, launched_at=now - dt.timedelta(days=90))
    CampaignFactory(title="A draft", status=DRAFT, featured=True)
    CampaignFactory(title="Already won", status=WON, featured=True)

    text = client.get("/").text

    assert text.index("Featured") < text.index("Fresh") < text.index("Old news")
    assert "A draft" not in text
    assert "Already won" not in text


def test_home_falls_back_to_the_newest_live_campaigns(client):
    now = timezone.now()
    for day in range(8):
        CampaignFactory(title=f"Day {day} campaign", launched_at=now - dt.timedelta(days=day))

    text = client.get("/").text

    assert "Day 0 campaign" in text
    assert "Day 5 campaign" in text
    assert "Day 6 campaign" not in text


def test_home_says_so_when_no_campaign_is_live(client):
    CampaignFactory(title="Closed one", status=CLOSED)

    text = client.get("/").text

    assert "No campaign is running right now." in text
    assert "Closed one" not in text


def test_home_shows_upcoming_votes_and_the_latest_bill_news(client):
    bill = BillFactory(identifier="S. 77", title="A bill to end forced labor in prisons.")
    past = BillFactory(identifier="S. 78")
    legislation_services.floor_schedule_record(
        bill_id=bill.pk, chamber="upper", scheduled_for=dt.date.today() + dt.timedelta(days=3)
    )
    legislation_services.floor_schedule_record(
        bill_id=past.pk, chamber="upper", scheduled_for=dt.date.today() - dt.timedelta(days=3)
    )

    text = client.get("/").text

    votes = text.split('id="votes-title"')[1].split("</section>")[0]
    assert "S. 77: A bill to end forced labor in prisons." in votes
    assert "S. 78" not in votes
    news = text.split('id="events-title"')[1].split("</section>")[0]
    assert "We now follow this bill" in news
    assert f'href="{bill.get_absolute_url()}"' in news


def test_home_keeps_the_find_your_officials_box_and_the_organisations(client):
    OrganisationFactory(name="Freedom United")

    text = client.get("/").text

    assert 'action="/officials/"' in text
    assert 'name="zip"' in text
    assert "Freedom United" in text


def test_home_query_count_does_not_grow_with_campaigns(client, django_assert_num_queries):
    _campaign_with_petition(featured=True)
    legislation_services.floor_schedule_record(
        bill_id=BillFactory().pk, chamber="upper", scheduled_for=dt.date.today()
    )

    def add_rows():
        for _ in range(5):
            _campaign_with_petition()

    text = _same_queries_with_more_rows(client, django_assert_num_queries, "/", add_rows)
    assert text.count('class="card campaign-card"') == 6


# ------------------------------------------------------------------------------
# Campaign list
# ------------------------------------------------------------------------------
def test_campaign_list_shows_every_public_campaign_and_no_draft(client):
    for status in (LIVE, WON, CLOSED, DRAFT):
        CampaignFactory(title=f"A {status} campaign", status=status)

    text = client.get("/campaigns/").text

    assert "A live campaign" in text
    assert "A won campaign" in text
    assert "A closed campaign" in text
    assert "A draft campaign" not in text
    assert "3 campaigns" in text


def test_campaign_card_shows_sponsors_status_and_each_petitions_count(client):
    polaris = OrganisationFactory(name="Polaris")
    ijm = OrganisationFactory(name="IJM")
    campaign = CampaignFactory(title="Pass the bill", organisations=[polaris, ijm])
    PetitionFactory(campaign=campaign, title="Sign for the bill", confirmed_count=1234, goal=5000)

    text = client.get("/campaigns/").text

    assert "Pass the bill" in text
    assert "Ask companies to trace cobalt to the mine." in text
    assert "Polaris" in text
    assert "IJM" in text
    assert "Live" in text
    assert "Sign for the bill" in text
    assert "<strong>1,234</strong> of 5,000 signatures" in text
    assert 'value="1234" max="5000"' in text


def test_campaign_list_filters_by_issue_organisation_action_and_status(client):
    prison = IssuePageFactory(slug="prison-labor")
    polaris = OrganisationFactory(slug="polaris")
    amend = CampaignFactory(title="Amend it")
    amend.issues.add(prison)
    PetitionFactory(campaign=amend)
    CampaignFactory(title="Won by Polaris", status=WON, organisations=[polaris])
    CampaignFactory(title="No actions yet", status=CLOSED)

    def titles(query: str) -> str:
        return client.get("/campaigns/" + query).text

    assert "Amend it" in titles("?issue=prison-labor")
    assert "Won by Polaris" not in titles("?issue=prison-labor")
    assert "Won by Polaris" in titles("?organisation=polaris")
    assert "Amend it" not in titles("?organisation=polaris")
    assert "Amend it" in titles("?action=petition")
    assert "No actions yet" not in titles("?action=petition")
    assert "Won by Polaris" in titles("?status=won")
    assert "Amend it" not in titles("?status=won")
    assert "1 campaign" in titles("?issue=prison-labor&status=live")
    assert "No campaign matches these filters" in titles("?issue=prison-labor&status=closed")


def test_campaign_list_drops_a_stale_filter_instead_of_failing(client):
    CampaignFactory(title="Still here")
    CampaignFactory(title="A draft", status=DRAFT)

    response = client.get("/campaigns/?issue=gone&status=draft&organisation=x&action=webinar")

    assert response.status_code == 200
    assert "Still here" in response.text
    assert "A draft" not in response.text
    assert 'aria-invalid="true"' not in response.text
    assert "Select a valid choice" not in response.text


def test_campaign_list_paginates_twelve_a_page_keeping_the_filters(client):
    CampaignFactory.create_batch(13)

    page_one = client.get("/campaigns/?status=live").text
    page_two = client.get("/campaigns/?status=live&page=2").text

    assert page_one.count('class="card campaign-card"') == 12
    assert "Page 1 of 2" in page_one
    assert "status=live&amp;page=2" in page_one
    assert page_two.count('class="card campaign-card"') == 1
    assert "status=live&amp;page=1" in page_two


def test_campaign_list_query_count_does_not_grow_with_campaigns(client, django_assert_num_queries):
    _campaign_with_petition()

    def add_rows():
        for _ in range(11):
            _campaign_with_petition()

    text = _same_queries_with_more_rows(client, django_assert_num_queries, "/campaigns/", add_rows)
    assert text.count('class="card campaign-card"') == 12


# ------------------------------------------------------------------------------
# Campaign detail
# ------------------------------------------------------------------------------
def test_campaign_page_shows_the_campaign(client):
    freedom = OrganisationFactory(name="Freedom United")
    issue = IssuePageFactory(title="Prison labor")
    bill = BillFactory(identifier="S.J.Res. 21", title="Abolition Amendment.")
    campaign = CampaignFactory(
        title="Amend the 13th",
        organisations=[freedom],
        body="## Why\n\nThe *punishment clause* still allows it.",
        hero_image="campaigns/chains.jpg",
        hero_alt="Broken chains on a courthouse step",
        launched_at=dt.datetime(2024, 2, 1, 17, tzinfo=dt.UTC),
    )
    campaign.issues.add(issue)
    campaign.bills.add(bill)

    text = client.get(campaign.get_absolute_url()).text

    assert "<h1>Amend the 13th</h1>" in text
    assert 'alt="Broken chains on a courthouse step"' in text
    assert "<h3>Why</h3>" in text
    assert "<em>punishment clause</em>" in text
    assert f'<a href="{freedom.get_absolute_url()}">Freedom United</a>' in text
    assert f'href="{issue.get_absolute_url()}">Prison labor</a>' in text
    assert f'<a href="{bill.get_absolute_url()}">S.J.Res. 21: Abolition Amendment.</a>' in text
    assert 'datetime="2024-02-01' in text


def test_campaign_page_lists_each_petition_with_its_thermometer_and_sign_link(client):
    campaign = CampaignFactory()
    petition = PetitionFactory(campaign=campaign, title="Sign now", confirmed_count=40, goal=100)
    ended = PetitionFactory(
        campaign=campaign, title="Over", ends_at=timezone.now() - dt.timedelta(days=1)
    )

    text = client.get(campaign.get_absolute_url()).text

    assert "<strong>40</strong> of 100 signatures" in text
    assert f'href="{petition.get_absolute_url()}">Sign the petition</a>' in text
    assert text.count(">Sign the petition</a>") == 1
    assert "This petition is closed." in text
    assert f'href="{ended.get_absolute_url()}">Read the petition</a>' in text


def test_won_campaign_shows_its_victory_and_no_sign_button(client):
    campaign = CampaignFactory(
        status=WON,
        victory_message="SESTA became law through FOSTA.",
        ended_at=dt.datetime(2018, 4, 11, 17, tzinfo=dt.UTC),
    )
    PetitionFactory(campaign=campaign)

    text = client.get(campaign.get_absolute_url()).text

    assert "We won" in text
    assert "SESTA became law through FOSTA." in text
    assert ">Sign the petition</a>" not in text
    assert "This petition is closed." in text
    assert 'datetime="2018-04-11' in text


def test_victory_message_is_shown_only_once_won(client):
    campaign = CampaignFactory(status=CLOSED, victory_message="Not yet.")

    assert "Not yet." not in client.get(campaign.get_absolute_url()).text


def test_campaign_body_is_sanitised_and_never_run_as_a_template(client):
    campaign = CampaignFactory(
        body="<script>alert(1)</script> [x](javascript:alert(1))\n\n"
        "{{ request.user }} {% load static %}"
    )

    text = client.get(campaign.get_absolute_url()).text
    main = text.split("<main")[1].split("</main>")[0]

    assert "<script" not in main
    assert 'href="javascript' not in main
    assert "{{ request.user }}" in main
    assert "{% load static %}" in main


def test_campaign_page_has_share_links_and_absolute_social_meta(client, settings):
    settings.SITE_URL = "https://hub.example"
    campaign = CampaignFactory(
        slug="amend", title="Amend it", share_text="End the exception", hero_image="c/h.jpg"
    )

    text = client.get(campaign.get_absolute_url()).text

    assert '<meta property="og:url" content="https://hub.example/campaigns/amend/">' in text
    assert '<meta property="og:title" content="Amend it">' in text
    assert '<meta property="og:image" content="https://hub.example/media/c/h.jpg">' in text
    assert '<meta name="twitter:card" content="summary_large_image">' in text
    assert "https://twitter.com/intent/tweet?text=End%20the%20exception" in text
    assert "url=https%3A%2F%2Fhub.example%2Fcampaigns%2Famend%2F" in text
    for network in ("facebook.com/sharer", "wa.me", "bsky.app", "mastodonshare.com", "mailto:"):
        assert network in text
    assert "<script" not in text


def test_draft_campaign_is_404_for_the_public(client):
    campaign = CampaignFactory(status=DRAFT)

    assert client.get(campaign.get_absolute_url()).status_code == 404


def test_staff_preview_a_draft_campaign_with_a_banner(admin_client):
    campaign = CampaignFactory(status=DRAFT, title="Not launched")
    PetitionFactory(campaign=campaign)

    response = admin_client.get(campaign.get_absolute_url())

    assert response.status_code == 200
    assert "Preview: this campaign is a draft." in response.text
    assert ">Sign the petition</a>" not in response.text
    assert "Share on" not in response.text


def test_public_campaign_has_no_preview_banner(admin_client):
    campaign = CampaignFactory()

    assert "Preview:" not in admin_client.get(campaign.get_absolute_url()).text


def test_unknown_campaign_is_404(client):
    assert client.get("/campaigns/no-such-campaign/").status_code == 404


def test_campaign_page_query_count_does_not_grow_with_petitions_or_signatures(
    client, django_assert_num_queries
):
    campaign = _campaign_with_petition()

    def add_rows():
        for _ in range(3):
            petition = PetitionFactory(campaign=campaign)
            SignatureFactory.create_batch(5, petition=petition)
            campaign.issues.add(IssuePageFactory())
            campaign.bills.add(BillFactory())
            campaign.organisations.add(OrganisationFactory())

    text = _same_queries_with_more_rows(
        client, django_assert_num_queries, campaign.get_absolute_url(), add_rows
    )
    assert text.count('class="card action-card"') == 4


# ------------------------------------------------------------------------------
# Issue pages
# ------------------------------------------------------------------------------
def test_issue_list_shows_each_page_with_its_last_update(client, django_assert_num_queries):
    IssuePageFactory(title="Cobalt mining", last_reviewed=dt.date(2025, 3, 4))
    IssuePageFactory(title="Foster care")

    with django_assert_num_queries(1):
        text = client.get("/issues/").text

    assert "Cobalt mining" in text
    assert "Foster care" in text
    assert 'datetime="2025-03-04"' in text


def test_issue_page_shows_body_resources_bills_and_campaigns(client):
    subject = Subject.objects.get_or_create(slug="prison-labor", name="Prison labor")[0]
    issue = IssuePageFactory(
        title="Prison labor",
        body="## The exception\n\nThe **13th Amendment** has one.",
        hero_image="issues/cell.jpg",
        hero_alt="An empty prison workshop",
        last_reviewed=dt.date(2025, 1, 15),
        subject=subject,
    )
    ResourceFactory(issue=issue, kind=Resource.Kind.FILM, title="13TH", publisher="Netflix")
    ResourceFactory(issue=issue, title="Captive Labor", publisher="ACLU", year=2022, language="es")
    own_bill = BillFactory(identifier="H.J.Res. 53")
    issue.bills.add(own_bill)
    subject_bill = BillFactory(identifier="S.J.Res. 21")
    subject_bill.subjects.add(subject)
    BillFactory(identifier="S. 1")
    live = CampaignFactory(title="Amend the 13th")
    live.issues.add(issue)
    CampaignFactory(title="Secret draft", status=DRAFT).issues.add(issue)

    text = client.get(issue.get_absolute_url()).text

    assert "<h2>The exception</h2>" in text
    assert "<strong>13th Amendment</strong>" in text
    assert 'alt="An empty prison workshop"' in text
    assert 'datetime="2025-01-15"' in text
    assert text.index("<h3>Reports</h3>") < text.index("<h3>Films</h3>")
    assert 'href="https://research.example.org/' in text
    assert ">Captive Labor</a>, ACLU, 2022" in text
    assert "(Spanish)" in text
    assert 'hreflang="es"' in text
    assert ">13TH</a>, Netflix" in text
    assert "H.J.Res. 53" in text
    assert "S.J.Res. 21" in text
    assert "S. 1:" not in text
    assert "Amend the 13th" in text
    assert "Secret draft" not in text


def test_issue_page_body_is_sanitised(client):
    issue = IssuePageFactory(body='<iframe src="https://x.example"></iframe>[a](javascript:x)')

    main = client.get(issue.get_absolute_url()).text.split("<main")[1]

    assert "<iframe" not in main
    assert 'href="javascript' not in main


def test_unknown_issue_is_404(client):
    assert client.get("/issues/no-such-issue/").status_code == 404


def test_issue_page_query_count_does_not_grow(client, django_assert_num_queries):
    subject = Subject.objects.get_or_create(slug="foster-care", name="Foster care")[0]
    issue = IssuePageFactory(subject=subject)
    session = SessionFactory()

    def add_one():
        ResourceFactory(issue=issue)
        issue.bills.add(BillFactory(session=session))
        BillFactory(session=session).subjects.add(subject)
        _campaign_with_petition().issues.add(issue)

    add_one()

    def add_rows():
        for _ in range(4):
            add_one()

    text = _same_queries_with_more_rows(
        client, django_assert_num_queries, issue.get_absolute_url(), add_rows
    )
    assert text.count('class="card campaign-card"') == 5


# ------------------------------------------------------------------------------
# Organisations
# ------------------------------------------------------------------------------
def test_organisation_list_uses_one_query_for_any_number(client, django_assert_num_queries):
    OrganisationFactory.create_batch(3)
    with django_assert_num_queries(1):
        client.get("/organisations/")
    OrganisationFactory.create_batch(10)

    with django_assert_num_queries(1):
        response = client.get("/organisations/")

    assert response.status_code == 200
    assert response.content.decode().count('class="card"') == 13


def test_organisation_page_shows_the_organisation(client):
    organisation = OrganisationFactory(
        name="Polaris",
        slug="polaris",
        logo="organisations/polaris.png",
        privacy_policy_url="https://polaris.example.org/privacy",
        contact_email="info@polaris.example.org",
    )

    text = client.get("/organisations/polaris/").text

    assert organisation.get_absolute_url() == "/organisations/polaris/"
    assert "<h1>Polaris</h1>" in text
    assert 'src="/media/organisations/polaris.png" alt="Polaris"' in text
    assert 'href="https://polaris.example.org/privacy"' in text
    assert 'href="mailto:info@polaris.example.org"' in text
    assert 'href="https://polaris.example.org/"' in text
    assert "Polaris has no campaign on the hub yet." in text


def test_organisation_page_lists_live_then_won_then_closed_and_never_drafts(client):
    organisation = OrganisationFactory(slug="polaris")
    issue = IssuePageFactory(title="Online exploitation")
    for status in (CLOSED, WON, DRAFT, LIVE):
        campaign = CampaignFactory(
            title=f"The {status} one", status=status, organisations=[organisation]
        )
    campaign.issues.add(issue)
    CampaignFactory(title="Someone else's")
    IssuePageFactory(title="Unrelated issue")

    text = client.get("/organisations/polaris/").text

    assert text.index("The live one") < text.index("The won one") < text.index("The closed one")
    assert "The draft one" not in text
    assert "Someone else&#x27;s" not in text
    assert "Online exploitation" in text
    assert "Unrelated issue" not in text


def test_unknown_organisation_is_404(client):
    assert client.get("/organisations/nobody/").status_code == 404


def test_organisation_page_query_count_does_not_grow(client, django_assert_num_queries):
    organisation = OrganisationFactory(slug="ijm")
    _campaign_with_petition().organisations.add(organisation)

    def add_rows():
        for _ in range(6):
            _campaign_with_petition().organisations.add(organisation)

    text = _same_queries_with_more_rows(
        client, django_assert_num_queries, "/organisations/ijm/", add_rows
    )
    assert text.count('class="card campaign-card"') == 7


# ------------------------------------------------------------------------------
# The bill page's campaigns
# ------------------------------------------------------------------------------
def test_bill_page_lists_the_public_campaigns_about_it(client):
    bill = BillFactory(identifier="S. 1693")
    polaris = OrganisationFactory(name="Polaris")
    live = CampaignFactory(title="Move SESTA forward", organisations=[polaris])
    PetitionFactory(campaign=live)
    won = CampaignFactory(title="Already won", status=WON)
    PetitionFactory(campaign=won)
    draft = CampaignFactory(title="Secret draft", status=DRAFT)
    for campaign in (live, won, draft):
        campaign.bills.add(bill)

    text = client.get(bill.get_absolute_url()).text

    assert "Campaigns about this bill" in text
    assert (
        f'<a href="{live.get_absolute_url()}">Move SESTA forward</a> (Polaris): Sign the petition'
        in text
    )
    assert f'<a href="{won.get_absolute_url()}">Already won</a>' in text
    won_line = text.split("Already won</a>")[1].split("</li>")[0]
    assert "Sign the petition" not in won_line
    assert "Secret draft" not in text


def test_bill_page_without_campaigns_has_no_campaign_section(client):
    bill = BillFactory()
    CampaignFactory().bills.add(BillFactory())

    assert "Campaigns about this bill" not in client.get(bill.get_absolute_url()).text


def test_bill_page_query_count_does_not_grow_with_its_campaigns(client, django_assert_num_queries):
    bill = BillFactory()
    _campaign_with_petition().bills.add(bill)

    def add_rows():
        for _ in range(5):
            _campaign_with_petition().bills.add(bill)

    text = _same_queries_with_more_rows(
        client, django_assert_num_queries, bill.get_absolute_url(), add_rows
    )
    assert text.count(": Sign the petition</li>") == 6


def test_a_cached_campaign_page_costs_one_query_and_shows_each_new_count(
    client, django_assert_num_queries
):
    from django.test import Client

    from campaigns.models import Petition

    petition = PetitionFactory(goal=100)
    url = petition.campaign.get_absolute_url()
    client.get(url)

    with django_assert_num_queries(1):
        response = Client().get(url + "?ref=x")
    assert 'value="/campaigns/' in response.content.decode()
    assert "?ref=x" in response.content.decode()

    Petition.objects.filter(pk=petition.pk).update(confirmed_count=7)
    assert "<strong>7</strong> of 100" in Client().get(url).content.decode()


def test_a_draft_campaign_is_404_from_the_cached_path_too(client):
    petition = PetitionFactory(campaign__status=Campaign.Status.DRAFT)

    assert client.get(petition.campaign.get_absolute_url()).status_code == 404
