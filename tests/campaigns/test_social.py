"""Social actions: prepared posts to a target's handle, and the record of who posted."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaigns import social
from campaigns.forms import started_stamp
from campaigns.models import Action, Outreach, Person, SocialAction
from tests.campaigns.factories import (
    CampaignFactory,
    CompanyTargetFactory,
    PersonFactory,
    SocialActionFactory,
)

pytestmark = pytest.mark.django_db

HANDLES = {"x": "TraceCo", "bluesky": "traceco.example.com", "mastodon": "@news@social.example"}


def _action(**kwargs) -> SocialAction:
    action = SocialActionFactory(**kwargs)
    target = CompanyTargetFactory(name="TraceCo", handles=HANDLES)
    action.targets.add(target)
    return action


def _post(client: Client, action: SocialAction, **data) -> object:
    target = action.targets.order_by("pk").first()
    form = {
        "email": "ana@example.org",
        "given_name": "Ana",
        "post": f"{target.pk}:x",
        "started": started_stamp(),
        "zip": "",
        "district": "",
        **data,
    }
    return client.post(f"/social/{action.slug}/", form)


# ------------------------------------------------------------------------------
# Compose links
# ------------------------------------------------------------------------------
def test_compose_url_fills_x_and_bluesky_with_the_text():
    x = social.compose_url(network="x", text="Thank you @TraceCo & all")
    bluesky = social.compose_url(network="bluesky", text="Thanks @a.b")

    assert x == "https://x.com/intent/post?text=Thank%20you%20%40TraceCo%20%26%20all"
    assert bluesky.startswith("https://bsky.app/intent/compose?text=Thanks%20%40a.b")


def test_compose_url_for_mastodon_opens_the_advocates_own_server():
    url = social.compose_url(network="mastodon", text="Hi", instance="Mastodon.Social")

    assert url == "https://mastodon.social/share?text=Hi"


def test_compose_url_for_facebook_shares_the_campaign_link_only():
    url = social.compose_url(
        network="facebook", text="ignored", share_url="https://hub.example/campaigns/a/"
    )

    assert urlsplit(url).netloc == "www.facebook.com"
    assert parse_qs(urlsplit(url).query) == {"u": ["https://hub.example/campaigns/a/"]}


@pytest.mark.parametrize(
    "typed",
    [
        "https://evil.example/@me",
        "evil.example:8443",
        "user@evil.example",
        "//evil.example",
        "javascript:alert(1)",
        "localhost",
        "10.0.0.1",
        "evil.example/share?x=",
        "mastodon.social\r\nLocation: x",
        "http://mastodon.social",
        "",
    ],
)
def test_mastodon_instance_must_be_a_bare_host_name(typed):
    with pytest.raises(social.InvalidInstance):
        social.mastodon_instance_clean(typed)


@pytest.mark.parametrize(
    ("typed", "host"),
    [
        ("mastodon.social", "mastodon.social"),
        (" Hachyderm.IO ", "hachyderm.io"),
        ("https://fosstodon.org/", "fosstodon.org"),
    ],
)
def test_mastodon_instance_forgives_case_spaces_and_a_pasted_address(typed, host):
    assert social.mastodon_instance_clean(typed) == host


# ------------------------------------------------------------------------------
# The page
# ------------------------------------------------------------------------------
def test_page_offers_a_thank_button_per_network_the_target_is_on(client):
    action = _action(networks=["x", "bluesky", "facebook"])

    text = client.get(f"/social/{action.slug}/").text

    assert "Thank @TraceCo on X" in text
    assert "Thank @traceco.example.com on Bluesky" in text
    # Not on Facebook, and Mastodon is not offered by this action.
    assert "on Facebook" not in text
    assert "on Mastodon" not in text
    assert "Thank you @TraceCo for publishing your cobalt suppliers." in text
    assert "How to make it count" in text


def test_page_says_call_out_for_a_call_out_action(client):
    action = _action(intent=SocialAction.Intent.CALL_OUT, networks=["x"])

    assert "Call out @TraceCo on X" in client.get(f"/social/{action.slug}/").text


def test_page_warns_that_facebook_takes_no_text(client):
    action = _action(networks=["facebook"])
    target = action.targets.get()
    target.handles = {"facebook": "traceco"}
    target.save()

    text = client.get(f"/social/{action.slug}/").text

    assert "Thank traceco on Facebook" in text
    assert "Facebook fills in no text" in text


def test_page_says_when_a_target_has_no_account_on_the_networks_offered(client):
    action = _action(networks=["facebook"])

    assert "We have no account on file for them" in client.get(f"/social/{action.slug}/").text


def test_page_asks_the_mastodon_server_only_when_mastodon_is_offered(client):
    with_mastodon = _action(networks=["mastodon"])
    without = _action(networks=["x"])

    assert "Your Mastodon server" in client.get(f"/social/{with_mastodon.slug}/").text
    assert "Your Mastodon server" not in client.get(f"/social/{without.slug}/").text


def test_page_shows_the_vote_coming_up_on_the_actions_bill(client):
    from tests.legislation.factories import BillFactory

    bill = BillFactory(identifier="H.J.Res. 72")
    bill.schedules.create(chamber="lower", scheduled_for=timezone.localdate())
    action = _action(bill=bill, position="support")

    text = client.get(f"/social/{action.slug}/").text

    assert "A vote on H.J.Res. 72 is scheduled" in text
    assert "H.J.Res. 72, and say that you support it." in text


def test_page_of_a_draft_campaign_is_404_for_the_public(client):
    action = _action(campaign=CampaignFactory(status="draft"))

    assert client.get(f"/social/{action.slug}/").status_code == 404


def test_page_of_a_closed_action_has_no_buttons(client):
    action = _action(closed_at=timezone.now())

    text = client.get(f"/social/{action.slug}/").text

    assert "This action is closed." in text
    assert 'name="post"' not in text


def test_page_query_count_does_not_grow_with_targets(client, django_assert_num_queries):
    action = _action()
    with CaptureQueriesContext(connection) as few:
        client.get(f"/social/{action.slug}/")
    for _ in range(3):
        action.targets.add(CompanyTargetFactory(handles=HANDLES))
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(f"/social/{action.slug}/")
    assert response.text.count("Thank @TraceCo on X") == 4


# ------------------------------------------------------------------------------
# Recording and redirecting
# ------------------------------------------------------------------------------
def test_button_records_a_done_social_outreach_and_opens_x(client):
    action = _action()

    response = _post(client, action, source="newsletter")

    assert response.status_code == 302
    assert response["Location"].startswith(
        "https://x.com/intent/post?text=Thank%20you%20%40TraceCo"
    )
    outreach = Outreach.objects.get()
    assert (outreach.channel, outreach.status, outreach.network) == ("social", "done", "x")
    assert outreach.person.email == "ana@example.org"
    assert outreach.person.given_name == "Ana"
    assert outreach.source == "newsletter"
    assert outreach.body == "Thank you @TraceCo for publishing your cobalt suppliers."
    assert Action.objects.get(pk=action.pk).participants == 1


def test_button_records_the_consents_ticked(client):
    action = _action()
    organisation = action.campaign.organisations.get()

    _post(client, action, **{f"consent_{organisation.pk}": "on"})

    assert list(Outreach.objects.get().consent_texts) == [str(organisation.pk)]


def test_second_network_for_the_same_target_counts_the_person_once(client):
    action = _action()
    target = action.targets.order_by("pk").first()

    _post(client, action)
    response = _post(client, action, post=f"{target.pk}:bluesky")

    assert response["Location"].startswith("https://bsky.app/intent/compose?text=")
    assert Outreach.objects.count() == 1
    assert Action.objects.get(pk=action.pk).participants == 1


def test_a_second_target_adds_a_row_but_not_a_person(client):
    action = _action()
    other = CompanyTargetFactory(name="Other", handles={"x": "OtherCo"})
    action.targets.add(other)

    _post(client, action)
    _post(client, action, post=f"{other.pk}:x")

    assert Outreach.objects.count() == 2
    assert Action.objects.get(pk=action.pk).participants == 1


def test_mastodon_button_opens_the_server_given(client):
    action = _action()
    target = action.targets.order_by("pk").first()

    response = _post(client, action, post=f"{target.pk}:mastodon", instance="hachyderm.io")

    assert response["Location"].startswith("https://hachyderm.io/share?text=Thank%20you%20%40news")


def test_mastodon_button_without_a_server_asks_for_it_and_keeps_the_email(client):
    action = _action()
    target = action.targets.order_by("pk").first()

    response = _post(client, action, post=f"{target.pk}:mastodon")

    assert response.status_code == 400
    assert "Enter your Mastodon server, so the post opens there." in response.text
    assert 'value="ana@example.org"' in response.text
    assert not Outreach.objects.exists()


def test_a_server_with_a_path_is_refused_not_followed(client):
    action = _action()
    target = action.targets.order_by("pk").first()

    response = _post(
        client, action, post=f"{target.pk}:mastodon", instance="https://evil.example/x"
    )

    assert response.status_code == 400
    assert "Enter only the server&#x27;s name" in response.text
    assert not Outreach.objects.exists()


def test_missing_email_is_an_error_next_to_the_field(client):
    action = _action()

    response = _post(client, action, email="")

    assert response.status_code == 400
    assert "This field is required." in response.text
    assert not Outreach.objects.exists()


def test_a_button_for_a_target_not_on_the_action_is_refused(client):
    action = _action()
    stranger = CompanyTargetFactory(handles={"x": "Stranger"})

    response = _post(client, action, post=f"{stranger.pk}:x")

    assert response.status_code == 400
    assert not Outreach.objects.exists()


def test_filled_honeypot_records_nothing_and_returns_to_the_page(client):
    action = _action()

    response = _post(client, action, website="http://spam.example")

    assert response.status_code == 302
    assert response["Location"] == f"/social/{action.slug}/"
    assert not Outreach.objects.exists()


def test_closed_action_records_nothing(client):
    action = _action(ends_at=timezone.now())

    response = _post(client, action)

    assert response.status_code == 409
    assert not Outreach.objects.exists()


def test_post_needs_the_csrf_token():
    action = _action()

    response = _post(Client(enforce_csrf_checks=True), action)

    assert response.status_code == 403
    assert not Outreach.objects.exists()


def test_too_many_posts_from_one_address_are_refused(client, settings):
    settings.SIGN_RATE_PER_IP = "2/h"
    action = _action()

    statuses = [_post(client, action, email=f"p{n}@example.org").status_code for n in range(3)]

    assert statuses == [302, 302, 429]


def test_too_many_posts_for_one_email_still_open_the_network_but_record_nothing(client, settings):
    settings.SIGN_RATE_PER_EMAIL = "1/h"
    action = _action()
    other = CompanyTargetFactory(handles={"x": "OtherCo"})
    action.targets.add(other)

    _post(client, action)
    response = _post(client, action, post=f"{other.pk}:x")

    assert response.status_code == 302
    assert response["Location"].startswith("https://x.com/")
    assert Outreach.objects.count() == 1


def test_record_service_does_not_rename_a_known_person():
    action = _action()
    PersonFactory(email="ana@example.org", given_name="Ana")
    lookup = social.social_lookup(action=action)
    item = lookup.targets[0]

    social.social_post_record(
        action=action,
        button=item.buttons[0],
        target=item.target,
        data=social.SocialPostInput(email="ana@example.org", given_name="Mallory"),
    )

    assert Person.objects.get().given_name == "Ana"
