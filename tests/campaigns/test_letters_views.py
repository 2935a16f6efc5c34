import pytest
from django.core import signing
from django.urls import reverse

from campaigns.forms import _STARTED_SALT
from campaigns.models import Outreach, Target
from representatives.importers import legislators_import, people_import, zip_districts_import
from representatives.models import Official
from tests.campaigns.factories import CompanyTargetFactory, LetterActionFactory
from tests.conftest import committed
from tests.representatives.conftest import LEGISLATORS, OPENSTATES, TODAY, ZCCD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _anymail(settings):
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.test.EmailBackend"}}
    settings.SIGN_MIN_FILL_SECONDS = 0


@pytest.fixture
def officials(db):
    legislators_import(location=LEGISLATORS, today=TODAY)
    zip_districts_import(location=ZCCD)
    people_import(location=OPENSTATES, today=TODAY)


def _post(client, action, step="letters", **fields):
    data = {
        "given_name": "Ana",
        "family_name": "Reyes",
        "email": "ana@example.org",
        "street": "12 Pine St",
        "city": "Seattle",
        "zip_code": "98101",
        "started": signing.dumps(1.0, salt=_STARTED_SALT),
        "step": step,
        **fields,
    }
    url = reverse("campaigns:letter_detail", kwargs={"slug": action.slug})
    with committed():
        return client.post(url, data)


def _company_action(**kwargs):
    company = CompanyTargetFactory(name="Amazon", email="policy@amazon.example")
    action = LetterActionFactory(target_levels=[], **kwargs)
    action.targets.add(company)
    return action, company


def test_the_letter_page_shows_the_form_and_the_advice(client, django_assert_max_num_queries):
    action, _company = _company_action()

    with django_assert_max_num_queries(8):
        response = client.get(action.get_absolute_url())

    assert response.status_code == 200
    assert b'name="zip_code"' in response.content
    assert b"Show my letters" in response.content


def test_show_my_letters_lists_each_target_with_its_personalised_letter(client):
    action, company = _company_action()

    response = _post(client, action)

    assert response.status_code == 200
    assert f'name="body_{company.pk}"'.encode() in response.content
    assert b"Dear Amazon," in response.content
    assert b"I live in Seattle" in response.content


def test_a_split_zip_asks_for_the_district_and_keeps_the_input(client, officials):
    action = LetterActionFactory(target_levels=["us_house"])

    response = _post(client, action, zip_code="98052")

    assert response.status_code == 400
    assert b"more than one district" in response.content
    assert b'<select name="district"' in response.content
    assert b'value="12 Pine St"' in response.content


def test_a_zip_with_no_officials_is_an_error_next_to_the_zip(client, officials):
    action = LetterActionFactory(target_levels=["us_senate"])

    response = _post(client, action, zip_code="00001")

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["zip_code"]
    assert b'value="Ana"' in response.content


def test_a_subject_with_a_line_break_is_an_error_and_the_letter_is_kept(client):
    action, company = _company_action()

    response = _post(
        client,
        action,
        step="send",
        **{f"subject_{company.pk}": "Hi\r\nBcc: x@example.org", f"body_{company.pk}": "My words."},
    )

    assert response.status_code == 400
    assert response.context["drafts_form"].errors[f"subject_{company.pk}"]
    assert b"My words." in response.content
    assert not Outreach.objects.exists()


def test_an_over_long_letter_is_an_error_next_to_it(client):
    action, company = _company_action(max_length=50)

    response = _post(
        client,
        action,
        step="send",
        **{f"subject_{company.pk}": "Hi", f"body_{company.pk}": "x" * 51},
    )

    assert response.status_code == 400
    assert "Shorten the letter" in response.context["drafts_form"].errors[f"body_{company.pk}"][0]
    assert b"x" * 51 in response.content


def test_an_edit_that_removes_the_personal_words_is_an_error(client):
    action, company = _company_action(personal_min_length=10)
    personal = "I volunteer at a shelter in Tacoma."

    response = _post(
        client,
        action,
        step="send",
        personal=personal,
        **{f"subject_{company.pk}": "Hi", f"body_{company.pk}": "Dear Amazon, please act."},
    )

    assert response.status_code == 400
    assert "own words" in response.context["drafts_form"].errors[f"body_{company.pk}"][0]


def test_personal_words_shorter_than_asked_are_an_error(client):
    action, _company = _company_action(personal_min_length=20)

    response = _post(client, action, personal="Short.")

    assert response.status_code == 400
    assert response.context["form"].errors["personal"]


def test_sending_records_the_letters_and_shows_the_receipt_page(client, mailoutbox):
    action, company = _company_action()

    response = _post(
        client,
        action,
        step="send",
        **{f"subject_{company.pk}": "Please act", f"body_{company.pk}": "Dear Amazon, act."},
    )

    assert response.status_code == 302
    outreach = Outreach.objects.get()
    assert outreach.status == Outreach.Status.SENT
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b"Amazon" in page.content
    assert sorted(m.to[0] for m in mailoutbox) == ["ana@example.org", "policy@amazon.example"]


def test_a_target_with_no_channel_shows_a_message_and_gets_no_letter(client):
    action = LetterActionFactory(target_levels=[])
    action.targets.add(CompanyTargetFactory(name="Nobody", email="", phone="", contact_url=""))

    response = _post(client, action)

    assert b"We have no way to reach Nobody" in response.content


def test_a_filled_honeypot_sends_nothing(client):
    action, company = _company_action()

    response = _post(
        client, action, step="send", website="http://spam.example", **{f"body_{company.pk}": "x"}
    )

    assert response.status_code == 302
    assert not Outreach.objects.exists()


def test_the_daily_limit_per_email_stops_the_send_with_a_message(client, settings):
    settings.LETTER_RATE_PER_EMAIL = "1/d"
    action, company = _company_action()
    fields = {f"subject_{company.pk}": "Hi", f"body_{company.pk}": "Dear Amazon, act."}
    _post(client, action, step="send", **fields)

    response = _post(client, action, step="send", **fields)

    assert response.status_code == 429
    assert b"many letters today" in response.content


def test_a_bad_receipt_link_is_refused(client):
    action = LetterActionFactory()

    response = client.get(
        reverse("campaigns:letter_sent", kwargs={"slug": action.slug, "token": "nope"})
    )

    assert response.status_code == 400


def test_a_named_official_who_took_email_is_listed_with_their_letter(client, officials):
    action = LetterActionFactory(target_levels=[])
    lee = Target.objects.create(official=Official.objects.get(name="Lee Lower"))
    action.targets.add(lee)

    response = _post(client, action)

    assert b"Dear Representative Lower," in response.content
