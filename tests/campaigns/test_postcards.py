"""Postcard drives: pledging, the printable postcards, and "mailed them" counting once."""

from datetime import timedelta
from unittest import mock

import pytest
from anymail.exceptions import AnymailAPIError
from django.urls import reverse

from campaigns import postcards
from campaigns.exceptions import ActionClosed, NoOfficialsFound, PledgeTargetsInvalid
from campaigns.forms import started_stamp
from campaigns.models import Campaign, PostcardAction, PostcardPledge, Target
from campaigns.postcards import PledgeInput
from campaigns.targeting import ResolvedTarget, TargetLookup
from tests.campaigns.factories import CampaignFactory, CompanyTargetFactory, PersonFactory

pytestmark = pytest.mark.django_db

MESSAGE = "Dear {official_salutation} {official_last_name},\nPlease act.\n{advocate_full_name}"


@pytest.fixture
def action():
    return PostcardAction.objects.create(
        campaign=CampaignFactory(),
        title="100 postcards",
        slug="100-postcards",
        ask="Write to Congress by hand.",
        message=MESSAGE,
        goal=100,
        target_levels=["us_senate", "us_house"],
    )


def _resolved(target: Target, last_name: str) -> ResolvedTarget:
    return ResolvedTarget(
        target=target,
        name=f"Pat {last_name}",
        title="U.S. Senator for Washington",
        level="us_senate",
        official_id=None,
        salutation="Senator",
        first_name="Pat",
        last_name=last_name,
        emails=[],
        phones=[],
        contact_forms=[],
        mail_addresses=[f"{last_name} Senate Office Building\nWashington, DC 20510"],
        handles={},
        in_office=True,
    )


def _officials_patch(monkeypatch, names: tuple[str, ...]) -> dict[str, ResolvedTarget]:
    targets = {
        name: _resolved(Target.objects.create(name=f"Senator {name}"), name) for name in names
    }

    def lookup(*, action, zip_code="", street="", district="", **_):
        if zip_code == "00000":
            raise NoOfficialsFound("none")
        if zip_code == "11111" and not district:
            return TargetLookup(targets=[], district_choices=[("d1", "District 1")])
        return TargetLookup(targets=list(targets.values()))

    by_id = {t.target.pk: t for t in targets.values()}
    monkeypatch.setattr(postcards, "action_targets", lookup)
    monkeypatch.setattr(postcards, "resolved_target", lambda *, target_id: by_id[target_id])
    return targets


@pytest.fixture
def officials(monkeypatch):
    """Two senators for every ZIP code but 00000; 11111 is split into districts."""
    return _officials_patch(monkeypatch, ("Murray", "Cantwell"))


@pytest.fixture
def three_officials(monkeypatch):
    """As `officials`, with a third official for every address."""
    return _officials_patch(monkeypatch, ("Murray", "Cantwell", "Jayapal"))


def _input(**overrides) -> PledgeInput:
    data = {
        "count": 10,
        "postal_code": "98101",
        "email": "Ana@Example.org",
        "given_name": "Ana",
        "family_name": "Advocate",
    }
    data.update(overrides)
    return PledgeInput(**data)


