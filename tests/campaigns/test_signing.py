"""The petition signing flow through its services: sign, confirm, remind, close."""

import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns import services
from campaigns.exceptions import InvalidSignatureToken, PetitionClosed
from campaigns.models import Campaign, Consent, Person, Petition, Signature
from campaigns.services import SignatureInput
from core.services import address_suppress
from tests.campaigns.factories import (
    CampaignFactory,
    PersonFactory,
    PetitionFactory,
    SignatureFactory,
)
from tests.conftest import committed
from tests.core.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def sign(petition, data):
    with committed():
        return services.petition_sign(petition=petition, data=data)


def remind():
    with committed():
        return services.signature_reminders_send()


def _input(email="ana@example.org", **overrides) -> SignatureInput:
    values = {"email": email, "given_name": "Ana", "family_name": "Silva", "postal_code": "98101"}
    return SignatureInput(**{**values, **overrides})


def _confirm_url(message) -> str:
    return re.search(r"https?://\S+/signatures/confirm/\S+/", message.body).group(0)


def _token(message) -> str:
    return _confirm_url(message).rstrip("/").rsplit("/", 1)[1]


def test_petition_sign_stores_an_unconfirmed_signature_and_emails_the_link(mailoutbox):
    petition = PetitionFactory()

    result = sign(petition, data=_input(source="newsletter"))

    assert result.outcome == "new"
    signature = Signature.objects.get()
    assert signature.confirmed_at is None
    assert signature.source == "newsletter"
    petition.refresh_from_db()
    assert petition.confirmed_count == 0
    assert [m.to for m in mailoutbox] == [["ana@example.org"]]
    assert petition.title in mailoutbox[0].subject
    assert "/signatures/confirm/" in mailoutbox[0].body


def test_signature_confirm_counts_once_and_twice_is_harmless(mailoutbox):
    petition = PetitionFactory()
    sign(petition, data=_input())
    token = _token(mailoutbox[0])

    first = services.signature_confirm(token=token)
    second = services.signature_confirm(token=token)

    assert (first.counted_now, second.counted_now) == (True, False)
    petition.refresh_from_db()
    assert petition.confirmed_count == 1
    assert Signature.objects.filter(confirmed_at__isnull=False).count() == 1


def test_consent_takes_effect_only_on_confirmation_with_the_words_shown(mailoutbox):
    polaris, other = OrganisationFactory(name="Polaris"), OrganisationFactory()
    petition = PetitionFactory(campaign=CampaignFactory(organisations=[polaris, other]))
    shown = "Yes, Polaris may email me about its campaigns and work."

    sign(petition, data=_input(consent_texts={polaris.pk: shown}))
    assert Consent.objects.count() == 0

    services.signature_confirm(token=_token(mailoutbox[0]))
    consent = Consent.objects.get()
    assert (consent.organisation, consent.text) == (polaris, shown)


def test_signing_again_keeps_one_signature_and_tells_the_owner_by_email(mailoutbox):
    petition = PetitionFactory()
    sign(petition, data=_input())
    services.signature_confirm(token=_token(mailoutbox[0]))

    again = sign(petition, data=_input(email=" ANA@example.org ", comment="Changed"))

    assert again.outcome == "already"
    assert Signature.objects.count() == 1
    assert Signature.objects.get().comment == ""
    assert "already signed" in mailoutbox[-1].subject


def test_an_unconfirmed_signer_gets_the_link_again_but_not_within_minutes(mailoutbox):
    petition = PetitionFactory()
    sign(petition, data=_input())
    sign(petition, data=_input())
    assert len(mailoutbox) == 1

    Signature.objects.update(confirmation_sent_at=timezone.now() - timedelta(minutes=11))
    sign(petition, data=_input())
    assert len(mailoutbox) == 2


def test_a_stranger_signing_with_someones_address_does_not_rename_them():
    person = PersonFactory(email="ana@example.org", given_name="Ana", family_name="Silva")
    sign(PetitionFactory(), data=_input(given_name="Mallory", family_name="X"))

    person.refresh_from_db()
    assert (person.given_name, person.family_name) == ("Ana", "Silva")


@pytest.mark.parametrize(
    "change",
    [
        {"campaign__status": Campaign.Status.DRAFT},
        {"campaign__status": Campaign.Status.CLOSED},
        {"campaign__status": Campaign.Status.WON},
        {"closed_at": timezone.now()},
        {"ends_at": timezone.now() - timedelta(minutes=1)},
    ],
    ids=["draft", "closed-campaign", "won", "closed-by-hand", "ended"],
)
def test_petition_sign_refuses_a_petition_that_is_not_open(change, mailoutbox):
    petition = PetitionFactory(**change)

    with pytest.raises(PetitionClosed):
        sign(petition, data=_input())
    assert Signature.objects.count() == 0
    assert mailoutbox == []


