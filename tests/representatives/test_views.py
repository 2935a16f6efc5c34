import pytest

pytestmark = pytest.mark.django_db


def test_find_page_lists_officials_with_click_to_call_links(client, imported):
    html = client.get("/officials/", {"zip": "98101"}).content.decode()

    assert "Sally Senior" in html
    assert "Sam Seventh" in html
    assert 'href="tel:+12022240001"' in html
    assert 'href="tel:+12062200001"' in html  # the Seattle district office
    assert 'href="https://senior.senate.gov/contact"' in html
    assert "Data as of" in html


def test_split_zip_says_so_and_lets_the_person_choose(client, imported):
    html = client.get("/officials/", {"zip": "98052"}).content.decode()

    assert "lies in 2 congressional districts" in html
    assert "?zip=98052&amp;district=ocd-division/country%3Aus/state%3Awa/cd%3A1" in html
    assert ">Washington congressional district 9</a>" in html

    chosen = client.get(
        "/officials/", {"zip": "98052", "district": "ocd-division/country:us/state:wa/cd:9"}
    ).content.decode()
    assert "lies in 2" not in chosen
    assert "Rita First" not in chosen
    assert "is vacant" in chosen


@pytest.mark.parametrize(("value", "message"), [("12", "five-digit"), ("99999", "99999")])
def test_bad_zip_is_an_error_next_to_the_field_with_the_input_kept(
    client, imported, value, message
):
    html = client.get("/officials/", {"zip": value}).content.decode()

    assert 'id="id_zip_error"' in html
    assert message in html
    assert f'value="{value}"' in html


def test_find_page_query_count_does_not_grow_with_officials(client, imported):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/officials/", {"zip": "98101"})  # "data as of" is cached from here on
    counts = []
    for zip_code in ("98101", "98052"):  # one House member, then two
        with CaptureQueriesContext(connection) as queries:
            client.get("/officials/", {"zip": zip_code})
        counts.append(len(queries))

    assert counts[0] == counts[1] <= 13


def test_official_page_by_bioguide_ocd_or_govtrack_id(client, imported, django_assert_num_queries):
    with django_assert_num_queries(5):
        response = client.get("/officials/S000001/")
    assert "Seattle" in response.content.decode()
    assert client.get("/officials/govtrack-900/").status_code == 200
    assert client.get("/officials/nobody/").status_code == 404


def test_state_page_lists_federal_officials(client, imported, django_assert_num_queries):
    with django_assert_num_queries(1):
        html = client.get("/officials/states/wa/").content.decode()

    assert "Sally Senior" in html
    assert "Rita First" in html
    assert client.get("/officials/states/zz/").status_code == 404


def test_spanish_lookup_page(client, imported):
    html = client.get("/es/cargos-electos/", {"zip": "98052"}).content.decode()

    assert "Encuentre a sus representantes" in html
    assert "está en 2 distritos del Congreso" in html


@pytest.fixture
def with_state(imported):
    from representatives.importers import people_import
    from tests.representatives.conftest import OPENSTATES, TODAY

    people_import(location=OPENSTATES, today=TODAY)


def test_results_show_statewide_officials_and_offer_district_choices(client, with_state):
    html = client.get("/officials/", {"zip": "98101"}).content.decode()

    assert "Greta Governor" in html
    assert 'value="ocd-division/country:us/state:wa/sldl:24"' in html
    assert 'value="ocd-division/country:us/state:wa/place:tacoma"' in html
    assert "Lee Lower" not in html


def test_choosing_districts_shows_state_legislators_and_mayor(
    client, with_state, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15):
        html = client.get(
            "/officials/",
            {
                "zip": "98101",
                "sldl": "ocd-division/country:us/state:wa/sldl:24",
                "place": "ocd-division/country:us/state:wa/place:tacoma",
            },
        ).content.decode()

    assert "Lee Lower" in html
    assert "Mo Mayor" in html
    assert 'href="mailto:mayor@tacoma.example"' in html
    assert "Uma Upper" not in html


def test_a_district_from_another_state_shows_nobody(client, with_state):
    html = client.get(
        "/officials/", {"zip": "99501", "sldl": "ocd-division/country:us/state:wa/sldl:24"}
    ).content.decode()

    assert "Lee Lower" not in html


def _handoff(imported, capture):
    from representatives import services
    from representatives.models import Official

    with capture(execute=True):
        return services.delivery_create(
            official_id=Official.objects.get(bioguide_id="S000001").pk,
            action_key="letter:safe-harbor",
            sender_name="Ana <b>Advocate</b>",
            sender_email="ana@example.org",
            sender_address="12 Pine St\nSeattle, WA 98101",
            subject="Protect children who were trafficked",
            body="Dear Senator,\n\nPlease support the safe-harbor bill.",
            organisation_statement="Safe-harbor laws treat trafficked children as victims.",
        )


def test_handoff_page_gives_the_letter_form_phones_and_a_printable_copy(
    client, imported, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    from representatives import services

    delivery = _handoff(imported, django_capture_on_commit_callbacks)

    with django_assert_max_num_queries(4):
        response = client.get(services.handoff_path(delivery))

    page = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "Send your letter to Sally Senior" in page
    assert 'href="https://senior.senate.gov/contact"' in page
    assert 'href="tel:+12062200001"' in page
    assert "1 Hart Senate Office Building" in page
    assert "Safe-harbor laws treat trafficked children as victims." in page
    assert "Ana &lt;b&gt;Advocate&lt;/b&gt;" in page
    assert "<b>Advocate</b>" not in page


def test_handoff_page_refuses_forged_and_expired_keys(
    client, imported, django_capture_on_commit_callbacks
):
    from datetime import date

    from representatives.tokens import handoff_token

    delivery = _handoff(imported, django_capture_on_commit_callbacks)
    good = handoff_token(delivery_id=delivery.pk, until=date(2099, 1, 1))
    payload, _, signature = good.rpartition(":")
    forged = f"{payload}:{signature[::-1]}"
    expired = handoff_token(delivery_id=delivery.pk, until=date(2020, 1, 1))

    assert client.get(f"/officials/letters/{good}/").status_code == 200
    assert client.get(f"/officials/letters/{forged}/").status_code == 404
    assert client.get(f"/officials/letters/{expired}/").status_code == 404
    assert client.get("/officials/letters/not-a-token/").status_code == 404
