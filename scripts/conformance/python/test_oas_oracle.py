"""The OpenAPI oracle itself: it must catch what a naive server gets wrong (docs/WIRE.md)."""

import json

import pytest

END_USERS = "http://127.0.0.1:1/v2/RegulatoryCompliance/EndUsers"
GOOD_USER = {
    "sid": "IT" + "a" * 32,
    "account_sid": "AC" + "a" * 32,
    "friendly_name": "Ann",
    "type": "individual",
    "attributes": {"first_name": "Ann"},
    "date_created": "2019-07-30T21:57:45Z",
    "date_updated": "2019-07-30T21:57:45Z",
    "url": END_USERS + "/IT" + "a" * 32,
}


def check(oracle, method, url, status, body):
    return oracle.check(method, url, status, body if isinstance(body, str) else json.dumps(body))


def test_a_conforming_end_user_passes(oracle):
    assert check(oracle, "POST", END_USERS, 201, GOOD_USER) == []


@pytest.mark.parametrize(
    "change, status",
    [
        ({"date_created": "2019-07-30T21:57:45.123Z"}, 201),
        ({"date_created": "2019-07-30T21:57:45+00:00"}, 201),
        ({"sid": "XX" + "a" * 32}, 201),
        ({"type": "robot"}, 201),
        ({"url": "/v2/RegulatoryCompliance/EndUsers/IT" + "a" * 32}, 201),
        ({"unexpected": 1}, 201),
        ({"url": None, "friendly_name": 5}, 201),
        ({}, 200),
    ],
    ids=["fractional-seconds", "offset", "bad-sid", "bad-enum", "relative-url", "extra-key", "wrong-type", "create-not-201"],
)
def test_a_deviating_end_user_is_caught(oracle, change, status):
    assert check(oracle, "POST", END_USERS, status, {**GOOD_USER, **change}) != []


def test_a_missing_key_is_caught(oracle):
    body = {k: v for k, v in GOOD_USER.items() if k != "url"}
    assert check(oracle, "POST", END_USERS, 201, body) != []


def test_a_list_without_meta_key_is_caught(oracle):
    meta = {
        "page": 0, "page_size": 50, "first_page_url": END_USERS, "previous_page_url": None,
        "url": END_USERS, "next_page_url": None, "key": "results",
    }
    assert check(oracle, "GET", END_USERS, 200, {"results": [GOOD_USER], "meta": meta}) == []
    del meta["key"]
    assert check(oracle, "GET", END_USERS, 200, {"results": [GOOD_USER], "meta": meta}) != []


def test_delete_must_be_204_without_a_body(oracle):
    url = END_USERS + "/IT" + "a" * 32
    assert check(oracle, "DELETE", url, 204, "") == []
    assert check(oracle, "DELETE", url, 204, "{}") != []
    assert check(oracle, "DELETE", url, 200, "") != []


def test_errors_must_be_the_legacy_twilio_envelope(oracle):
    good = {"code": 20404, "message": "The requested resource /x was not found",
            "more_info": "https://www.twilio.com/docs/errors/20404", "status": 404}
    assert check(oracle, "GET", END_USERS + "/IT" + "0" * 32, 404, good) == []
    assert check(oracle, "GET", END_USERS, 400, {**good, "status": 404}) != []
    assert check(oracle, "GET", END_USERS, 404, {**good, "type": "x", "title": "y"}) != []
    assert check(oracle, "GET", END_USERS, 404, "not json") != []


def test_a_success_on_an_undocumented_path_is_caught(oracle):
    assert check(oracle, "GET", "http://127.0.0.1:1/v2/RegulatoryCompliance/Nope", 200, {}) != []


ADDRESS_URI = "/2010-04-01/Accounts/AC" + "a" * 32 + "/Addresses/AD" + "a" * 32 + ".json"
GOOD_ADDRESS = {
    "account_sid": "AC" + "a" * 32, "city": "Sydney", "customer_name": "Ann",
    "date_created": "Tue, 18 Aug 2015 17:07:30 +0000", "date_updated": "Tue, 18 Aug 2015 17:07:30 +0000",
    "emergency_enabled": False, "friendly_name": None, "iso_country": "AU", "postal_code": "2000",
    "region": "NSW", "sid": "AD" + "a" * 32, "street": "1 Main St", "street_secondary": None,
    "validated": False, "verified": False, "uri": ADDRESS_URI,
}


def test_addresses_follow_the_2010_conventions(oracle):
    url = "http://127.0.0.1:1" + ADDRESS_URI
    assert oracle.operation("GET", url).template.endswith("/Addresses/{Sid}.json")
    assert check(oracle, "GET", url, 200, GOOD_ADDRESS) == []
    # RFC 2822 dates, not ISO 8601 ones.
    assert check(oracle, "GET", url, 200, {**GOOD_ADDRESS, "date_created": "2015-08-18T17:07:30Z"}) != []