def test_a_confirmation_after_the_petition_closed_does_not_count(mailoutbox):
    petition = PetitionFactory()
    sign(petition, data=_input())
    services.petition_close(petition_id=petition.pk)

    result = services.signature_confirm(token=_token(mailoutbox[0]))

    assert result.closed
    assert not result.counted_now
    petition.refresh_from_db()
    assert petition.confirmed_count == 0


def test_petition_close_twice_keeps_the_first_closing_time():
    petition = PetitionFactory()
    first = services.petition_close(petition_id=petition.pk).closed_at
    second = services.petition_close(petition_id=petition.pk).closed_at
    assert first == second is not None
    assert not Petition.objects.get().is_open()


@pytest.mark.parametrize("token", ["", "nonsense", "a:b:c"])
def test_a_bad_confirmation_token_is_refused(token):
    with pytest.raises(InvalidSignatureToken):
        services.signature_confirm(token=token)


def test_a_confirmation_link_older_than_30_days_is_refused(mailoutbox, monkeypatch):
    sign(PetitionFactory(), data=_input())
    token = _token(mailoutbox[0])
    later = time.time() + timedelta(days=31).total_seconds()
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)

    with pytest.raises(InvalidSignatureToken, match="expired"):
        services.signature_confirm(token=token)
    assert Signature.objects.get().confirmed_at is None


def test_one_reminder_after_a_day_and_never_a_second(mailoutbox):
    petition = PetitionFactory()
    sign(petition, data=_input())
    confirmed = SignatureFactory(petition=petition)
    Signature.objects.update(created_at=timezone.now() - timedelta(hours=25))
    mailoutbox.clear()

    assert remind() == 1
    assert remind() == 0

    assert [m.to for m in mailoutbox] == [["ana@example.org"]]
    assert "Reminder" in mailoutbox[0].subject
    confirmed.refresh_from_db()
    assert confirmed.reminder_sent_at is None


def test_no_reminder_within_the_first_day_or_for_a_closed_petition(mailoutbox):
    fresh, closed = PetitionFactory(), PetitionFactory()
    sign(fresh, data=_input())
    sign(closed, data=_input(email="bo@example.org"))
    Signature.objects.filter(petition=closed).update(
        created_at=timezone.now() - timedelta(hours=30)
    )
    services.petition_close(petition_id=closed.pk)

    assert remind() == 0


def test_a_suppressed_address_is_never_mailed_and_nothing_is_stored(mailoutbox):
    address_suppress(email="Ana@Example.org", reason="complaint")

    result = sign(PetitionFactory(), data=_input())

    assert result.outcome == "suppressed"
    assert Signature.objects.count() == 0
    assert mailoutbox == []


def test_the_signers_state_comes_from_the_zip_code():
    from representatives.models import Division, ZipDistrict

    division = Division.objects.create(
        ocd_id="ocd-division/country:us/state:wa/cd:7", name="Washington's 7th"
    )
    ZipDistrict.objects.create(zcta="98101", state="WA", division=division)

    sign(PetitionFactory(), data=_input(postal_code="98101"))
    sign(PetitionFactory(), data=_input(email="b@example.org", postal_code="SW1A 1AA"))

    assert sorted(Signature.objects.values_list("region", flat=True)) == ["", "WA"]


def test_a_new_signer_keeps_the_language_they_signed_in(mailoutbox):
    sign(PetitionFactory(), data=_input(language="es"))

    assert Person.objects.get().language == "es"
    assert mailoutbox[0].subject.startswith("Confirma")


def test_the_links_in_a_spanish_email_open_spanish_pages(mailoutbox):
    sign(PetitionFactory(slug="trace-cobalt"), data=_input(language="es"))

    assert "/es/firmas/confirmar/" in mailoutbox[0].body


def test_saving_an_edited_petition_never_writes_back_an_old_count():
    petition = PetitionFactory()
    stale = Petition.objects.get(pk=petition.pk)
    Petition.objects.filter(pk=petition.pk).update(confirmed_count=5)

    stale.urgent = True
    stale.save()

    petition.refresh_from_db()
    assert (petition.confirmed_count, petition.urgent) == (5, True)


def test_no_reminder_for_a_petition_past_its_end(mailoutbox):
    petition = PetitionFactory()
    sign(petition, data=_input())
    Signature.objects.update(created_at=timezone.now() - timedelta(hours=25))
    Petition.objects.filter(pk=petition.pk).update(ends_at=timezone.now() - timedelta(hours=1))
    mailoutbox.clear()

    assert remind() == 0
    assert mailoutbox == []
