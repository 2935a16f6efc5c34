from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from campaigns.models import Campaign, Signature, Target
from tests.campaigns.factories import CampaignFactory, PersonFactory, PetitionFactory

pytestmark = pytest.mark.django_db


def test_a_petition_is_open_only_while_its_campaign_is_live_and_it_has_not_ended():
    petition = PetitionFactory()
    assert petition.is_open()

    petition.ends_at = timezone.now() - timedelta(minutes=1)
    assert not petition.is_open()

    petition.ends_at = None
    petition.closed_at = timezone.now()
    assert not petition.is_open()

    petition.closed_at = None
    for status in (Campaign.Status.DRAFT, Campaign.Status.WON, Campaign.Status.CLOSED):
        petition.campaign.status = status
        assert not petition.is_open()


def test_one_signature_per_petition_and_person():
    petition = PetitionFactory()
    person = PersonFactory()
    Signature.objects.create(petition=petition, person=person)

    with pytest.raises(IntegrityError):
        Signature.objects.create(petition=petition, person=person)


def test_a_target_names_an_official_or_someone_else():
    with pytest.raises(IntegrityError):
        Target.objects.create(name="")


def test_a_campaign_cannot_end_before_it_launched():
    now = timezone.now()

    with pytest.raises(IntegrityError):
        CampaignFactory(launched_at=now, ended_at=now - timedelta(days=1))


def test_admin_pages_for_campaigns_open(admin_client):
    petition = PetitionFactory()
    PersonFactory()
    for path in (
        "/admin/campaigns/campaign/",
        f"/admin/campaigns/campaign/{petition.campaign.pk}/change/",
        "/admin/campaigns/campaign/add/",
        "/admin/campaigns/issuepage/add/",
        "/admin/campaigns/person/",
        "/admin/campaigns/signature/",
        "/admin/campaigns/target/add/",
    ):
        assert admin_client.get(path).status_code == 200, path
