"""Consents ticked with any action but a petition: the link that applies them."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from campaigns import calls, events, letters, postcards, services, social
from campaigns.exceptions import InvalidConsentsToken
from campaigns.forms import started_stamp
from campaigns.letters import LetterInput
from campaigns.models import (
    RSVP,
    Consent,
    Event,
    EventAction,
    Outreach,
    Person,
    PostcardAction,
    PostcardPledge,
)
from campaigns.placeholders import Advocate
from campaigns.targeting import action_targets
from core import services as core_services
from tests.campaigns.factories import (
    CallActionFactory,
    CampaignFactory,
    CompanyTargetFactory,
    LetterActionFactory,
    OutreachFactory,
    PersonFactory,
    SocialActionFactory,
)
from tests.conftest import committed
from tests.core.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

ADVOCATE = Advocate(
    given_name="Ana", family_name="Reyes", email="ana@example.org", zip_code="98101"
)


@pytest.fixture(autouse=True)
def _anymail_test_backend(settings):
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.test.EmailBackend"}}


@pytest.fixture
def organisations():
    return [
        OrganisationFactory(name="Freedom Network", slug="freedom-network"),
        OrganisationFactory(name="Safe Harbor", slug="safe-harbor"),
    ]


def _ticked(organisations) -> dict[str, str]:
    return {str(org.pk): f"Email me news from {org.name}." for org in organisations}


def _consents_path(participation) -> str:
    # The link's payload names the participation; its time stamp may differ by a second.
    payload = services.participation_consents_token(participation).split(":")[0]
    return reverse("campaigns:consents_confirm", kwargs={"token": payload}).rstrip("/")


def _event(*, person=None, status=Event.Status.APPROVED, **extra) -> Event:
    action = EventAction.objects.create(
        campaign=CampaignFactory(), title="Host a vigil", slug="host-a-vigil", ask="Gather."
    )
    starts = timezone.now() + timedelta(days=10)
    return Event.objects.create(
        action=action,
        person=person or PersonFactory(),
        title="Vigil for freedom",
        slug="vigil-for-freedom",
        description="We light candles.",
        starts_at=starts,
        venue="Pine Hall",
        city="Seattle",
        state="WA",
        status=status,
        **extra,
    )


def _pledge(*, consent_texts=None) -> PostcardPledge:
    action = PostcardAction.objects.create(
        campaign=CampaignFactory(), title="Postcards", slug="postcards", ask="Write.", message="Hi"
    )
    return PostcardPledge.objects.create(
        action=action, person=PersonFactory(), count=5, consent_texts=consent_texts or {}
    )


# ------------------------------------------------------------------------------
# Tokens
# ------------------------------------------------------------------------------
def test_a_token_names_its_participation_of_any_kind(organisations):
    outreach = OutreachFactory(consent_texts=_ticked(organisations))
    pledge = _pledge(consent_texts=_ticked(organisations))
    event = _event(consent_texts=_ticked(organisations))
    rsvp = RSVP.objects.create(event=event, person=PersonFactory())

    for participation in (outreach, pledge, event, rsvp):
        token = services.participation_consents_token(participation)
        found = services.participation_for_consents_token(token)
        assert (type(found), found.pk) == (type(participation), participation.pk)


def test_a_tampered_token_is_refused(organisations):
    outreach = OutreachFactory(consent_texts=_ticked(organisations))
    token = services.participation_consents_token(outreach)

    with pytest.raises(InvalidConsentsToken):
        services.participation_for_consents_token(token[:-2] + "xx")


def test_a_token_signed_for_another_purpose_is_refused():
    pledge = _pledge()

    with pytest.raises(InvalidConsentsToken):
        services.participation_for_consents_token(postcards.pledge_token(pledge))


def test_a_token_naming_a_model_that_holds_no_consents_is_refused():
    person = PersonFactory()
    token = signing.dumps(
        {"m": "campaigns.person", "p": person.pk, "h": "x"}, salt=services.CONSENTS_SALT
    )

    with pytest.raises(InvalidConsentsToken):
        services.participation_for_consents_token(token)


def test_an_expired_token_is_refused(monkeypatch):
    pledge = _pledge()
    token = services.participation_consents_token(pledge)
    monkeypatch.setattr(services, "CONSENTS_MAX_AGE", timedelta(seconds=-1))

    with pytest.raises(InvalidConsentsToken):
        services.participation_for_consents_token(token)


def test_an_erased_persons_token_no_longer_works(organisations):
    outreach = OutreachFactory(consent_texts=_ticked(organisations))
    token = services.participation_consents_token(outreach)

    services.person_erase(email=outreach.person.email)

    with pytest.raises(InvalidConsentsToken):
        services.participation_consents_confirm(token=token)
    assert not Consent.objects.exists()


# ------------------------------------------------------------------------------
# Confirming
# ------------------------------------------------------------------------------
def test_confirming_gives_each_consent_once_with_the_text_shown(organisations):
    pledge = _pledge(consent_texts=_ticked(organisations))
    token = services.participation_consents_token(pledge)

    first = services.participation_consents_confirm(token=token)
    second = services.participation_consents_confirm(token=token)

    assert (first.given_now, second.given_now) == (2, 0)
    consents = Consent.objects.filter(person=pledge.person).order_by("organisation__name")
    assert [(c.organisation.name, c.text) for c in consents] == [
        ("Freedom Network", "Email me news from Freedom Network."),
        ("Safe Harbor", "Email me news from Safe Harbor."),
    ]
    assert all(c.given_at is not None and c.withdrawn_at is None for c in consents)


def test_a_withdrawn_consent_is_not_given_again_by_an_old_link(organisations):
    pledge = _pledge(consent_texts=_ticked(organisations[:1]))
    token = services.participation_consents_token(pledge)
    services.participation_consents_confirm(token=token)
    Consent.objects.update(withdrawn_at=timezone.now())

    result = services.participation_consents_confirm(token=token)

    assert result.given_now == 0
    assert Consent.objects.count() == 1


def test_an_organisation_the_person_already_hears_from_gets_no_second_row(organisations):
    pledge = _pledge(consent_texts=_ticked(organisations))
    Consent.objects.create(
        person=pledge.person, organisation=organisations[0], text="Earlier", given_at=timezone.now()
    )

    result = services.participation_consents_confirm(
        token=services.participation_consents_token(pledge)
    )

    assert result.given_now == 1
    assert Consent.objects.filter(organisation=organisations[0]).count() == 1


def test_a_deleted_organisation_is_skipped(organisations):
    pledge = _pledge(consent_texts={**_ticked(organisations[:1]), "999999": "Gone."})

    result = services.participation_consents_confirm(
        token=services.participation_consents_token(pledge)
    )

    assert result.given_now == 1


# ------------------------------------------------------------------------------
# The page
# ------------------------------------------------------------------------------
def _url(participation) -> str:
    token = services.participation_consents_token(participation)
    return reverse("campaigns:consents_confirm", kwargs={"token": token})


def test_the_page_shows_whom_they_agreed_to_hear_from_and_records_nothing_on_get(
    client, organisations
):
    outreach = OutreachFactory(consent_texts=_ticked(organisations))

    response = client.get(_url(outreach))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Email me news from Freedom Network." in html
    assert "Email me news from Safe Harbor." in html
    assert outreach.action.title in html
    assert 'method="post"' in html
    assert "csrfmiddlewaretoken" in html
    assert not Consent.objects.exists()


def test_pressing_confirm_gives_the_consents_and_twice_is_harmless(client, organisations):
    rsvp = RSVP.objects.create(
        event=_event(), person=PersonFactory(), consent_texts=_ticked(organisations)
    )

    first = client.post(_url(rsvp))
    second = client.post(_url(rsvp))

    assert first.status_code == second.status_code == 200
    assert "Thank you: confirmed" in first.content.decode()
    assert Consent.objects.filter(person=rsvp.person).count() == 2


def test_the_confirm_button_needs_the_csrf_token(organisations):
    from django.test import Client

    pledge = _pledge(consent_texts=_ticked(organisations))

    response = Client(enforce_csrf_checks=True).post(_url(pledge))

    assert response.status_code == 403
    assert not Consent.objects.exists()


def test_nothing_ticked_shows_nothing_to_confirm(client):
    pledge = _pledge()

    html = client.get(_url(pledge)).content.decode()

    assert "nothing to confirm" in html
    assert "confirm-form" not in html


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_bad_link_gets_a_clear_page(client, method):
    url = reverse("campaigns:consents_confirm", kwargs={"token": "not-a-token"})

    response = getattr(client, method)(url)

    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert not Consent.objects.exists()


def test_an_expired_link_gets_a_clear_page(client, monkeypatch, organisations):
    pledge = _pledge(consent_texts=_ticked(organisations))
    url = _url(pledge)
    monkeypatch.setattr(services, "CONSENTS_MAX_AGE", timedelta(seconds=-1))

    assert client.post(url).status_code == 400
    assert not Consent.objects.exists()


# ------------------------------------------------------------------------------
# The emails that carry the link
# ------------------------------------------------------------------------------
def _letter(consent_texts):
    company = CompanyTargetFactory(name="Amazon", email="policy@amazon.example")
    action = LetterActionFactory(target_levels=[])
    action.targets.add(company)
    [target] = action_targets(action=action).targets
    draft = letters.letter_draft(action=action, target=target, advocate=ADVOCATE)
    data = LetterInput(advocate=ADVOCATE, drafts=[draft], consent_texts=consent_texts)
    with committed():
        letters.letter_send(action=action, data=data, targets=[target])
    return Outreach.objects.get(action=action)


@pytest.mark.parametrize("ticked", [True, False])
def test_the_letter_receipt_carries_the_link_only_when_consents_were_ticked(
    mailoutbox, organisations, ticked
):
    outreach = _letter({org.pk: f"News from {org.name}" for org in organisations} if ticked else {})

    [receipt] = [m for m in mailoutbox if m.to == ["ana@example.org"]]
    html = receipt.alternatives[0][0]
    assert (_consents_path(outreach) in receipt.body) is ticked
    assert (_consents_path(outreach) in html) is ticked


@pytest.mark.parametrize("ticked", [True, False])
def test_the_postcard_email_carries_the_link_only_when_consents_were_ticked(
    mailoutbox, organisations, ticked
):
    pledge = _pledge(consent_texts=_ticked(organisations) if ticked else {})

    postcards.pledge_email_send(pledge_id=pledge.pk)

    [message] = mailoutbox
    assert (_consents_path(pledge) in message.body) is ticked
    assert (_consents_path(pledge) in message.alternatives[0][0]) is ticked


@pytest.mark.parametrize("ticked", [True, False])
def test_the_host_approval_email_carries_the_link_only_when_consents_were_ticked(
    mailoutbox, organisations, ticked
):
    event = _event(
        status=Event.Status.PROPOSED, consent_texts=_ticked(organisations) if ticked else {}
    )

    with committed():
        events.event_review(event_id=event.pk, status=Event.Status.APPROVED)

    [message] = mailoutbox
    assert (_consents_path(event) in message.body) is ticked
    assert (_consents_path(event) in message.alternatives[0][0]) is ticked


def test_following_the_emailed_letter_link_gives_the_consents(client, mailoutbox, organisations):
    _letter({org.pk: f"News from {org.name}" for org in organisations})
    [receipt] = [m for m in mailoutbox if m.to == ["ana@example.org"]]
    url = next(line.strip() for line in receipt.body.splitlines() if "/consents/confirm/" in line)

    response = client.post(url.removeprefix(settings.SITE_URL))

    assert response.status_code == 200
    assert set(Consent.objects.values_list("text", flat=True)) == {
        "News from Freedom Network",
        "News from Safe Harbor",
    }


# ------------------------------------------------------------------------------
# Calls and social posts mail nothing else: the link comes in an email of its own
# ------------------------------------------------------------------------------
def _by_id(organisations) -> dict[int, str]:
    return {org.pk: f"News from {org.name}" for org in organisations}


def _call(action, target, *, consent_texts=None, email="ana@example.org") -> Outreach:
    report = calls.CallReport(
        email=email,
        given_name="Ana",
        family_name="Reyes",
        outcome="reached",
        consent_texts=consent_texts,
    )
    with committed():
        result = calls.call_outcome_record(action=action, target=target, data=report)
    return result.outreach


def _social_action(organisations):
    action = SocialActionFactory(campaign=CampaignFactory(organisations=organisations))
    for name in ("TraceCo", "MineCo"):
        action.targets.add(CompanyTargetFactory(name=name, handles={"x": name, "bluesky": name}))
    return action


def _social_post(action, *, target=0, network=0, consent_texts=None) -> Outreach:
    item = social.social_lookup(action=action).targets[target]
    data = social.SocialPostInput(email="ana@example.org", consent_texts=consent_texts)
    with committed():
        outreach, _new = social.social_post_record(
            action=action, button=item.buttons[network], target=item.target, data=data
        )
    return outreach


def _emailed_link(message) -> str:
    url = next(line.strip() for line in message.body.splitlines() if "/consents/confirm/" in line)
    return url.removeprefix(settings.SITE_URL)


def test_a_call_with_consents_ticked_emails_the_link_and_following_it_gives_them(
    client, mailoutbox, organisations
):
    action = CallActionFactory(title="Call the mayor", target_levels=[])

    outreach = _call(action, CompanyTargetFactory(), consent_texts=_by_id(organisations))

    [message] = mailoutbox
    html = message.alternatives[0][0]
    assert message.to == ["ana@example.org"]
    assert "Call the mayor" in message.subject
    assert "Thank you for calling" in message.body
    for name in ("Freedom Network", "Safe Harbor"):
        assert name in message.body
        assert name in html
    assert _consents_path(outreach) in message.body
    assert _consents_path(outreach) in html
    assert not Consent.objects.exists()

    assert client.post(_emailed_link(message)).status_code == 200
    assert set(Consent.objects.values_list("person__email", "text")) == {
        ("ana@example.org", "News from Freedom Network"),
        ("ana@example.org", "News from Safe Harbor"),
    }


def test_a_call_with_no_consents_ticked_sends_no_email(mailoutbox):
    _call(CallActionFactory(target_levels=[]), CompanyTargetFactory())

    assert mailoutbox == []


def test_a_repeat_call_report_on_the_same_action_sends_nothing_new(mailoutbox, organisations):
    action = CallActionFactory(target_levels=[])
    first, second = CompanyTargetFactory(), CompanyTargetFactory()
    ticked = _by_id(organisations)

    _call(action, first, consent_texts=ticked)
    _call(action, first, consent_texts=ticked)
    _call(action, second, consent_texts=ticked)

    assert len(mailoutbox) == 1
    assert Outreach.objects.filter(action=action).count() == 2


def test_a_social_post_with_consents_ticked_emails_the_link_and_following_it_gives_them(
    client, mailoutbox, organisations
):
    action = _social_action(organisations)
    target = action.targets.order_by("pk").first()
    form = {
        "email": "ana@example.org",
        "given_name": "",
        "post": f"{target.pk}:x",
        "started": started_stamp(),
        "zip": "",
        "district": "",
        f"consent_{organisations[0].pk}": "on",
    }

    with committed():
        response = client.post(f"/social/{action.slug}/", form)

    assert response.status_code == 302
    [message] = mailoutbox
    assert message.to == ["ana@example.org"]
    assert "Thank you for posting" in message.body
    assert "Freedom Network" in message.body
    assert "Safe Harbor" not in message.body
    assert _consents_path(Outreach.objects.get()) in message.alternatives[0][0]

    assert client.post(_emailed_link(message)).status_code == 200
    assert list(Consent.objects.values_list("organisation__name", flat=True)) == ["Freedom Network"]


def test_a_social_post_with_no_consents_ticked_sends_no_email(mailoutbox, organisations):
    _social_post(_social_action(organisations))

    assert mailoutbox == []


def test_a_repeat_social_post_on_the_same_action_sends_nothing_new(mailoutbox, organisations):
    action = _social_action(organisations)
    ticked = _by_id(organisations)

    _social_post(action, consent_texts=ticked)
    _social_post(action, network=1, consent_texts=ticked)
    _social_post(action, target=1, consent_texts=ticked)

    assert len(mailoutbox) == 1
    assert Outreach.objects.filter(action=action).count() == 2


@pytest.mark.parametrize("status", [Person.EmailStatus.SUPPRESSED, Person.EmailStatus.BOUNCING])
def test_a_suppressed_or_bouncing_person_gets_no_consents_email(mailoutbox, organisations, status):
    PersonFactory(email="ana@example.org", email_status=status)

    _call(
        CallActionFactory(target_levels=[]),
        CompanyTargetFactory(),
        consent_texts=_by_id(organisations),
    )
    _social_post(_social_action(organisations), consent_texts=_by_id(organisations))

    assert mailoutbox == []


def test_an_address_on_the_suppression_list_gets_no_consents_email(mailoutbox, organisations):
    core_services.address_suppress(email="ana@example.org", reason="asked")

    _call(
        CallActionFactory(target_levels=[]),
        CompanyTargetFactory(),
        consent_texts=_by_id(organisations),
    )
    _social_post(_social_action(organisations), consent_texts=_by_id(organisations))

    assert mailoutbox == []


def test_an_erased_person_gets_no_consents_email(mailoutbox, organisations):
    outreach = OutreachFactory(channel=Outreach.Channel.PHONE, consent_texts=_ticked(organisations))
    services.person_erase(email=outreach.person.email)

    assert services.outreach_consents_email_send(outreach_id=outreach.pk) is False
    assert mailoutbox == []


def test_a_letter_gets_no_second_consents_email(mailoutbox, organisations):
    # A letter's receipt already carries the link.
    outreach = OutreachFactory(channel=Outreach.Channel.EMAIL, consent_texts=_ticked(organisations))

    assert services.outreach_consents_email_send(outreach_id=outreach.pk) is False
    assert mailoutbox == []