# ------------------------------------------------------------------------------
# Services
# ------------------------------------------------------------------------------
def test_a_pledge_names_the_advocates_officials_and_emails_the_print_link(
    action, officials, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = postcards.pledge_create(action=action, data=_input())

    pledge = result.pledge
    assert result.created
    assert pledge.count == 10
    assert pledge.person.email == "ana@example.org"
    assert set(pledge.targets.values_list("name", flat=True)) == {
        "Senator Murray",
        "Senator Cantwell",
    }
    action.refresh_from_db()
    assert action.participants == 1
    assert action.mailed_count == 0
    assert len(mailoutbox) == 1
    # The link's payload names this pledge; its time stamp may differ by a second.
    payload = postcards.pledge_token(pledge).split(":")[0]
    url = reverse("campaigns:postcard_print", kwargs={"token": payload})
    assert url.rstrip("/") in mailoutbox[0].body


def test_a_second_pledge_from_an_address_creates_nothing_and_resends_the_link(
    action, officials, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        postcards.pledge_create(action=action, data=_input())
        result = postcards.pledge_create(action=action, data=_input(count=50))

    assert not result.created
    assert PostcardPledge.objects.get().count == 10
    action.refresh_from_db()
    assert action.participants == 1
    assert len(mailoutbox) == 2


def test_a_zip_with_no_officials_is_refused(action, officials):
    with pytest.raises(NoOfficialsFound):
        postcards.pledge_create(action=action, data=_input(postal_code="00000"))
    assert not PostcardPledge.objects.exists()


def test_a_split_zip_needs_a_district(action, officials):
    with pytest.raises(postcards.DistrictRequired) as raised:
        postcards.pledge_create(action=action, data=_input(postal_code="11111"))

    assert raised.value.choices == [("d1", "District 1")]
    assert postcards.pledge_create(
        action=action, data=_input(postal_code="11111", district="d1")
    ).created


def test_a_closed_drive_takes_no_pledges(action, officials):
    Campaign.objects.filter(pk=action.campaign_id).update(status=Campaign.Status.CLOSED)
    action.refresh_from_db()

    with pytest.raises(ActionClosed):
        postcards.pledge_create(action=action, data=_input())


def _pledge(action, count=10) -> PostcardPledge:
    return PostcardPledge.objects.create(action=action, person=PersonFactory(), count=count)


def test_mailed_moves_the_drive_count_once(action):
    pledge = _pledge(action)

    assert postcards.pledge_mailed(pledge_id=pledge.pk, count=8) is True
    assert postcards.pledge_mailed(pledge_id=pledge.pk, count=8) is False

    action.refresh_from_db()
    pledge.refresh_from_db()
    assert action.mailed_count == 8
    assert pledge.mailed_count == 8
    assert pledge.mailed_at is not None


def test_mailed_refuses_more_than_pledged(action):
    pledge = _pledge(action, count=5)

    assert postcards.pledge_mailed(pledge_id=pledge.pk, count=6) is False

    action.refresh_from_db()
    assert action.mailed_count == 0
    assert PostcardPledge.objects.get(pk=pledge.pk).mailed_at is None


def test_the_postcards_carry_each_officials_address_and_the_filled_message(action, officials):
    pledge = postcards.pledge_create(action=action, data=_input()).pledge

    cards = postcards.postcards_for_pledge(pledge=pledge)

    assert len(cards) == 2
    murray = next(card for card in cards if card.target.last_name == "Murray")
    assert "Murray Senate Office Building\nWashington, DC 20510" in murray.address
    assert murray.message == "Dear Senator Murray,\nPlease act.\nAna Advocate"


# ------------------------------------------------------------------------------
# Views
# ------------------------------------------------------------------------------
def _form(**overrides) -> dict[str, str]:
    data = {
        "count": "10",
        "zip_code": "98101",
        "given_name": "Ana",
        "family_name": "Advocate",
        "email": "ana@example.org",
        "started": started_stamp(),
        "website": "",
    }
    data.update(overrides)
    return data


def _pledge_form(targets, **overrides) -> dict:
    """The form as posted by "Pledge", with these targets ticked."""
    return {
        **_form(**overrides),
        "step": "pledge",
        "targets": [str(t.target.pk) for t in targets],
    }


def _url(action) -> str:
    return reverse("campaigns:postcard_detail", kwargs={"slug": action.slug})


def test_the_drive_page_shows_the_goal_thermometer_and_form(
    client, action, django_assert_num_queries
):
    PostcardAction.objects.filter(pk=action.pk).update(mailed_count=42)
    client.get(_url(action))

    with django_assert_num_queries(2):
        response = client.get(_url(action))

    html = response.content.decode()
    assert "<strong>42</strong> of 100" in html
    assert '<progress class="progress__bar"' in html
    assert 'name="zip_code"' in html


def test_pledging_by_form_redirects_to_check_your_email(
    client, action, officials, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(action), _pledge_form(officials.values()))

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "campaigns:postcard_pledged", kwargs={"slug": action.slug}
    )
    assert PostcardPledge.objects.count() == 1
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("count", "0"),
        ("count", "101"),
        ("zip_code", "12"),
        ("email", "nope"),
        ("given_name", "A\nB"),
    ],
)
def test_bad_input_is_shown_next_to_its_field_with_the_input_kept(
    client, action, officials, field, value
):
    response = client.post(_url(action), _form(**{field: value}))

    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in html
    assert 'value="Advocate"' in html
    assert not PostcardPledge.objects.exists()


