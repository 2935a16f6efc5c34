import csv
import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns import alerts, reports
from campaigns.models import Campaign, Person, Petition, Signature
from core.models import SuppressedAddress, email_hash
from tests.campaigns.factories import (
    CampaignFactory,
    IssuePageFactory,
    PersonFactory,
    PetitionFactory,
    SignatureFactory,
)
from tests.core.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

ADMIN = "/admin/campaigns"


def _at(day: int, hour: int = 15) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def _rows(response) -> list[dict[str, str]]:
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(content)))


# ------------------------------------------------------------------------------
# Changelists and change pages
# ------------------------------------------------------------------------------
def _make_rows(count: int) -> None:
    organisation = OrganisationFactory()
    for _ in range(count):
        petition = PetitionFactory(campaign=CampaignFactory(organisations=[organisation]))
        SignatureFactory(petition=petition, comment="Count me in.")


CHANGELISTS = ["campaign", "petition", "signature", "person", "issuepage", "target"]


@pytest.mark.parametrize("model", CHANGELISTS)
def test_changelist_queries_stay_the_same_with_one_row_and_many(
    admin_client, django_assert_num_queries, model
):
    _make_rows(1)
    with CaptureQueriesContext(connection) as one:
        assert admin_client.get(f"{ADMIN}/{model}/").status_code == 200
    _make_rows(6)

    with django_assert_num_queries(len(one.captured_queries)):
        response = admin_client.get(f"{ADMIN}/{model}/")

    assert response.status_code == 200


def test_campaign_changelist_shows_counts_sponsors_and_a_preview_link(admin_client):
    organisation = OrganisationFactory(name="Freedom United")
    campaign = CampaignFactory(
        title="Amend the 13th", status=Campaign.Status.DRAFT, organisations=[organisation]
    )
    PetitionFactory(campaign=campaign, confirmed_count=30)
    PetitionFactory(campaign=campaign, confirmed_count=12)

    html = admin_client.get(f"{ADMIN}/campaign/").content.decode()

    assert "Freedom United" in html
    assert '<td class="field-petition_count">2</td>' in html
    assert '<td class="field-signature_count">42</td>' in html
    assert f'<a href="/campaigns/{campaign.slug}/">Preview</a>' in html


def test_demo_change_pages_render_for_staff(client, registry_data):
    client.force_login(registry_data)
    campaign = Campaign.objects.get(slug="amend-the-13th")
    petition = Petition.objects.get(slug="amend-the-13th")
    signature = petition.signatures.first()
    urls = [
        f"{ADMIN}/campaign/{campaign.pk}/change/",
        f"{ADMIN}/campaign/add/",
        f"{ADMIN}/petition/{petition.pk}/change/",
        f"{ADMIN}/petition/add/",
        f"{ADMIN}/signature/{signature.pk}/change/",
        f"{ADMIN}/person/{signature.person_id}/change/",
        f"{ADMIN}/issuepage/{campaign.issues.get().pk}/change/",
    ]

    for url in urls:
        assert client.get(url).status_code == 200, url


def test_petition_page_offers_embed_code_count_api_print_view_and_csv(admin_client, settings):
    settings.SITE_URL = "https://hub.example.org"
    petition = PetitionFactory(slug="amend-the-13th", title='Amend "the" 13th & more')

    html = admin_client.get(f"{ADMIN}/petition/{petition.pk}/change/").content.decode()

    # The snippet shows as text in the textarea, and copies as valid HTML.
    assert (
        "&lt;iframe src=&quot;https://hub.example.org/petitions/amend-the-13th/embed/&quot; "
        "title=&quot;Amend &amp;quot;the&amp;quot; 13th &amp;amp; more&quot;"
    ) in html
    assert "https://hub.example.org/api/petitions/amend-the-13th/count" in html
    assert 'href="/petitions/amend-the-13th/print/"' in html
    assert f'href="{ADMIN}/petition/{petition.pk}/signatures.csv"' in html
    assert "style=" not in html.split('id="signature-chart-heading"')[0].rsplit("<fieldset", 1)[1]


def test_petition_page_labels_demo_signatures(admin_client):
    petition = PetitionFactory()
    SignatureFactory(petition=petition, source="demo")
    SignatureFactory(petition=petition, source="newsletter")

    html = admin_client.get(f"{ADMIN}/petition/{petition.pk}/change/").content.decode()

    assert "1 of these signatures is made-up demo data" in html


