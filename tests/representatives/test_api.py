import pytest

pytestmark = pytest.mark.django_db


def test_api_officials_follows_the_json_contract(client, imported):
    response = client.get("/api/officials", {"zip": "98101"})

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert set(body) >= {"zip", "state", "ambiguous", "districts", "officials", "data_as_of"}
    assert body["zip"] == "98101"
    assert body["state"] == "WA"
    assert body["ambiguous"] is False
    senior = next(o for o in body["officials"] if o["name"] == "Sally Senior")
    assert senior == {
        "name": "Sally Senior",
        "office": "U.S. Senator",
        "level": "us_senate",
        "division": "ocd-division/country:us/state:wa",
        "party": "Democrat",
        "bioguide_id": "S000001",
        "ocd_person_id": None,
        "channels": {
            "address": ["1 Hart Senate Office Building Washington DC 20510"],
            "contact_form": ["https://senior.senate.gov/contact"],
            "phone": ["202-224-0001"],
            "website": ["https://senior.senate.gov"],
            "district_phone": ["206-220-0001", "509-353-0001"],
        },
        "social": {
            "facebook": "sallysenior",
            "mastodon": "@senior@example.social",
            "x": "SenSenior",
            "youtube": "channel/UC123",
        },
    }


def test_api_officials_marks_a_split_zip_ambiguous(client, imported):
    body = client.get("/api/officials", {"zip": "98052"}).json()

    assert body["ambiguous"] is True
    assert len(body["districts"]) == 2


@pytest.mark.parametrize(("value", "message"), [("12", "five-digit"), ("99999", "99999")])
def test_api_officials_answers_bad_input_with_400_and_a_message(client, imported, value, message):
    response = client.get("/api/officials", {"zip": value})

    assert response.status_code == 400
    assert message in response.json()["error"]


def test_api_officials_query_count_does_not_grow_with_officials(
    client, imported, django_assert_max_num_queries
):
    with django_assert_max_num_queries(9):
        client.get("/api/officials", {"zip": "98101"})
    with django_assert_max_num_queries(9):
        client.get("/api/officials", {"zip": "98052"})
