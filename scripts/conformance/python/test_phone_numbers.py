"""Phone numbers through twilio-python: search (`client.available_phone_numbers`), buy with an
approved bundle (`client.incoming_phone_numbers`), manage, release, an address's dependent numbers
and the bundle rules that involve numbers. Every response is checked against Twilio's 2010 file.
"""

import time

import pytest
from twilio.base.exceptions import TwilioRestException

from regbox_harness import ACCOUNT_SID

ANN = {"first_name": "Ann", "last_name": "Lee"}
HOME = dict(customer_name="Ann Lee", street="1 George St", city="Sydney", region="NSW", postal_code="2000",
            iso_country="AU")


def approved_au_local_bundle(client):
    """An AU local individual bundle with an end user and an address, approved by the reviewer."""
    rc = client.numbers.v2.regulatory_compliance
    bundle = rc.bundles.create(friendly_name="numbers", email="ann@example.com", iso_country="AU",
                               number_type="local", end_user_type="individual")
    user = rc.end_users.create(friendly_name="Ann Lee", type="individual", attributes=ANN)
    address = client.addresses.create(**HOME)
    for object_sid in (user.sid, address.sid):
        rc.bundles(bundle.sid).item_assignments.create(object_sid=object_sid)
    rc.bundles(bundle.sid).update(status="pending-review")
    deadline = time.monotonic() + 15
    while rc.bundles(bundle.sid).fetch().status != "twilio-approved":
        assert time.monotonic() < deadline, "the bundle was never approved"
        time.sleep(0.05)
    return bundle.sid, address.sid


def error_of(call):
    with pytest.raises(TwilioRestException) as raised:
        call()
    return raised.value.status, raised.value.code


def test_search_is_deterministic_and_filtered(client):
    found = client.available_phone_numbers("AU").local.list(contains="555", limit=5)
    assert len(found) == 5
    assert all(n.phone_number.startswith("+61") and "555" in n.phone_number[3:] for n in found)
    again = client.available_phone_numbers("AU").local.list(contains="555", limit=5)
    assert [n.phone_number for n in again] == [n.phone_number for n in found]
    assert all(n.address_requirements == "local" for n in found)

    mobile = client.available_phone_numbers("AU").mobile.list(sms_enabled=True, limit=3)
    assert len(mobile) == 3 and all(n.capabilities["sms"] for n in mobile)
    storm = client.available_phone_numbers("US").local.list(area_code=510, contains="STORM", limit=2)
    assert all("78676" in n.phone_number and n.region == "CA" for n in storm)
    assert len(client.available_phone_numbers("US").toll_free.list(limit=40)) == 30
    assert client.available_phone_numbers("DE").national.list(limit=1)[0].phone_number.startswith("+4932")


def test_countries_list_and_fetch(client):
    countries = {c.country_code: c for c in client.available_phone_numbers.list()}
    assert {"AU", "US", "GB"} <= set(countries)
    au = client.available_phone_numbers("AU").fetch()
    assert au.country == "Australia" and sorted(au.subresource_uris) == ["local", "mobile", "toll_free"]
    assert error_of(lambda: client.available_phone_numbers("ZZ").fetch()) == (404, 20404)


def test_buy_a_regulated_number_with_an_approved_bundle_and_its_address(client):
    bundle, address = approved_au_local_bundle(client)
    number = client.available_phone_numbers("AU").local.list(limit=1)[0].phone_number

    assert error_of(lambda: client.incoming_phone_numbers.create(phone_number=number)) == (400, 21649)
    assert error_of(lambda: client.incoming_phone_numbers.create(phone_number=number, bundle_sid=bundle)) == (400, 21631)
    bought = client.incoming_phone_numbers.local.create(phone_number=number, bundle_sid=bundle, address_sid=address)

    assert bought.sid.startswith("PN") and bought.phone_number == number
    assert (bought.bundle_sid, bought.address_sid, bought.status) == (bundle, address, "in-use")
    assert bought.uri == f"/2010-04-01/Accounts/{ACCOUNT_SID}/IncomingPhoneNumbers/{bought.sid}.json"
    assert number not in [n.phone_number for n in client.available_phone_numbers("AU").local.list()]
    assert error_of(lambda: client.incoming_phone_numbers.create(
        phone_number=number, bundle_sid=bundle, address_sid=address)) == (400, 21422)


def test_us_numbers_need_neither_and_bad_input_is_refused(client):
    number = client.available_phone_numbers("US").local.list(limit=1)[0].phone_number
    bought = client.incoming_phone_numbers.create(phone_number=number, friendly_name="main line")
    assert (bought.bundle_sid, bought.friendly_name, bought.type) == (None, "main line", "local")
    toll_free = client.available_phone_numbers("US").toll_free.list(limit=1)[0].phone_number

    assert error_of(lambda: client.incoming_phone_numbers.create(phone_number="12345")) == (400, 21421)
    assert error_of(lambda: client.incoming_phone_numbers.local.create(phone_number=toll_free)) == (400, 21458)
    assert error_of(lambda: client.incoming_phone_numbers.create(area_code="999")) == (400, 21452)
    assert error_of(lambda: client.incoming_phone_numbers.toll_free.create(
        phone_number=toll_free, voice_url="not a url")) == (400, 21402)
    assert client.incoming_phone_numbers.toll_free.create(phone_number=toll_free).phone_number == toll_free


def test_update_list_release_and_dependent_numbers(client):
    bundle, address = approved_au_local_bundle(client)
    number = client.available_phone_numbers("AU").local.list(limit=1)[0].phone_number
    bought = client.incoming_phone_numbers.create(phone_number=number, bundle_sid=bundle, address_sid=address)

    updated = client.incoming_phone_numbers(bought.sid).update(
        friendly_name="front desk", voice_url="https://example.com/voice", sms_method="GET")
    assert (updated.friendly_name, updated.voice_url, updated.sms_method) == ("front desk", "https://example.com/voice", "GET")
    assert updated.bundle_sid == bundle
    assert error_of(lambda: client.incoming_phone_numbers(bought.sid).update(bundle_sid="")) == (400, 21649)

    assert [n.sid for n in client.incoming_phone_numbers.list(friendly_name="front desk")] == [bought.sid]
    assert [n.sid for n in client.incoming_phone_numbers.local.list()] == [bought.sid]
    assert [n.sid for n in client.addresses(address).dependent_phone_numbers.list()] == [bought.sid]
    other = client.addresses.create(**HOME)
    assert client.addresses(other.sid).dependent_phone_numbers.list() == []

    rc = client.numbers.v2.regulatory_compliance
    assert error_of(lambda: rc.bundles(bundle).delete()) == (400, 21648)
    assert client.incoming_phone_numbers(bought.sid).delete() is True
    assert error_of(lambda: client.incoming_phone_numbers(bought.sid).fetch()) == (404, 20404)
    assert rc.bundles(bundle).delete() is True


def test_list_pages_with_the_2010_envelope(client):
    numbers = [n.phone_number for n in client.available_phone_numbers("US").local.list(limit=5)]
    sids = {client.incoming_phone_numbers.create(phone_number=n).sid for n in numbers}
    assert {n.sid for n in client.incoming_phone_numbers.list(page_size=2)} == sids
    assert len(client.incoming_phone_numbers.list(limit=3, page_size=2)) == 3