# ------------------------------------------------------------------------------
# Signatures per day
# ------------------------------------------------------------------------------
def test_signatures_per_day_counts_confirmed_ones_and_fills_empty_days(
    django_assert_num_queries,
):
    petition = PetitionFactory()
    for day in (10, 10, 10, 13):
        SignatureFactory(petition=petition, confirmed_at=_at(day))
    SignatureFactory(petition=petition, confirmed_at=None)
    SignatureFactory(confirmed_at=_at(11))  # another petition

    with django_assert_num_queries(1):
        series = reports.signatures_per_day(petition=petition)

    assert series == [
        (date(2026, 11, 10), 3),
        (date(2026, 11, 11), 0),
        (date(2026, 11, 12), 0),
        (date(2026, 11, 13), 1),
    ]


def test_signatures_per_day_counts_by_the_local_day(settings):
    settings.TIME_ZONE = "America/New_York"
    petition = PetitionFactory()
    # 02:00 UTC on the 11th is still the 10th in New York.
    SignatureFactory(petition=petition, confirmed_at=_at(11, hour=2))

    assert reports.signatures_per_day(petition=petition) == [(date(2026, 11, 10), 1)]


def test_signatures_per_day_keeps_the_latest_year(monkeypatch):
    monkeypatch.setattr(reports, "MAX_DAYS", 3)
    petition = PetitionFactory()
    for day in (1, 9, 10):
        SignatureFactory(petition=petition, confirmed_at=_at(day))

    series = reports.signatures_per_day(petition=petition)

    assert [day.day for day, _count in series] == [8, 9, 10]


def test_a_petition_without_signatures_has_no_series():
    assert reports.signatures_per_day(petition=PetitionFactory()) == []


def test_day_chart_scales_bars_to_the_busiest_day():
    chart = reports.day_chart(
        series=[(date(2026, 11, 10), 4), (date(2026, 11, 11), 0), (date(2026, 11, 12), 2)],
        width=340,
        height=130,
    )

    heights = [float(bar.height) for bar in chart.bars]
    assert heights == [90.0, 0.0, 45.0]
    assert chart.peak == 4
    assert chart.total == 6
    assert [float(bar.x) for bar in chart.bars] == [41.0, 137.67, 234.33]


def test_petition_page_draws_the_chart_and_its_table(admin_client):
    petition = PetitionFactory()
    for day in (10, 10, 12):
        SignatureFactory(petition=petition, confirmed_at=_at(day))

    html = admin_client.get(f"{ADMIN}/petition/{petition.pk}/change/").content.decode()

    assert html.count("<rect ") == 3
    assert "<title>Nov. 10, 2026: 2</title>" in html
    assert "<title>Nov. 11, 2026: 0</title>" in html
    assert '<time datetime="2026-11-12">Nov. 12, 2026</time></th><td>1</td>' in html
    assert "3 confirmed signatures from Nov. 10, 2026 to Nov. 12, 2026" in html


def test_petition_page_says_when_there_is_nothing_to_chart(admin_client):
    petition = PetitionFactory()

    html = admin_client.get(f"{ADMIN}/petition/{petition.pk}/change/").content.decode()

    assert "No confirmed signatures yet." in html
    assert "<svg" not in html.split('id="signature-chart-heading"')[1].split("</fieldset>")[0]


# ------------------------------------------------------------------------------
# CSV export
# ------------------------------------------------------------------------------
def _export_action(client, *petitions):
    return client.post(
        f"{ADMIN}/petition/",
        {"action": "export_signatures_csv", "_selected_action": [p.pk for p in petitions]},
    )


def test_csv_export_writes_confirmed_signatures_safely(admin_client):
    organisation = OrganisationFactory(name="Freedom United")
    petition = PetitionFactory(campaign=CampaignFactory(organisations=[organisation]))
    SignatureFactory(
        petition=petition,
        person=PersonFactory(given_name="=HYPERLINK(1)", family_name="Ng", postal_code="98101"),
        comment="@SUM(A1)",
        region="WA",
        source="-newsletter",
        consent_texts={str(organisation.pk): "Keep me posted."},
        confirmed_at=_at(10),
    )
    SignatureFactory(petition=petition, comment="An abusive comment.", hidden=True)
    SignatureFactory(petition=petition, confirmed_at=None)  # not confirmed: not exported

    response = _export_action(admin_client, petition)

    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"].startswith(f'attachment; filename="{petition.slug}-')
    rows = _rows(response)
    assert len(rows) == 2
    first = rows[0]
    assert first["first_name"] == "'=HYPERLINK(1)"
    assert first["last_name"] == "Ng"
    assert first["postal_code"] == "98101"
    assert first["state"] == "WA"
    assert first["comment"] == "'@SUM(A1)"
    assert first["source"] == "'-newsletter"
    assert first["consents"] == "Freedom United"
    assert first["confirmed_at"].startswith("2026-11-10")
    assert rows[1]["comment"] == ""


