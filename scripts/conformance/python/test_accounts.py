"""Subaccounts through twilio-python's 2010 Accounts resource (`client.api.v2010.accounts`)."""

from datetime import datetime

import pytest
from twilio.base.exceptions import TwilioRestException

from regbox_harness import ACCOUNT_SID


def test_create_returns_a_subaccount_with_its_own_token(client, connect):
    created = client.api.v2010.accounts.create(friendly_name="team b")

    assert created.sid.startswith("AC") and len(created.sid) == 34 and created.sid != ACCOUNT_SID
    assert (created.friendly_name, created.status, created.owner_account_sid) == ("team b", "active", ACCOUNT_SID)
    assert isinstance(created.date_created, datetime)
    assert created.uri == f"/2010-04-01/Accounts/{created.sid}.json"
    child = connect(created.sid, created.auth_token)
    assert child.api.v2010.accounts(created.sid).fetch().friendly_name == "team b"


def test_a_parent_lists_itself_and_its_subaccounts_and_a_subaccount_only_itself(client, connect):
    first = client.api.v2010.accounts.create(friendly_name="first")
    second = client.api.v2010.accounts.create()

    listed = client.api.v2010.accounts.list(page_size=2)
    assert sorted(a.sid for a in listed) == sorted([ACCOUNT_SID, first.sid, second.sid])
    assert second.friendly_name.startswith("SubAccount Created at ")
    assert [a.sid for a in client.api.v2010.accounts.list(friendly_name="first")] == [first.sid]

    child = connect(first.sid, first.auth_token)
    assert [a.sid for a in child.api.v2010.accounts.list()] == [first.sid]
    with pytest.raises(TwilioRestException) as hidden:
        child.api.v2010.accounts(second.sid).fetch()
    assert (hidden.value.status, hidden.value.code) == (404, 20404)


def test_a_suspended_subaccount_is_refused_until_its_parent_reactivates_it(client, connect):
    created = client.api.v2010.accounts.create(friendly_name="paused")

    suspended = client.api.v2010.accounts(created.sid).update(status="suspended")
    assert suspended.status == "suspended"
    assert [a.sid for a in client.api.v2010.accounts.list(status="suspended")] == [created.sid]
    renamed = client.api.v2010.accounts(created.sid).update(friendly_name="renamed", status="active")
    assert (renamed.friendly_name, renamed.status) == ("renamed", "active")


def test_a_bad_status_is_20001(client):
    created = client.api.v2010.accounts.create()

    with pytest.raises(TwilioRestException) as error:
        client.api.v2010.accounts(created.sid).update(status="paused")
    assert (error.value.status, error.value.code) == (400, 20001)
    assert "Status" in error.value.msg
