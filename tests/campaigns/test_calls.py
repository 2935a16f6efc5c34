"""Call actions: the page, the script, tel: links, the outcome report and the whip count."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from campaigns.calls import (
    CallReport,
    call_outcome_record,
    call_script,
    tel_uri,
    whip_count,
)
from campaigns.exceptions import ActionClosed
from campaigns.forms import started_stamp
from campaigns.models import Action, Campaign, Outreach, Person, Target
from campaigns.placeholders import Advocate
from campaigns.targeting import action_targets
from representatives.importers import legislators_import, zip_districts_import
from representatives.models import Official
from tests.campaigns.factories import CallActionFactory, CompanyTargetFactory
from tests.representatives.conftest import LEGISLATORS, TODAY, ZCCD

pytestmark = pytest.mark.django_db

SCRIPT = (
    "Hello {official_salutation} {official_last_name}, this is {advocate_first_name} "
    "from {advocate_zip}. Please support {bill_identifier}."
)


@pytest.fixture
def imported(db):
    legislators_import(location=LEGISLATORS, today=TODAY)
    zip_districts_import(location=ZCCD)


@pytest.fixture
def action(imported):
    return CallActionFactory(
        slug="abolish", title="Call about the amendment", script=SCRIPT,
        target_levels=["us_senate", "us_house"],
    )  # fmt: skip


def _url(action, name="campaigns:call_detail"):
    return reverse(name, kwargs={"slug": action.slug})


def _target(name: str) -> Target:
    official = Official.objects.get(name=name)
    return Target.objects.filter(official=official).first() or Target.objects.create(
        official=official
    )


def _report(action, target, **overrides) -> dict[str, str]:
    data = {
        "target": str(target.pk),
        "zip": "98101",
        "outcome": "reached",
        "stance": "supports",
        "given_name": "Ana",
        "family_name": "Silva",
        "email": "ana@example.org",
        "started": started_stamp(),
        "website": "",
    }
    data.update(overrides)
    return data


# --- script and tel: links -------------------------------------------------------------
@pytest.mark.parametrize(
    ("number", "uri"),
    [
        ("202-224-3121", "tel:+12022243121"),
        ("(202) 224-3121", "tel:+12022243121"),
        ("1-800-555-0100", "tel:+18005550100"),
        ("+1 (800) 555-0100", "tel:+18005550100"),
        ("202-224-3121 ext. 45", "tel:+12022243121"),
        ("+44 20 7946 0000", "tel:+442079460000"),
        ("555-0100", ""),
        ("", ""),
    ],
)
def test_tel_uri_keeps_digits_only_with_the_country_code(number, uri):
    assert tel_uri(number) == uri


def test_script_fills_the_officials_and_advocates_details(action):
    sally = next(
        t
        for t in action_targets(action=action, zip_code="98101").targets
        if t.last_name == "Senior"
    )

    script = call_script(
        action=action, target=sally, advocate=Advocate(given_name="Ana", zip_code="98101")
    )

    assert script.startswith("Hello Senator Senior, this is Ana from 98101.")


def test_script_shows_hints_where_the_advocate_gave_nothing(action):
    target = action_targets(action=action, zip_code="98101").targets[0]

    script = call_script(action=action, target=target, advocate=Advocate())

    assert "this is [your first name] from [your ZIP code]" in script


def test_script_never_runs_template_code(action):
    action.script = "{{ settings.SECRET_KEY }} {official_last_name} {% now 'Y' %} {unknown}"
    target = action_targets(action=action, zip_code="98101").targets[0]

    script = call_script(action=action, target=target, advocate=Advocate())

    assert script == "{ settings.SECRET_KEY } Junior {% now 'Y' %} {unknown}"


# --- the call page ---------------------------------------------------------------------
def test_call_page_asks_for_a_zip_code(client, action, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = client.get(_url(action))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="zip"' in html
    assert "Your calls" not in html


def test_call_page_lists_targets_with_scripts_and_tel_links(
    client, action, django_assert_max_num_queries
):
    client.get(_url(action) + "?zip=98101")  # officials become targets on first use
    with django_assert_max_num_queries(22):
        response = client.get(_url(action) + "?zip=98101&name=Ana&source=email")

    html = response.content.decode()
    assert response.status_code == 200
    for name in ("Jon Junior", "Sally Senior", "Sam Seventh"):
        assert name in html
    assert "Hello Senator Senior, this is Ana from 98101." in html
    assert 'href="tel:+12022240001"' in html  # Sally's Washington office
    assert 'href="tel:+12062200001"' in html  # her Seattle office
    assert "How to make it count" in html
    assert html.count('action="/calls/abolish/"') == 3
    assert 'name="source" value="email"' in html


def test_call_page_query_count_does_not_grow_with_targets(
    client, action, django_assert_max_num_queries
):
    for name in ("Rita First", "Alex Atlarge", "Dana Delegate"):
        action.targets.add(_target(name))
    action.targets.add(CompanyTargetFactory())
    client.get(_url(action) + "?zip=98101")
    with django_assert_max_num_queries(22):
        response = client.get(_url(action) + "?zip=98101")

    assert response.content.decode().count('action="/calls/abolish/"') == 7


def test_split_zip_asks_for_the_district(client, action):
    response = client.get(_url(action) + "?zip=98052")

    html = response.content.decode()
    assert '<select name="district"' in html
    assert "Washington congressional district 9" in html
    assert "Your ZIP code spans several districts." in html
    assert "Sally Senior" in html  # the senators are listed meanwhile
    assert "Rita First" not in html


def test_zip_without_officials_is_an_error_next_to_the_field_with_the_input_kept(client, action):
    response = client.get(_url(action) + "?zip=99999&street=1+Main+St")

    html = response.content.decode()
    assert "We found no congressional district for ZIP code 99999" in html
    assert 'id="find-zip_error"' in html
    assert 'value="99999"' in html
    assert 'value="1 Main St"' in html


def test_draft_call_page_is_hidden_from_the_public(client, imported):
    action = CallActionFactory(campaign__status=Campaign.Status.DRAFT)

    assert client.get(_url(action)).status_code == 404


# --- the report ------------------------------------------------------------------------
def test_report_records_a_done_phone_outreach_and_counts_the_caller(client, action):
    action_targets(action=action, zip_code="98101")
    sally = _target("Sally Senior")

    response = client.post(_url(action), _report(action, sally))

    assert response.status_code == 302
    assert response["Location"].endswith(f"?zip=98101&name=Ana#target-{sally.pk}")
    outreach = Outreach.objects.get()
    assert (outreach.channel, outreach.status, outreach.outcome, outreach.stance) == (
        "phone", "done", "reached", "supports",
    )  # fmt: skip
    assert outreach.target == sally
    assert outreach.person.email == "ana@example.org"
    action.refresh_from_db()
    assert action.participants == 1
    page = client.get(response["Location"])
    assert "Thank you. Your call is counted." in page.content.decode()


def test_second_report_updates_the_outcome_and_counts_the_caller_once(client, action):
    action_targets(action=action, zip_code="98101")
    sally, jon = _target("Sally Senior"), _target("Jon Junior")
    url = _url(action)

    client.post(url, _report(action, sally, outcome="busy", stance=""))
    client.post(url, _report(action, sally, outcome="reached", stance="opposes"))
    client.post(url, _report(action, jon, email="ANA@example.org"))

    rows = Outreach.objects.order_by("pk")
    assert [(o.target_id, o.outcome, o.stance) for o in rows] == [
        (sally.pk, "reached", "opposes"),
        (jon.pk, "reached", "supports"),
    ]
    assert Person.objects.count() == 1
    action.refresh_from_db()
    assert action.participants == 1


def test_report_errors_show_next_to_the_fields_with_the_input_kept(client, action):
    action_targets(action=action, zip_code="98101")
    sally = _target("Sally Senior")

    response = client.post(
        _url(action),
        _report(action, sally, email="not-an-email", outcome="", family_name="Silva\r\nBcc: x"),
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="t{sally.pk}-email_error"' in html
    assert f'id="t{sally.pk}-outcome_error"' in html
    assert f'id="t{sally.pk}-family_name_error"' in html
    assert 'value="not-an-email"' in html
    assert "There is a problem" in html
    assert not Outreach.objects.exists()


def test_report_for_a_target_not_listed_for_the_address_is_refused(client, action):
    action_targets(action=action, zip_code="98101")
    rita = _target("Rita First")  # WA-1, not the House member for 98101

    response = client.post(_url(action), _report(action, rita))

    assert response.status_code == 400
    assert "not one of the targets for your address" in response.content.decode()
    assert not Outreach.objects.exists()


@pytest.mark.parametrize("bot", [{"website": "https://spam.example"}, {"started": "forged"}])
def test_bots_get_the_same_answer_and_record_nothing(client, action, bot):
    action_targets(action=action, zip_code="98101")
    sally = _target("Sally Senior")

    response = client.post(_url(action), _report(action, sally, **bot))

    assert response.status_code == 302
    assert not Outreach.objects.exists()


def test_report_rate_limit_per_address_answers_429(client, action, settings):
    settings.SIGN_RATE_PER_IP = "2/h"
    action_targets(action=action, zip_code="98101")
    sally = _target("Sally Senior")
    url = _url(action)

    statuses = [client.post(url, _report(action, sally)).status_code for _ in range(3)]

    assert statuses == [302, 302, 429]


def test_closed_action_records_no_call(action):
    action.closed_at = timezone.now()
    action.save()
    sally = _target("Sally Senior")

    with pytest.raises(ActionClosed):
        call_outcome_record(
            action=action,
            target=sally,
            data=CallReport(email="a@example.org", given_name="A", family_name="B", outcome="busy"),
        )


# --- whip count and admin --------------------------------------------------------------
def _record(action, target, email, outcome, stance=""):
    call_outcome_record(
        action=action,
        target=target,
        data=CallReport(
            email=email, given_name="A", family_name="B", outcome=outcome, stance=stance
        ),
    )


def test_whip_count_tallies_outcomes_and_stances_per_target(action):
    sally, jon, sam = _target("Sally Senior"), _target("Jon Junior"), _target("Sam Seventh")
    _record(action, sally, "a@example.org", "reached", "supports")
    _record(action, sally, "b@example.org", "reached", "supports")
    _record(action, sally, "c@example.org", "voicemail")
    _record(action, jon, "a@example.org", "reached", "opposes")
    _record(action, jon, "b@example.org", "busy")
    _record(action, sam, "a@example.org", "reached", "undecided")

    whip = whip_count(action=action)

    rows = {row.name: row for row in whip.rows}
    assert next(row.name for row in whip.rows) == "Sally Senior"
    sally_row = rows["Sally Senior"]
    assert (sally_row.calls, sally_row.reached, sally_row.voicemail, sally_row.busy) == (3, 2, 1, 0)
    assert (sally_row.supports, sally_row.opposes, sally_row.unknown) == (2, 0, 1)
    assert (rows["Jon Junior"].opposes, rows["Jon Junior"].busy) == (1, 1)
    assert (whip.supports, whip.opposes, whip.undecided) == (1, 1, 1)
    assert Action.objects.get(pk=action.pk).participants == 3


@pytest.fixture
def reported(action):
    _record(action, _target("Sally Senior"), "a@example.org", "reached", "supports")
    return action


def test_admin_whip_count_shows_the_numbers_to_staff(admin_client, reported):
    url = reverse("admin:campaigns_callaction_whip_count", args=[reported.pk])

    response = admin_client.get(url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Sally Senior" in html
    assert "1 offices lean toward support" in html
    change = admin_client.get(reverse("admin:campaigns_callaction_change", args=[reported.pk]))
    assert url in change.content.decode()


def test_admin_whip_count_is_for_staff_with_view_permission_only(
    client, django_user_model, reported
):
    url = reverse("admin:campaigns_callaction_whip_count", args=[reported.pk])
    assert client.get(url).status_code == 302  # to the login page

    staff = django_user_model.objects.create_user("s", password="pw", is_staff=True)
    client.force_login(staff)
    assert client.get(url).status_code == 403

    staff.user_permissions.add(Permission.objects.get(codename="view_callaction"))
    assert client.get(url).status_code == 200
    csv_url = reverse("admin:campaigns_callaction_outreaches_csv", args=[reported.pk])
    assert client.get(csv_url).status_code == 403  # callers' data needs the outreach's


def test_admin_csv_export_lists_the_call_reports(admin_client, reported):
    response = admin_client.get(
        reverse("admin:campaigns_callaction_outreaches_csv", args=[reported.pk])
    )

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("outreach_id,target,email")
    assert "Sally Senior,a@example.org" in lines[1]
    assert ",reached,supports,done," in lines[1]


def test_admin_rejects_unknown_placeholders_in_the_script(admin_client, action):
    url = reverse("admin:campaigns_callaction_change", args=[action.pk])
    data = {
        "campaign": action.campaign_id, "title": action.title, "slug": action.slug,
        "ask": action.ask, "target_levels": ["us_senate"], "position": "",
        "script": "Hello {official_last_name}, {shoe_size}",
    }  # fmt: skip

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "Unknown placeholders: {shoe_size}" in response.content.decode()