def test_a_zip_with_no_officials_is_told_next_to_the_zip(client, action, officials):
    response = client.post(_url(action), _form(zip_code="00000"))

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_zip_code_error"' in html
    assert "no members of Congress" in html
    assert 'value="00000"' in html


def test_a_split_zip_asks_for_the_district(client, action, officials):
    response = client.post(_url(action), _form(zip_code="11111"))

    html = response.content.decode()
    assert response.status_code == 400
    assert '<select name="district"' in html
    assert "District 1" in html

    client.post(_url(action), _pledge_form(officials.values(), zip_code="11111", district="d1"))
    assert PostcardPledge.objects.count() == 1


def test_a_filled_honeypot_stores_nothing(client, action, officials):
    response = client.post(_url(action), _form(website="http://spam.example"))

    assert response.status_code == 302
    assert not PostcardPledge.objects.exists()


def _print_url(pledge) -> str:
    return reverse("campaigns:postcard_print", kwargs={"token": postcards.pledge_token(pledge)})


def test_the_print_page_shows_each_postcard_addressed_and_filled(client, action, officials):
    pledge = postcards.pledge_create(action=action, data=_input()).pledge

    response = client.get(_print_url(pledge))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Murray Senate Office Building" in html
    assert "Dear Senator Cantwell," in html
    assert 'class="postcard"' in html
    assert 'name="count"' in html


def test_mailed_by_form_counts_once(client, action, officials):
    pledge = postcards.pledge_create(action=action, data=_input()).pledge
    url = _print_url(pledge)

    client.post(url, {"count": "10"})
    client.post(url, {"count": "10"})

    action.refresh_from_db()
    assert action.mailed_count == 10
    html = client.get(url).content.decode()
    assert "you mailed 10 postcards" in html
    assert 'name="count"' not in html


def test_mailed_more_than_pledged_is_an_error_next_to_the_field(client, action, officials):
    pledge = postcards.pledge_create(action=action, data=_input(count=3)).pledge

    response = client.post(_print_url(pledge), {"count": "4"})

    assert response.status_code == 400
    assert 'id="id_count_error"' in response.content.decode()
    action.refresh_from_db()
    assert action.mailed_count == 0


def test_a_bad_print_link_gets_a_clear_page(client):
    response = client.get(reverse("campaigns:postcard_print", kwargs={"token": "not-a-token"}))

    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()


def test_an_expired_print_link_gets_a_clear_page(client, action, monkeypatch):
    pledge = _pledge(action)
    url = _print_url(pledge)
    monkeypatch.setattr(postcards, "PRINT_MAX_AGE", timedelta(seconds=-1))

    assert client.get(url).status_code == 400


def test_a_print_link_for_another_address_does_not_open(client, action):
    pledge = _pledge(action)
    forged = postcards.pledge_token(
        PostcardPledge(pk=pledge.pk, person=PersonFactory.build(email="x@example.org"))
    )

    response = client.get(reverse("campaigns:postcard_print", kwargs={"token": forged}))

    assert response.status_code == 400


