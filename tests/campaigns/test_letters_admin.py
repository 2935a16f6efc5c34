import pytest
from django.urls import reverse

from campaigns.admin_letters import LetterActionForm
from tests.campaigns.factories import (
    CampaignFactory,
    CompanyTargetFactory,
    LetterActionFactory,
    OutreachFactory,
)

pytestmark = pytest.mark.django_db


def _form_data(**overrides):
    return {
        "campaign": CampaignFactory().pk,
        "title": "Write to them",
        "slug": "write-to-them",
        "ask": "Ask them to act.",
        "target_levels": ["us_senate"],
        "subjects": "Please act\nA constituent writes",
        "body": "Dear {official_salutation} {official_last_name},\n\nPlease act.",
        "personal_min_length": 0,
        "max_length": 5000,
        "editable": "on",
        **overrides,
    }


def test_unknown_placeholders_in_the_body_are_a_field_error_naming_them():
    form = LetterActionForm(data=_form_data(body="Dear {senator_name}, from {advocate_city}."))

    assert not form.is_valid()
    assert "{senator_name}" in form.errors["body"][0]
    assert "advocate_city" not in form.errors["body"][0]


def test_unknown_placeholders_in_a_subject_line_are_a_field_error():
    form = LetterActionForm(data=_form_data(subjects="Please act\nFrom {who}"))

    assert not form.is_valid()
    assert "{who}" in form.errors["subjects"][0]


def test_a_letter_with_known_placeholders_is_valid():
    form = LetterActionForm(data=_form_data())

    assert form.is_valid(), form.errors


def test_the_change_page_previews_the_letter_for_a_sample_official(admin_client):
    action = LetterActionFactory(
        subjects="To {official_salutation} {official_last_name}\nFrom {advocate_city}"
    )

    response = admin_client.get(reverse("admin:campaigns_letteraction_change", args=[action.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "To Senator Sample" in html
    assert "From Seattle" in html
    assert "Dear Senator Sample," in html


def test_the_preview_uses_the_first_named_target(admin_client):
    action = LetterActionFactory(target_levels=[], body="To {target_name}: please act.")
    action.targets.add(CompanyTargetFactory(name="Comcast"))

    response = admin_client.get(reverse("admin:campaigns_letteraction_change", args=[action.pk]))

    assert "To Comcast: please act." in response.content.decode()


def test_the_letters_sent_export_as_csv_without_formulas(admin_client):
    outreach = OutreachFactory(subject="=HYPERLINK(1)")

    response = admin_client.get(
        reverse("admin:campaigns_letteraction_outreaches_csv", args=[outreach.action_id])
    )

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0].startswith("first_name,last_name,email")
    assert outreach.person.email in body
    assert "'=HYPERLINK(1)" in body


def test_the_target_admin_shows_and_saves_whether_a_company_prefers_own_mail(admin_client):
    company = CompanyTargetFactory(name="Verizon", prefers_own_mail=True)

    listing = admin_client.get(reverse("admin:campaigns_target_changelist"))
    change = admin_client.get(reverse("admin:campaigns_target_change", args=[company.pk]))

    assert "prefers_own_mail" in listing.content.decode()
    assert 'name="prefers_own_mail"' in change.content.decode()
