"""The 2010-04-01 Addresses resource through twilio-python (`client.addresses`, `client.api.v2010`)."""

from datetime import datetime, timezone

import pytest
from twilio.base.exceptions import TwilioException, TwilioRestException

from regbox_harness import ACCOUNT_SID

HOME = dict(
    customer_name="Ann Lee",
    street="1 Main St",
    city="Sydney",
    region="NSW",
    postal_code="2000",
    iso_country="AU",
)


def test_create_returns_the_address_with_2010_conventions(client):
    address = client.addresses.create(**HOME, friendly_name="home", street_secondary="Unit 2")

    assert address.sid.startswith("AD") and len(address.sid) == 34
    assert address.account_sid == ACCOUNT_SID
    assert (address.customer_name, address.street, address.street_secondary) == ("Ann Lee", "1 Main St", "Unit 2")
    assert (address.city, address.region, address.postal_code, address.iso_country) == ("Sydney", "NSW", "2000", "AU")
    assert address.friendly_name == "home"
    # RFC 2822 dates come back as datetimes; the uri is relative, as in the 2010 API.
    assert isinstance(address.date_created, datetime) and address.date_created.tzinfo == timezone.utc
    assert address.uri == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Addresses/{address.sid}.json"


def test_fetch_update_and_delete_through_the_account_path(client):
    created = client.addresses.create(**HOME)
    addresses = client.api.v2010.accounts(ACCOUNT_SID).addresses

    assert addresses(created.sid).fetch().street == "1 Main St"
    updated = addresses(created.sid).update(friendly_name="office", street="2 High St")
    assert (updated.friendly_name, updated.street, updated.city) == ("office", "2 High St", "Sydney")

    assert addresses(created.sid).delete() is True
    with pytest.raises(TwilioRestException) as gone:
        addresses(created.sid).fetch()
    assert (gone.value.status, gone.value.code) == (404, 20404)


def test_list_walks_every_page_and_filters(client):
    sids = [client.addresses.create(**{**HOME, "customer_name": f"Customer {i}"}).sid for i in range(5)]
    client.addresses.create(**{**HOME, "iso_country": "GB", "city": "London"})

    paged = client.addresses.list(page_size=2, iso_country="AU")

    assert sorted(a.sid for a in paged) == sorted(sids)
    assert [a.sid for a in client.addresses.list(customer_name="Customer 3")] == [sids[3]]
    assert len(client.addresses.list(limit=4, page_size=2)) == 4


def test_a_blank_required_field_is_20001(client):
    with pytest.raises(TwilioRestException) as error:
        client.addresses.create(**{**HOME, "street": ""})

    assert (error.value.status, error.value.code) == (400, 20001)
    assert "Street" in error.value.msg


def test_another_accounts_path_is_20404(client):
    other = client.api.v2010.accounts("AC" + "b" * 32).addresses

    with pytest.raises(TwilioRestException) as error:
        other("AD" + "0" * 32).fetch()
    assert (error.value.status, error.value.code) == (404, 20404)
    with pytest.raises(TwilioException):
        other.list()