def test_csv_export_from_the_petition_page_matches_the_action(admin_client):
    petition = PetitionFactory()
    SignatureFactory(petition=petition, person=PersonFactory(email="ana@example.org"))

    response = admin_client.get(f"{ADMIN}/petition/{petition.pk}/signatures.csv")

    assert [row["email"] for row in _rows(response)] == ["ana@example.org"]
    assert LogEntry.objects.get().change_message == "Exported the confirmed signatures as CSV."


def test_csv_export_takes_one_petition_at_a_time(admin_client):
    response = _export_action(admin_client, PetitionFactory(), PetitionFactory())

    assert response.status_code == 302


def test_csv_export_needs_the_permission_to_see_signatures(client, django_user_model):
    user = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_petition", "change_petition"])
    )
    client.force_login(user)
    petition = PetitionFactory()
    SignatureFactory(petition=petition)

    assert client.get(f"{ADMIN}/petition/{petition.pk}/signatures.csv").status_code == 403
    html = client.get(f"{ADMIN}/petition/{petition.pk}/change/").content.decode()
    assert "signatures.csv" not in html.split('id="content-main"')[0]
    assert "export_signatures_csv" not in client.get(f"{ADMIN}/petition/").content.decode()


# ------------------------------------------------------------------------------
# Closing by hand
# ------------------------------------------------------------------------------
def test_close_now_closes_the_chosen_open_petitions(admin_client):
    closed_before = PetitionFactory(closed_at=_at(1))
    petition = PetitionFactory()

    admin_client.post(
        f"{ADMIN}/petition/",
        {"action": "close_now", "_selected_action": [petition.pk, closed_before.pk]},
    )

    petition.refresh_from_db()
    closed_before.refresh_from_db()
    assert petition.closed_at is not None
    assert not petition.is_open()
    assert closed_before.closed_at == _at(1)


# ------------------------------------------------------------------------------
# Moderation
# ------------------------------------------------------------------------------
def test_hide_comments_action_hides_and_show_comments_shows(admin_client):
    abusive = SignatureFactory(comment="Something abusive.")
    kind = SignatureFactory(comment="Thank you.")

    admin_client.post(
        f"{ADMIN}/signature/", {"action": "hide_comments", "_selected_action": [abusive.pk]}
    )

    abusive.refresh_from_db()
    kind.refresh_from_db()
    assert abusive.hidden
    assert not kind.hidden

    admin_client.post(
        f"{ADMIN}/signature/", {"action": "show_comments", "_selected_action": [abusive.pk]}
    )
    abusive.refresh_from_db()
    assert not abusive.hidden


def test_staff_cannot_add_delete_or_rewrite_a_signature(admin_client):
    signature = SignatureFactory(comment="Original words.")

    assert admin_client.get(f"{ADMIN}/signature/add/").status_code == 403
    assert admin_client.get(f"{ADMIN}/signature/{signature.pk}/delete/").status_code == 403
    admin_client.post(
        f"{ADMIN}/signature/{signature.pk}/change/", {"hidden": "on", "comment": "Changed."}
    )

    signature.refresh_from_db()
    assert signature.hidden
    assert signature.comment == "Original words."


def test_the_admin_log_names_people_by_id_not_by_address(admin_client):
    signature = SignatureFactory(person=PersonFactory(email="private@example.org"))

    admin_client.post(f"{ADMIN}/signature/{signature.pk}/change/", {"hidden": "on"})

    entry = LogEntry.objects.get()
    assert entry.object_repr == f"signature #{signature.pk}"
    assert "private@example.org" not in entry.object_repr + entry.change_message


def test_signatures_and_people_are_hidden_from_staff_without_permission(client, django_user_model):
    user = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    client.force_login(user)
    signature = SignatureFactory()

    assert client.get(f"{ADMIN}/signature/").status_code == 403
    assert client.get(f"{ADMIN}/person/{signature.person_id}/change/").status_code == 403


# ------------------------------------------------------------------------------
# Going live and urgent actions
# ------------------------------------------------------------------------------
def _campaign_form(campaign: Campaign, **extra) -> dict[str, object]:
    data = {
        "title": campaign.title,
        "slug": campaign.slug,
        "summary": campaign.summary,
        "body": "",
        "organisations": [o.pk for o in campaign.organisations.all()],
        "status": campaign.status,
        "victory_message": "",
        "hero_alt": "",
        "share_text": "",
        "actions-TOTAL_FORMS": "0",
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "1000",
    }
    data.update(extra)
    return data


