import datetime as dt

import pytest
from django.urls import reverse

from legislation import demo, services
from legislation.models import Bill, FloorSchedule, Subject
from tests.legislation.factories import BillFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_bills(db):
    demo.seed(log=lambda line: None)


def test_bill_list_query_count_does_not_grow_with_bills(client, django_assert_num_queries):
    session = SessionFactory()
    subject = Subject.objects.get(slug="prison-labor")
    for _ in range(3):
        BillFactory(session=session).subjects.add(subject)
    with django_assert_num_queries(6) as few:
        client.get("/bills/")
    for _ in range(15):
        BillFactory(session=session).subjects.add(subject)

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/bills/")

    assert response.status_code == 200
    assert "18 bills" in response.text


def test_bill_list_filters_and_searches(client, demo_bills):
    def titles(query: str) -> str:
        return client.get("/bills/" + query).text

    assert "S.J.Res. 21" in titles("?subject=prison-labor")
    assert "S. 1693" not in titles("?subject=prison-labor")
    assert "HB 99" in titles("?jurisdiction=fl")
    assert "H.R. 1865" not in titles("?jurisdiction=fl")
    assert "H.R. 1865" in titles("?status=enacted_signed")
    assert "H.R. 1865" in titles("?q=H.R.+1865")
    assert "S. 1693" in titles("?q=s1693")
    assert "1 bill" in titles("?session=118")


def test_bill_list_ignores_a_stale_filter_value(client, demo_bills):
    response = client.get("/bills/?status=no-such-status&jurisdiction=fl")

    assert response.status_code == 200
    assert "HB 99" in response.text


def test_bill_list_paginates_keeping_the_filters(client):
    session = SessionFactory()
    for _ in range(25):
        BillFactory(session=session)

    response = client.get("/bills/?jurisdiction=us&page=2")

    assert "Page 2 of 2" in response.text
    assert "jurisdiction=us&amp;page=1" in response.text


def test_sesta_says_it_became_law_through_fosta(client, demo_bills, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        response = client.get("/bills/us/115/s1693/")

    text = response.text
    assert "Enacted through another bill" in text
    assert "its substance became law through H.R. 1865" in text
    assert 'href="/bills/us/115/hr1865/"' in text
    assert "Became law through H.R. 1865" in text


def test_fosta_page_shows_the_full_history_and_sponsor(client, demo_bills):
    text = client.get("/bills/us/115/hr1865/").text

    assert "Signed into law" in text
    assert "Passed the House by a recorded vote of 388 to 25." in text
    assert "Ann Wagner" in text
    assert "Contact your officials about this bill" in text
    bill = Bill.objects.get(identifier="H.R. 1865")
    assert f'<input type="hidden" name="follow" value="bill:{bill.pk}"' in text
    assert 'name="email"' in text
    assert "Get an email when H.R. 1865 moves" in text


def test_the_abolition_amendment_goes_to_the_states(client, demo_bills):
    text = client.get("/bills/us/117/sjres21/").text

    assert "Sent to the states" in text
    assert "Ratified by 0 of the 38 states needed" in text
    assert "Signed into law" not in text


def test_scheduled_vote_is_shown_on_the_bill(client):
    bill = BillFactory(identifier="S. 5")
    services.floor_schedule_record(
        bill_id=bill.pk, chamber="upper", scheduled_for=dt.date.today() + dt.timedelta(days=3)
    )

    text = client.get(bill.get_absolute_url()).text

    assert "Vote coming up:" in text
    assert FloorSchedule.objects.count() == 1


def test_unknown_bill_is_404(client, demo_bills):
    assert client.get("/bills/us/115/s9999/").status_code == 404
    assert client.get("/bills/zz/115/s1693/").status_code == 404
    assert client.get("/api/bills/us/115/s9999").status_code == 404


def test_api_bill_returns_status_steps_and_actions(client, demo_bills):
    response = client.get("/api/bills/us/115/s1693")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert data["status"] == "enacted_via"
    assert data["status_date"] == "2018-04-11"
    assert data["steps"][-1] == {
        "label": "Became law through H.R. 1865",
        "state": "done",
        "date": "2018-04-11",
    }
    assert data["actions"][0]["classification"] == ["introduction", "referral-committee"]
    assert data["url"] == "/bills/us/115/s1693/"


def test_canonical_url_accepts_the_identifier_in_any_spelling(client, demo_bills):
    bill = Bill.objects.get(identifier="S. 1693")

    assert bill.get_absolute_url() == "/bills/us/115/s1693/"
    assert client.get("/bills/us/115/S1693/").status_code == 200


def test_safe_harbor_map_draws_every_state_with_a_table(client, demo_bills):
    text = client.get(reverse("legislation:law_topic", kwargs={"slug": "safe-harbor"})).text

    # 50 states and DC in the table, each with its bills and officials.
    assert text.count('<tr id="state-') == 51
    assert 'href="/officials/states/wy/"' in text
    # The fixture outlines: linked, labelled shapes, coloured by status.
    assert 'class="map-state map-state--has" aria-label="Florida: Has a law"' in text
    assert 'aria-label="Washington: not yet reviewed"' in text
    assert "<script" not in text.split("</main>")[0]


def test_unknown_map_topic_is_404(client):
    assert client.get("/state-laws/no-such-topic/").status_code == 404


def test_demo_seed_twice_changes_nothing(demo_bills):
    events = Bill.objects.get(identifier="H.R. 1865").events.count()

    demo.seed(log=lambda line: None)

    assert Bill.objects.get(identifier="H.R. 1865").events.count() == events
    assert Bill.objects.count() == 7


def test_bill_page_lists_the_campaigns_a_downstream_app_provides(client, demo_bills):
    from legislation.hooks import (
        CampaignLink,
        campaigns_provider_register,
        campaigns_provider_unregister,
    )

    def provider(bill):
        if bill.identifier != "S.J.Res. 21":
            return []
        return [CampaignLink("End the slavery clause", "/campaigns/abolition/", "Freedom United")]

    campaigns_provider_register(provider)
    try:
        text = client.get("/bills/us/117/sjres21/").text
        other = client.get("/bills/us/115/s1693/").text
    finally:
        campaigns_provider_unregister(provider)

    assert "Campaigns about this bill" in text
    assert '<a href="/campaigns/abolition/">End the slavery clause</a> (Freedom United)' in text
    assert "Campaigns about this bill" not in other