def test_the_print_link_email_goes_through_its_task(
    action, officials, django_capture_on_commit_callbacks
):
    with (
        mock.patch("campaigns.tasks.pledge_email_send.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = postcards.pledge_create(action=action, data=_input())

    delay.assert_called_once_with(result.pledge.pk)


@pytest.mark.usefixtures("_errors_stay_in_the_worker")
def test_a_mail_service_error_does_not_fail_the_pledge(
    client, action, officials, mailoutbox, django_capture_on_commit_callbacks
):
    failing = mock.patch(
        "campaigns.postcards.pledge_email_send", side_effect=AnymailAPIError("ESP down")
    )
    with failing as send, django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(action), _pledge_form(officials.values()))

    assert response.status_code == 302
    assert PostcardPledge.objects.filter(person__email="ana@example.org").count() == 1
    send.assert_called_once()


@pytest.fixture
def _errors_stay_in_the_worker():
    """As with a broker, an eager task's error stays in the task and not the caller."""
    from advocacy_hub.celery import app

    saved = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = saved


# ------------------------------------------------------------------------------
# Choosing whom to write to
# ------------------------------------------------------------------------------
def _checkbox(html: str, target: ResolvedTarget) -> str:
    """The checkbox input for one target, as rendered."""
    start = html.index(f'value="{target.target.pk}"')
    return html[html.rindex("<input", 0, start) : html.index(">", start) + 1]


def test_show_my_officials_lists_the_addresss_officials_all_ticked(client, action, officials):
    response = client.post(_url(action), _form(step="targets"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Whom will you write to?" in html
    for official in officials.values():
        checkbox = _checkbox(html, official)
        assert 'type="checkbox" name="targets"' in checkbox
        assert "checked" in checkbox
    assert "Pat Murray, U.S. Senator for Washington" in html
    assert 'name="step" value="pledge"' in html
    assert 'value="Advocate"' in html
    assert not PostcardPledge.objects.exists()


def test_the_first_page_asks_for_the_address_before_listing_anyone(client, action):
    html = client.get(_url(action)).content.decode()

    assert 'name="targets"' not in html
    assert 'name="step" value="targets"' in html
    assert "Show my officials" in html


def test_a_pledge_to_two_of_three_records_those_two_and_prints_only_them(
    client, action, three_officials, django_capture_on_commit_callbacks
):
    chosen = [three_officials["Murray"], three_officials["Jayapal"]]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(action), _pledge_form(chosen))

    assert response.status_code == 302
    pledge = PostcardPledge.objects.get()
    assert set(pledge.targets.values_list("pk", flat=True)) == {t.target.pk for t in chosen}
    html = client.get(_print_url(pledge)).content.decode()
    assert "Dear Senator Murray," in html
    assert "Dear Senator Jayapal," in html
    assert "Cantwell" not in html
    assert html.count('class="postcard"') == 2


def test_pledging_to_no_one_is_an_error_next_to_the_list_with_the_input_kept(
    client, action, officials
):
    response = client.post(_url(action), _pledge_form([], count="7"))

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_targets_error"' in html
    assert "Choose at least one official to write to." in html
    assert 'name="targets"' in html
    assert 'value="7"' in html
    assert 'value="98101"' in html
    assert 'value="Advocate"' in html
    assert not PostcardPledge.objects.exists()


def test_a_target_not_among_the_addresss_officials_is_refused(client, action, officials):
    stranger = Target.objects.create(name="Someone Else")

    response = client.post(
        _url(action), _pledge_form([officials["Murray"], _resolved(stranger, "Else")])
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_targets_error"' in html
    assert "Choose only from the officials listed for your address." in html
    assert not PostcardPledge.objects.exists()


def test_the_service_refuses_no_one_or_someone_else(action, officials):
    stranger = Target.objects.create(name="Someone Else")

    for target_ids in ((), (officials["Murray"].target.pk, stranger.pk)):
        with pytest.raises(PledgeTargetsInvalid):
            postcards.pledge_create(action=action, data=_input(target_ids=target_ids))
    assert not PostcardPledge.objects.exists()


def test_a_split_zip_asks_for_the_district_before_listing_officials(client, action, officials):
    response = client.post(_url(action), _form(step="targets", zip_code="11111"))

    html = response.content.decode()
    assert response.status_code == 400
    assert '<select name="district"' in html
    assert 'name="targets"' not in html

    response = client.post(_url(action), _form(step="targets", zip_code="11111", district="d1"))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<input type="hidden" name="district" value="d1"' in html
    assert "checked" in _checkbox(html, officials["Murray"])


def test_listing_officials_takes_as_many_queries_for_three_as_for_one(
    client, django_assert_num_queries
):
    """The real lookup: a drive's named targets, so no official data is needed."""
    counts = []
    for size in (1, 3):
        action = PostcardAction.objects.create(
            campaign=CampaignFactory(),
            title=f"Write {size}",
            slug=f"write-{size}",
            ask="Write.",
            message=MESSAGE,
            target_levels=[],
        )
        action.targets.add(*CompanyTargetFactory.create_batch(size))
        client.post(_url(action), _form(step="targets"))
        with django_assert_num_queries(3) as queries:
            response = client.post(_url(action), _form(step="targets"))
        assert response.status_code == 200
        assert response.content.decode().count('name="targets"') == size
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_the_per_email_limit_counts_pledges_not_lookups(
    client, action, officials, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SIGN_RATE_PER_EMAIL = "1/h"
    for _ in range(3):
        assert client.post(_url(action), _form(step="targets")).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(_url(action), _pledge_form(officials.values()))
        second = client.post(_url(action), _pledge_form(officials.values()))

    assert first.status_code == second.status_code == 302
    # The second pledge was over the limit: silently dropped, so no second email.
    assert len(mailoutbox) == 1