def _petition_row(index: int, petition: Petition | None = None, **extra) -> dict[str, object]:
    prefix = f"actions-{index}-"
    row = {
        "title": petition.title if petition else "Sign now",
        "slug": petition.slug if petition else "sign-now",
        "ask": "Strike the punishment clause.",
        "goal": "1000",
        "ask_postal_code": "on",
        "ask_comment": "on",
        "action_ptr": petition.pk if petition else "",
        "campaign": petition.campaign_id if petition else "",
    }
    row.update(extra)
    return {prefix + key: value for key, value in row.items()}


def _announced(callbacks) -> list[tuple[str, dict]]:
    return [(c.func.__name__, c.keywords) for c in callbacks if hasattr(c, "func")]


def test_saving_a_draft_as_live_sets_launched_at_and_announces_once(
    admin_client, django_capture_on_commit_callbacks
):
    campaign = CampaignFactory(status=Campaign.Status.DRAFT)
    url = f"{ADMIN}/campaign/{campaign.pk}/change/"

    with django_capture_on_commit_callbacks() as callbacks:
        response = admin_client.post(url, _campaign_form(campaign, status="live"))

    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.launched_at is not None
    assert _announced(callbacks) == [("campaign_launch_announce", {"campaign_id": campaign.pk})]
    launched = campaign.launched_at

    with django_capture_on_commit_callbacks() as callbacks:
        admin_client.post(url, _campaign_form(campaign, status="live", summary="Edited."))

    campaign.refresh_from_db()
    assert campaign.launched_at == launched
    assert _announced(callbacks) == []


def test_a_campaign_that_was_live_before_is_not_announced_again(
    admin_client, django_capture_on_commit_callbacks
):
    campaign = CampaignFactory(status=Campaign.Status.CLOSED, launched_at=_at(1))

    with django_capture_on_commit_callbacks() as callbacks:
        admin_client.post(
            f"{ADMIN}/campaign/{campaign.pk}/change/", _campaign_form(campaign, status="live")
        )

    assert _announced(callbacks) == []


def test_winning_a_campaign_sets_its_end(admin_client):
    campaign = CampaignFactory(status=Campaign.Status.LIVE, launched_at=_at(1))

    admin_client.post(
        f"{ADMIN}/campaign/{campaign.pk}/change/",
        _campaign_form(campaign, status="won", victory_message="It passed."),
    )

    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.WON
    assert campaign.ended_at >= campaign.launched_at


def test_a_won_campaign_with_no_known_launch_saves_without_one(admin_client, registry_data):
    campaign = Campaign.objects.get(slug="move-sesta-forward")
    data = _campaign_form(
        campaign,
        status="won",
        victory_message=campaign.victory_message,
        ended_at_0="2018-04-11",
        ended_at_1="12:00:00",
    )

    response = admin_client.post(f"{ADMIN}/campaign/{campaign.pk}/change/", data)

    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.launched_at is None
    assert campaign.ended_at.year == 2018


def test_launching_a_campaign_really_records_the_news_for_followers(
    admin_client, django_capture_on_commit_callbacks
):
    issue = IssuePageFactory(slug="prison-labor")
    campaign = CampaignFactory(status=Campaign.Status.DRAFT)

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            f"{ADMIN}/campaign/{campaign.pk}/change/",
            _campaign_form(campaign, status="live", issues=[issue.pk]),
        )

    # Recorded once: announcing again finds it done.
    assert alerts.campaign_launch_announce(campaign_id=campaign.pk) is False


def test_adding_an_urgent_petition_to_a_live_campaign_announces_it(
    admin_client, django_capture_on_commit_callbacks
):
    campaign = CampaignFactory(status=Campaign.Status.LIVE, launched_at=_at(1))
    data = _campaign_form(campaign, **{"actions-TOTAL_FORMS": "1"})
    data.update(_petition_row(0, urgent="on"))

    with django_capture_on_commit_callbacks() as callbacks:
        response = admin_client.post(f"{ADMIN}/campaign/{campaign.pk}/change/", data)

    assert response.status_code == 302, response.context["errors"]
    petition = Petition.objects.get(slug="sign-now")
    assert _announced(callbacks) == [("action_urgent_announce", {"action_id": petition.pk})]


