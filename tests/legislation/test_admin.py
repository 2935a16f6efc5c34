import pytest

from legislation.models import Bill, BillEvent
from tests.legislation.factories import SessionFactory

pytestmark = pytest.mark.django_db

INLINES = ["actions", "sponsorships", "relations", "positions", "schedules", "sources"]


def _management(prefix: str, total: int) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _bill_form(session_id: int, **extra: str) -> dict[str, str]:
    data = {
        "session": str(session_id),
        "identifier": "S. 77",
        "classification": "bill",
        "from_chamber": "upper",
        "short_title": "",
        "title": "A bill to protect trafficked children.",
        "summary": "",
        "introduced_on": "2025-02-03",
        "status": "introduced",
        "status_date": "",
    }
    for prefix in INLINES:
        data.update(_management(prefix, 0))
    data.update(extra)
    return data


def test_saving_a_bill_with_actions_records_its_status_and_events(admin_client):
    session = SessionFactory(identifier="119", name="119th Congress")
    data = _bill_form(session.pk)
    data.update(_management("actions", 1))
    data.update(
        {
            "actions-0-date": "2025-02-03",
            "actions-0-order": "0",
            "actions-0-chamber": "upper",
            "actions-0-description": "Introduced and referred to committee.",
            "actions-0-classification": '["introduction", "referral-committee"]',
        }
    )

    response = admin_client.post("/admin/legislation/bill/add/", data)

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    bill = Bill.objects.get(identifier="S. 77")
    assert bill.status == Bill.Status.REFERRED
    assert bill.slug == "s77"
    kinds = set(BillEvent.objects.filter(bill=bill).values_list("kind", flat=True))
    assert kinds == {"action", "status", "tracked"}


def test_scheduling_a_vote_in_the_admin_creates_the_event_at_once(admin_client):
    session = SessionFactory(identifier="119", name="119th Congress")
    admin_client.post("/admin/legislation/bill/add/", _bill_form(session.pk))
    bill = Bill.objects.get(identifier="S. 77")
    data = _bill_form(session.pk)
    data.update(_management("schedules", 1))
    data.update(
        {"schedules-0-chamber": "upper", "schedules-0-scheduled_for": "2026-12-02",
         "schedules-0-note": "", "schedules-0-bill": str(bill.pk)}
    )  # fmt: skip

    response = admin_client.post(f"/admin/legislation/bill/{bill.pk}/change/", data)

    assert response.status_code == 302
    event = BillEvent.objects.get(bill=bill, kind="scheduled")
    assert event.notify


def test_an_identifier_with_a_line_break_is_rejected(admin_client):
    session = SessionFactory(identifier="119", name="119th Congress")

    response = admin_client.post(
        "/admin/legislation/bill/add/", _bill_form(session.pk, identifier="S. 77\r\nX")
    )

    assert response.status_code == 200
    assert "Use one line, with no line breaks." in response.text
    assert not Bill.objects.exists()


def test_the_event_admin_previews_the_alert_email_and_allows_no_edits(admin_client):
    session = SessionFactory(identifier="119", name="119th Congress")
    admin_client.post("/admin/legislation/bill/add/", _bill_form(session.pk))
    event = BillEvent.objects.get(kind="tracked")

    page = admin_client.get(f"/admin/legislation/billevent/{event.pk}/change/")

    assert page.status_code == 200
    assert "S. 77: Introduced" in page.text
    assert "because you follow S. 77" in page.text
    assert admin_client.post(f"/admin/legislation/billevent/{event.pk}/delete/").status_code == 403
