"""Staff tools for social actions, and the participants export of any action."""

import pytest

from campaigns.admin_social import SocialActionForm
from campaigns.models import Action, Outreach
from tests.campaigns.factories import (
    CallActionFactory,
    CampaignFactory,
    CompanyTargetFactory,
    PersonFactory,
    SocialActionFactory,
)

pytestmark = pytest.mark.django_db


def _form_data(**overrides) -> dict:
    return {
        "campaign": CampaignFactory().pk,
        "title": "Thank them",
        "slug": "thank-them",
        "ask": "Thank them.",
        "intent": "thank",
        "networks": ["x", "bluesky"],
        "post_text": "Thank you {handle} for acting on {bill_identifier}.",
        **overrides,
    }


def test_admin_form_accepts_allowlisted_placeholders():
    form = SocialActionForm(data=_form_data())

    assert form.is_valid(), form.errors


def test_admin_form_names_unknown_placeholders_in_the_post():
    form = SocialActionForm(data=_form_data(post_text="Hi {handle}, {password} {handel}"))

    assert not form.is_valid()
    assert form.errors["post_text"] == [
        "Unknown placeholders: {password}, {handel}. Use only those listed in the help text."
    ]


def test_admin_form_requires_the_handle_in_the_post():
    form = SocialActionForm(data=_form_data(post_text="Thank you for acting."))

    assert not form.is_valid()
    assert "{handle}" in form.errors["post_text"][0]


def test_admin_form_refuses_a_network_it_does_not_know():
    form = SocialActionForm(data=_form_data(networks=["myspace"]))

    assert not form.is_valid()
    assert "networks" in form.errors


def _outreach(action, email: str, **kwargs) -> Outreach:
    return Outreach.objects.create(
        action=action,
        person=PersonFactory(email=email),
        target=kwargs.pop("target", None) or CompanyTargetFactory(),
        channel=kwargs.pop("channel", Outreach.Channel.SOCIAL),
        status=kwargs.pop("status", Outreach.Status.DONE),
        **kwargs,
    )


def test_export_participants_of_actions_of_any_kind(admin_client):
    social_action = SocialActionFactory()
    call = CallActionFactory()
    _outreach(social_action, "ana@example.org", network="x", source="newsletter")
    _outreach(call, "=cmd@example.org", channel="phone", status="done", outcome="voicemail")
    untouched = SocialActionFactory()

    response = admin_client.post(
        "/admin/campaigns/action/",
        {
            "action": "export_participants_csv",
            "_selected_action": [social_action.pk, call.pk, untouched.pk],
        },
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("action,kind,first_name,last_name,email")
    assert len(lines) == 3
    assert ",social," in lines[1]
    assert "ana@example.org" in lines[1]
    assert ",x," in lines[1]
    assert "newsletter" in lines[1]
    # A cell a spreadsheet would run as a formula is made plain text.
    assert "'=cmd@example.org" in lines[2]
    assert "voicemail" in lines[2]


def test_export_leaves_out_erased_people(admin_client):
    from django.utils import timezone

    action = SocialActionFactory()
    _outreach(action, "kept@example.org")
    erased = _outreach(action, "gone@example.org")
    erased.person.erased_at = timezone.now()
    erased.person.save()

    response = admin_client.post(
        "/admin/campaigns/action/",
        {"action": "export_participants_csv", "_selected_action": [action.pk]},
    )

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "kept@example.org" in text
    assert "gone@example.org" not in text


def test_export_needs_the_outreach_view_permission(client, django_user_model):
    from django.contrib.auth.models import Permission

    action = SocialActionFactory()
    _outreach(action, "ana@example.org")
    staff = django_user_model.objects.create_user("s", password="p", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_action"))
    client.force_login(staff)

    response = client.post(
        "/admin/campaigns/action/",
        {"action": "export_participants_csv", "_selected_action": [action.pk]},
    )

    assert response.get("Content-Type", "").startswith("text/html")
    assert "ana@example.org" not in response.content.decode()


def test_action_list_shows_every_kind_with_its_count(admin_client):
    SocialActionFactory(title="Post to them")
    CallActionFactory(title="Ring them")
    Action.objects.filter(title="Ring them").update(participants=7)

    text = admin_client.get("/admin/campaigns/action/").content.decode()

    assert "Post to them" in text
    assert "Ring them" in text
    assert '<td class="field-participants">7</td>' in text


def test_social_action_admin_pages_open(admin_client):
    action = SocialActionFactory()

    assert admin_client.get("/admin/campaigns/socialaction/").status_code == 200
    assert admin_client.get(f"/admin/campaigns/socialaction/{action.pk}/change/").status_code == 200
    assert admin_client.get("/admin/campaigns/socialaction/add/").status_code == 200