def test_marking_a_petition_urgent_in_a_draft_campaign_announces_nothing(
    admin_client, django_capture_on_commit_callbacks
):
    petition = PetitionFactory(campaign=CampaignFactory(status=Campaign.Status.DRAFT))
    data = _campaign_form(
        petition.campaign, **{"actions-TOTAL_FORMS": "1", "actions-INITIAL_FORMS": "1"}
    )
    data.update(_petition_row(0, petition, urgent="on"))

    with django_capture_on_commit_callbacks() as callbacks:
        admin_client.post(f"{ADMIN}/campaign/{petition.campaign_id}/change/", data)

    petition.refresh_from_db()
    assert petition.urgent
    assert _announced(callbacks) == []


def test_marking_a_petition_urgent_on_its_own_page_announces_it(
    admin_client, django_capture_on_commit_callbacks
):
    petition = PetitionFactory()
    data = {
        "campaign": petition.campaign_id, "title": petition.title, "slug": petition.slug,
        "ask": petition.ask, "urgent": "on", "goal": "1000", "ask_postal_code": "on",
    }  # fmt: skip

    with django_capture_on_commit_callbacks() as callbacks:
        response = admin_client.post(f"{ADMIN}/petition/{petition.pk}/change/", data)

    assert response.status_code == 302, response.context["errors"]
    assert _announced(callbacks) == [("action_urgent_announce", {"action_id": petition.pk})]

    with django_capture_on_commit_callbacks() as callbacks:
        admin_client.post(f"{ADMIN}/petition/{petition.pk}/change/", data)

    assert _announced(callbacks) == []


# ------------------------------------------------------------------------------
# Privacy requests
# ------------------------------------------------------------------------------
def test_export_action_downloads_the_persons_data_as_json(admin_client):
    signature = SignatureFactory(person=PersonFactory(email="ana@example.org", given_name="Ana"))

    response = admin_client.post(
        f"{ADMIN}/person/",
        {"action": "export_data", "_selected_action": [signature.person_id]},
    )

    assert response["Content-Disposition"] == (
        f'attachment; filename="person-{signature.person_id}.json"'
    )
    data = json.loads(response.content)
    assert data["email"] == "ana@example.org"
    assert data["person"]["given_name"] == "Ana"
    assert len(data["signatures"]) == 1


def test_erase_action_asks_first_then_erases_and_keeps_the_count(admin_client):
    petition = PetitionFactory(confirmed_count=1)
    signature = SignatureFactory(
        petition=petition, person=PersonFactory(email="ana@example.org"), comment="Mine."
    )
    form = {"action": "erase_data", "_selected_action": [signature.person_id]}

    confirm = admin_client.post(f"{ADMIN}/person/", form)

    assert "ana@example.org" in confirm.content.decode()
    assert Person.objects.filter(email="ana@example.org").exists()

    admin_client.post(f"{ADMIN}/person/", {**form, "confirm": "yes"})

    person = Person.objects.get(pk=signature.person_id)
    assert person.erased_at is not None
    assert person.email != "ana@example.org"
    assert Signature.objects.get(pk=signature.pk).comment == ""
    assert Signature.objects.filter(petition=petition).count() == 1
    assert SuppressedAddress.objects.filter(email_hash=email_hash("ana@example.org")).exists()
    assert not LogEntry.objects.filter(object_repr__contains="ana@").exists()


def test_people_cannot_be_deleted_only_erased(admin_client):
    person = PersonFactory()

    assert admin_client.get(f"{ADMIN}/person/{person.pk}/delete/").status_code == 403
    assert "delete_selected" not in admin_client.get(f"{ADMIN}/person/").content.decode()


def test_export_takes_one_person_at_a_time(admin_client):
    people = [PersonFactory(), PersonFactory()]

    response = admin_client.post(
        f"{ADMIN}/person/",
        {"action": "export_data", "_selected_action": [p.pk for p in people]},
    )

    assert response.status_code == 302


def test_campaign_form_rejects_a_campaign_without_sponsor(admin_client):
    campaign = CampaignFactory(status=Campaign.Status.DRAFT)

    response = admin_client.post(
        f"{ADMIN}/campaign/{campaign.pk}/change/", _campaign_form(campaign, organisations=[])
    )

    assert response.status_code == 200
    assert "organisations" in response.context["adminform"].form.errors
    campaign.refresh_from_db()
    assert campaign.launched_at is None


def test_signatures_per_day_ignores_the_timestamp_of_signing(django_assert_num_queries):
    petition = PetitionFactory()
    signature = SignatureFactory(petition=petition, confirmed_at=_at(12))
    Signature.objects.filter(pk=signature.pk).update(created_at=_at(12) - timedelta(days=3))

    assert reports.signatures_per_day(petition=petition) == [(date(2026, 11, 12), 1)]
