"""The petition pages over HTTP: sign, bot defence, bad input, confirm, embed, API, print."""

import re

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from campaigns.forms import started_stamp
from campaigns.models import Campaign, Petition, Signature
from tests.campaigns.factories import CampaignFactory, PetitionFactory, SignatureFactory
from tests.conftest import csp_directives
from tests.core.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition():
    return PetitionFactory(slug="trace-cobalt", title="Trace cobalt to the mine", goal=500)


def _url(petition, name="campaigns:petition_detail"):
    return reverse(name, kwargs={"slug": petition.slug})


def _form(**overrides) -> dict[str, str]:
    data = {
        "given_name": "Ana",
        "family_name": "Silva",
        "email": "ana@example.org",
        "postal_code": "98101",
        "comment": "",
        "started": started_stamp(),
        "website": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _without_tokens(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def _post(client, petition, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(_url(petition), _form(**overrides))


def test_petition_page_shows_the_ask_count_and_form(client, petition, django_assert_num_queries):
    SignatureFactory.create_batch(3, petition=petition, show_name=True)
    with django_assert_num_queries(5):
        response = client.get(_url(petition) + "?source=newsletter")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Trace cobalt to the mine" in html
    assert 'name="source" value="newsletter"' in html
    assert "Sign the petition" in html
    assert 'max="500"' in html


def test_petition_page_queries_stay_constant_in_the_number_of_signers(
    client, petition, django_assert_num_queries
):
    SignatureFactory.create_batch(40, petition=petition, show_name=True)
    with django_assert_num_queries(5):
        client.get(_url(petition))


def test_a_consent_box_per_sponsor_unchecked_and_show_name_unchecked(client):
    one, two = OrganisationFactory(name="Polaris"), OrganisationFactory(name="IJM")
    petition = PetitionFactory(campaign=CampaignFactory(organisations=[one, two]))

    html = client.get(_url(petition)).content.decode()

    assert f'name="consent_{one.pk}"' in html
    assert f'name="consent_{two.pk}"' in html
    assert "checked" not in html


def test_each_petition_asks_only_the_optional_fields_it_chose(client):
    petition = PetitionFactory(ask_postal_code=False, ask_comment=False)

    html = client.get(_url(petition)).content.decode()

    assert 'name="postal_code"' not in html
    assert 'name="comment"' not in html


def test_signing_redirects_to_check_your_email_and_sends_the_link(
    client, petition, mailoutbox, django_capture_on_commit_callbacks
):
    response = _post(client, petition, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == _url(petition, "campaigns:petition_signed")
    assert len(mailoutbox) == 1
    assert Signature.objects.get().confirmed_at is None


def test_the_answer_is_the_same_whether_or_not_the_address_signed(
    client, petition, mailoutbox, django_capture_on_commit_callbacks
):
    SignatureFactory(petition=petition, person__email="known@example.org")

    known = _post(client, petition, django_capture_on_commit_callbacks, email="known@example.org")
    new = _post(client, petition, django_capture_on_commit_callbacks, email="new@example.org")

    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    assert _without_tokens(client.get(known["Location"])) == _without_tokens(
        client.get(new["Location"])
    )
    assert {m.to[0]: m.subject.split(":")[0] for m in mailoutbox} == {
        "known@example.org": "You had already signed “Trace cobalt to the mine”",
        "new@example.org": "Confirm your signature",
    }


def test_the_email_link_opens_a_confirm_button_and_only_the_post_counts(
    client, petition, mailoutbox, django_capture_on_commit_callbacks
):
    _post(client, petition, django_capture_on_commit_callbacks)
    path = re.search(r"/signatures/confirm/\S+/", mailoutbox[0].body).group(0)

    page = client.get(path)
    assert page.status_code == 200
    assert "Confirm my signature" in page.content.decode()
    petition.refresh_from_db()
    assert petition.confirmed_count == 0

    owner = {"given_name": "Ana", "family_name": "Silva"}
    done = client.post(path, owner)
    assert done.status_code == 200
    assert "your signature counts" in done.content.decode()
    client.post(path, owner)
    petition.refresh_from_db()
    assert petition.confirmed_count == 1


def test_a_tampered_confirmation_link_gets_a_clear_page_and_changes_nothing(client, petition):
    SignatureFactory(petition=petition, confirmed_at=None)

    response = client.post(reverse("campaigns:signature_confirm", kwargs={"token": "x:y:z"}))

    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert Signature.objects.get().confirmed_at is None


@pytest.mark.parametrize(
    "bot",
    [
        {"website": "http://spam.example"},
        {"started": "forged"},
        {"started": None},
    ],
    ids=["honeypot", "forged-stamp", "no-stamp"],
)
def test_a_bot_gets_a_normal_page_and_nothing_is_stored_or_sent(
    client, petition, mailoutbox, bot, django_capture_on_commit_callbacks
):
    response = _post(client, petition, django_capture_on_commit_callbacks, **bot)

    assert response.status_code == 302
    assert response["Location"] == _url(petition, "campaigns:petition_signed")
    assert Signature.objects.count() == 0
    assert mailoutbox == []


def test_a_form_sent_faster_than_a_person_could_fill_it_is_dropped(
    client, petition, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.SIGN_MIN_FILL_SECONDS = 3

    fast = _post(client, petition, django_capture_on_commit_callbacks)
    stamp = signing.dumps(timezone.now().timestamp() - 10, salt="campaigns.sign.started")
    human = _post(
        client, petition, django_capture_on_commit_callbacks, started=stamp, email="b@example.org"
    )

    assert fast.status_code == human.status_code == 302
    assert list(Signature.objects.values_list("person__email", flat=True)) == ["b@example.org"]
    assert len(mailoutbox) == 1


def test_the_per_email_limit_drops_posts_to_one_petition_silently(
    client, petition, mailoutbox, settings, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    settings.SIGN_RATE_PER_EMAIL = "2/h"
    for _ in range(3):
        response = _post(client, petition, django_capture_on_commit_callbacks)
        assert response.status_code == 302
        # Old enough that a post within the limit sends the link again.
        Signature.objects.update(confirmation_sent_at=timezone.now() - timedelta(minutes=11))
    other = _post(client, PetitionFactory(), django_capture_on_commit_callbacks)

    assert other.status_code == 302
    assert Signature.objects.count() == 2
    # First post, the resend of the second; the third was over the limit; the other
    # petition is a new signature.
    assert len(mailoutbox) == 3


def test_the_per_address_limit_answers_429(
    client, petition, settings, django_capture_on_commit_callbacks
):
    settings.SIGN_RATE_PER_IP = "2/h"

    codes = [
        _post(
            client, petition, django_capture_on_commit_callbacks, email=f"p{i}@example.org"
        ).status_code
        for i in range(3)
    ]

    assert codes == [302, 302, 429]
    assert Signature.objects.count() == 2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("given_name", "Ana\r\nBcc: x@example.org", "Use one line"),
        ("family_name", "Silva\n", "Use one line"),
        ("given_name", "A" * 101, "at most 100 characters"),
        ("email", "not-an-email", "Enter a valid email address"),
        ("email", "ana@example.org\r\nBcc: x@example.org", "Enter a valid email address"),
        ("postal_code", "9", "ZIP or postal code"),
        ("postal_code", "98101\n", "Use one line"),
        ("comment", "x" * 1001, "at most 1000 characters"),
        ("given_name", "", "This field is required"),
    ],
)
def test_bad_input_is_shown_next_to_its_field_with_the_input_kept(
    client, petition, mailoutbox, field, value, message
):
    response = client.post(_url(petition), _form(**{"comment": "Keep this", field: value}))

    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert "Keep this" in html or field == "comment"
    assert 'value="Silva"' in html or field == "family_name"
    assert Signature.objects.count() == 0
    assert mailoutbox == []


def test_unknown_petition_is_404(client):
    assert client.get("/petitions/no-such-petition/").status_code == 404
    assert client.post("/petitions/no-such-petition/", _form()).status_code == 404


def test_a_draft_campaigns_petition_is_404_to_the_public_and_a_preview_to_staff(
    client, admin_client
):
    petition = PetitionFactory(campaign__status=Campaign.Status.DRAFT)

    assert client.get(_url(petition)).status_code == 404
    preview = admin_client.get(_url(petition))
    assert preview.status_code == 200
    assert "Preview" in preview.content.decode()
    assert 'name="email"' not in preview.content.decode()


def test_a_closed_petition_refuses_signatures_with_a_clear_message(
    client, petition, mailoutbox, django_capture_on_commit_callbacks
):
    petition.closed_at = timezone.now()
    petition.save()

    page = client.get(_url(petition))
    response = _post(client, petition, django_capture_on_commit_callbacks)

    assert "This petition is closed" in page.content.decode()
    assert 'name="email"' not in page.content.decode()
    assert response.status_code == 409
    assert "This petition is closed" in response.content.decode()
    assert Signature.objects.count() == 0
    assert mailoutbox == []


def test_a_won_campaign_shows_its_victory_message(client):
    petition = PetitionFactory(
        campaign__status=Campaign.Status.WON, campaign__victory_message="It became law."
    )

    html = client.get(_url(petition)).content.decode()

    assert "It became law." in html
    assert 'name="email"' not in html


def test_the_public_list_shows_first_name_initial_and_state_of_those_who_opted_in(client, petition):
    SignatureFactory(
        petition=petition, show_name=True, region="WA", comment="For my niece",
        person__given_name="Maria", person__family_name="Lopez",
        person__email="maria.lopez@example.org",
    )  # fmt: skip
    SignatureFactory(
        petition=petition, show_name=True, hidden=True, comment="Abusive words",
        person__given_name="Troll", person__family_name="Person",
    )  # fmt: skip
    SignatureFactory(
        petition=petition, show_name=False,
        person__given_name="Secret", person__family_name="Signer",
    )  # fmt: skip
    SignatureFactory(
        petition=petition, show_name=True, confirmed_at=None,
        person__given_name="Pending", person__family_name="Signer",
    )  # fmt: skip

    html = client.get(_url(petition)).content.decode()

    assert "Maria L." in html
    assert ", WA" in html
    assert "For my niece" in html
    assert "Lopez" not in html
    assert "maria.lopez@example.org" not in html
    assert "Troll P." in html
    assert "Abusive words" not in html
    assert "Secret" not in html
    assert "Pending" not in html


def test_the_count_api_returns_json_with_cors(client, petition):
    SignatureFactory(petition=petition)
    Petition.objects.filter(pk=petition.pk).update(confirmed_count=1)

    response = client.get(f"/api/petitions/{petition.slug}/count")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json() == {"petition": "trace-cobalt", "count": 1, "goal": 500, "open": True}
    assert client.get("/api/petitions/nope/count").status_code == 404
    draft = PetitionFactory(campaign__status=Campaign.Status.DRAFT)
    assert client.get(f"/api/petitions/{draft.slug}/count").status_code == 404


def test_only_the_embed_view_may_be_framed(client, petition):
    embed = client.get(_url(petition, "campaigns:petition_embed"))
    page = client.get(_url(petition))

    assert embed.status_code == 200
    assert "X-Frame-Options" not in embed
    assert csp_directives(embed)["frame-ancestors"] == "*"
    assert "script-src 'self'" in embed["Content-Security-Policy"]
    assert page["X-Frame-Options"] == "DENY"
    assert csp_directives(page)["frame-ancestors"] == "'none'"


def test_the_print_view_is_for_staff_and_lists_confirmed_signers(client, admin_client, petition):
    SignatureFactory(petition=petition, person__given_name="Maria", person__family_name="Lopez")
    SignatureFactory(petition=petition, confirmed_at=None, person__given_name="Pending")

    assert client.get(_url(petition, "campaigns:petition_print")).status_code == 302
    html = admin_client.get(_url(petition, "campaigns:petition_print")).content.decode()
    assert "Maria Lopez" in html
    assert "Pending" not in html


def test_an_old_form_is_sent_back_once_with_the_input_kept(client, petition, monkeypatch):
    import time

    stamp = started_stamp()
    later = time.time() + 13 * 60 * 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    monkeypatch.setattr("campaigns.forms.time.time", lambda: later)

    response = client.post(_url(petition), _form(started=stamp, comment="Keep this"))

    assert response.status_code == 400
    assert "open a long time" in response.content.decode()
    assert "Keep this" in response.content.decode()
    assert Signature.objects.count() == 0


def test_a_cached_petition_page_costs_one_query_and_fills_in_each_visitors_values(
    client, petition, django_assert_num_queries
):
    from django.test import Client

    client.get(_url(petition))  # renders and caches
    other = Client()
    with django_assert_num_queries(1):
        response = other.get(_url(petition) + "?source=mastodon", HTTP_REFERER="https://a.example/")

    html = response.content.decode()
    assert 'name="source" value="mastodon"' in html
    assert 'name="referrer" value="https://a.example/"' in html
    assert 'name="next" type="hidden" value="/petitions/trace-cobalt/?source=mastodon"' in html
    assert "hole" not in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert other.cookies["csrftoken"].value
    enforcing = Client(enforce_csrf_checks=True)
    enforcing.cookies = other.cookies
    posted = enforcing.post(_url(petition), _form(csrfmiddlewaretoken=token))
    assert posted.status_code == 302


def test_a_cached_page_shows_the_new_count_and_drops_a_hidden_comment_at_once(client, petition):
    from campaigns import services

    signature = SignatureFactory(petition=petition, show_name=True, comment="Rude words")
    Petition.objects.filter(pk=petition.pk).update(confirmed_count=1)
    assert "Rude words" in client.get(_url(petition)).content.decode()

    services.signatures_moderate(signature_ids=[signature.pk], hidden=True)
    assert "Rude words" not in client.get(_url(petition)).content.decode()

    Petition.objects.filter(pk=petition.pk).update(confirmed_count=2)
    assert "<strong>2</strong> of 500" in client.get(_url(petition)).content.decode()


def test_a_visitor_with_a_session_gets_a_fresh_page(
    admin_client, petition, django_assert_num_queries
):
    admin_client.get(_url(petition))
    with django_assert_num_queries(6):  # session, user, then the page's four
        admin_client.get(_url(petition))


def test_a_draft_is_404_to_a_visitor_with_a_session_who_is_not_staff(client, django_user_model):
    petition = PetitionFactory(campaign__status=Campaign.Status.DRAFT)
    client.force_login(django_user_model.objects.create_user("volunteer", password="x"))

    assert client.get(_url(petition)).status_code == 404
    assert client.post(_url(petition), _form()).status_code == 404


def test_a_page_cached_by_one_worker_is_filled_in_by_another(client, petition, monkeypatch):
    from django.test import Client

    from campaigns import page_cache

    client.get(_url(petition))  # rendered and cached by "this" worker
    monkeypatch.setattr(page_cache, "_PREFIX", "holeanotherworker")

    html = Client().get(_url(petition) + "?source=x").content.decode()

    assert "hole" not in html
    assert 'name="source" value="x"' in html
    assert re.search(r'name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}"', html)


def test_a_visitor_with_the_production_session_cookie_is_not_served_the_cache(
    client, petition, settings, django_assert_num_queries
):
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    client.get(_url(petition))
    client.cookies["__Host-sessionid"] = "anything"

    with django_assert_num_queries(5):  # no session row: then the page's four, fresh
        client.get(_url(petition))


def test_the_print_view_needs_the_permission_to_view_signatures(
    client, petition, django_user_model
):
    clerk = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    client.force_login(clerk)

    assert client.get(_url(petition, "campaigns:petition_print")).status_code == 403


def test_an_erased_signer_leaves_the_cached_page_at_once(client, petition):
    from campaigns import services

    SignatureFactory(
        petition=petition, show_name=True, person__given_name="Zora", person__email="z@example.org"
    )
    assert "Zora" in client.get(_url(petition)).content.decode()

    services.person_erase(email="z@example.org")

    assert "Zora" not in client.get(_url(petition)).content.decode()


def test_the_addresss_owner_settles_name_listing_and_consents_on_confirming(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    from campaigns.models import Consent, Person

    org = OrganisationFactory(name="Polaris")
    petition = PetitionFactory(campaign=CampaignFactory(organisations=[org]))
    # A stranger signs with Alice's address, a spammy name and a consent she never gave.
    _post(
        client, petition, django_capture_on_commit_callbacks,
        email="alice@example.org", given_name="Buy-pills.example", family_name="X",
        show_name="on", **{f"consent_{org.pk}": "on"},
    )  # fmt: skip
    assert "Buy-pills" not in mailoutbox[0].body
    path = re.search(r"/signatures/confirm/\S+/", mailoutbox[0].body).group(0)

    page = client.get(path).content.decode()
    assert 'value="Buy-pills.example"' in page
    assert f'name="consent_{org.pk}" id="id_consent_{org.pk}" checked' in page

    bad = client.post(path, {"given_name": "Alice\nBcc: x", "family_name": "Liddell"})
    assert bad.status_code == 400
    assert Signature.objects.get().confirmed_at is None

    client.post(path, {"given_name": "Alice", "family_name": "Liddell"})

    assert Consent.objects.count() == 0
    person = Person.objects.get()
    assert (person.given_name, person.family_name) == ("Alice", "Liddell")
    assert Signature.objects.get().show_name is False
    petition.refresh_from_db()
    assert petition.confirmed_count == 1


def test_a_refused_line_break_comes_back_on_one_line_with_the_words_kept(
    client, petition, django_capture_on_commit_callbacks
):
    response = _post(
        client, petition, django_capture_on_commit_callbacks, given_name="Ana\r\nBcc: x@example.org"
    )

    assert response.status_code == 400
    assert 'value="Ana Bcc: x@example.org"' in response.text
    assert not Signature.objects.exists()
