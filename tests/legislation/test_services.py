import datetime as dt

import pytest

from legislation import services
from legislation.models import Bill, BillEvent, Chamber, FloorSchedule, RelatedBill
from tests.legislation.factories import ActionFactory, BillFactory, SponsorshipFactory

pytestmark = pytest.mark.django_db


def _keys(bill: Bill) -> list[str]:
    return sorted(bill.events.values_list("key", flat=True))


def test_first_refresh_records_history_quietly_and_announces_the_bill():
    bill = BillFactory()
    ActionFactory(bill=bill, classification=["introduction"])

    recorded = services.bill_refresh(bill_id=bill.pk)

    bill.refresh_from_db()
    assert bill.status == Bill.Status.INTRODUCED
    assert {e.kind for e in recorded} == {"action", "status", "tracked"}
    assert [e.kind for e in recorded if e.notify] == ["tracked"]


def test_refreshing_again_or_recreating_the_actions_records_nothing_new():
    bill = BillFactory()
    ActionFactory(bill=bill, description="Introduced.", classification=["introduction"])
    services.bill_refresh(bill_id=bill.pk)
    before = _keys(bill)

    assert services.bill_refresh(bill_id=bill.pk) == []
    # A re-import that deletes and recreates the same actions in another order.
    bill.actions.all().delete()
    ActionFactory(bill=bill, order=7, description="Introduced.", classification=["introduction"])

    assert services.bill_refresh(bill_id=bill.pk) == []
    assert _keys(bill) == before


def test_a_new_action_records_the_action_and_the_status_change():
    bill = BillFactory()
    ActionFactory(bill=bill, classification=["introduction"])
    services.bill_refresh(bill_id=bill.pk)
    ActionFactory(
        bill=bill, date=dt.date(2018, 3, 1), description="Passed the Senate 97-2.",
        classification=["passage"],
    )  # fmt: skip

    recorded = services.bill_refresh(bill_id=bill.pk)

    assert sorted(e.kind for e in recorded) == ["action", "status"]
    assert all(e.notify for e in recorded)
    status_event = next(e for e in recorded if e.kind == "status")
    assert status_event.status == Bill.Status.PASSED_SENATE
    assert status_event.happened_on == dt.date(2018, 3, 1)


def test_a_new_cosponsor_is_an_event_once():
    bill = BillFactory()
    services.bill_refresh(bill_id=bill.pk)
    SponsorshipFactory(bill=bill, name="Richard Blumenthal")

    first = services.bill_refresh(bill_id=bill.pk)
    again = services.bill_refresh(bill_id=bill.pk)

    assert [e.description for e in first] == ["Richard Blumenthal became a cosponsor."]
    assert again == []


def test_a_status_set_by_hand_is_kept_and_announced():
    bill = BillFactory(
        status=Bill.Status.PASSED_FIRST, status_date=dt.date(2024, 2, 1), status_locked=True
    )
    ActionFactory(bill=bill, classification=["introduction"])

    recorded = services.bill_refresh(bill_id=bill.pk)

    bill.refresh_from_db()
    assert (bill.status, bill.status_date) == (Bill.Status.PASSED_FIRST, dt.date(2024, 2, 1))
    assert "status:passed_first" in [e.key for e in recorded]


def test_scheduling_a_vote_records_a_vote_coming_up_event():
    bill = BillFactory()
    services.bill_refresh(bill_id=bill.pk)

    services.floor_schedule_record(
        bill_id=bill.pk, chamber=Chamber.UPPER, scheduled_for=dt.date(2026, 12, 2)
    )
    services.floor_schedule_record(
        bill_id=bill.pk, chamber=Chamber.UPPER, scheduled_for=dt.date(2026, 12, 2)
    )

    assert FloorSchedule.objects.count() == 1
    event = bill.events.get(kind=BillEvent.Kind.SCHEDULED)
    assert event.notify
    assert "the Senate plans to take it up on 2026-12-02" in event.description


def test_enacting_the_carrier_bill_enacts_the_bill_carried_through_it():
    sesta = BillFactory(identifier="S. 1693")
    ActionFactory(bill=sesta, classification=["introduction"])
    fosta = BillFactory(identifier="H.R. 1865", from_chamber=Chamber.LOWER)
    RelatedBill.objects.create(
        bill=sesta, related_bill=fosta, relation=RelatedBill.Relation.ENACTED_VIA
    )
    services.bill_refresh(bill_id=sesta.pk)
    ActionFactory(
        bill=fosta, date=dt.date(2018, 4, 11), chamber=Chamber.EXECUTIVE,
        classification=["executive-signature"],
    )  # fmt: skip

    services.bill_refresh(bill_id=fosta.pk)

    sesta.refresh_from_db()
    assert (sesta.status, sesta.status_date) == (Bill.Status.ENACTED_VIA, dt.date(2018, 4, 11))
    assert sesta.events.filter(key="status:enacted_via", notify=True).exists()


def test_state_shapes_import_reads_a_us_atlas_topology(settings):
    path = f"{settings.PUBLIC_DATA_DIR}/maps/us-atlas/states-albers-10m.json"

    assert services.state_shapes_import(location=path) == 3
    assert services.state_shapes_import(location=path) == 3

    from legislation.models import StateShape

    shapes = {s.state: s for s in StateShape.objects.all()}
    assert set(shapes) == {"WA", "FL", "DC"}
    assert shapes["WA"].path == "M10,20l50,0 0,50 -50,0 0,-50z"
    # The sub-pixel island is dropped; the mainland stays.
    assert shapes["FL"].path == "M210,220l30,0 0,30 -30,0 0,-30z"
    assert (shapes["WA"].label_x, shapes["WA"].label_y) == (35.0, 45.0)
