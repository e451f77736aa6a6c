"""The unhappy paths through twilio-python's own methods: faults injected with
`POST /sandbox/Faults` surface as the library's own exception, and an account clock moved with
`POST /sandbox/Clock` expires that account's approved bundle (and nobody else's).

The control plane is plain HTTP (`requests`); everything else goes through the library.
"""

import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import requests
from twilio.base.exceptions import TwilioRestException

from callback_receiver import CallbackReceiver
from library import make_client
from regbox_harness import ACCOUNT_SID, ADMIN_TOKEN, AUTH_TOKEN, RegboxServer, fresh_database

END_USERS = "/v2/RegulatoryCompliance/EndUsers"
ANN = {"first_name": "Ann", "last_name": "Lee"}
HOME = dict(customer_name="Ann Lee", street="1 George St", city="Sydney", region="NSW", postal_code="2000",
            iso_country="AU")
AU_LOCAL_INDIVIDUAL = dict(iso_country="AU", number_type="local", end_user_type="individual")
DAY = 86_400


def sandbox(base_url, method, path, data=None, auth=(ACCOUNT_SID, AUTH_TOKEN), expect=200):
    response = requests.request(method, f"{base_url}{path}", data=data, auth=auth, timeout=10)
    assert response.status_code == expect, response.text
    return response.json() if response.content else None


def test_a_429_fault_is_the_librarys_own_exception_and_creates_nothing(rc, regbox):
    fault = sandbox(regbox.base_url, "POST", "/sandbox/Faults",
                    {"Path": END_USERS, "Method": "POST", "Status": "429"}, expect=201)
    assert fault["code"] == 20429 and fault["remaining"] == 1

    with pytest.raises(TwilioRestException) as raised:
        rc.end_users.create(friendly_name="Ann", type="individual")

    assert (raised.value.status, raised.value.code) == (429, 20429)
    assert rc.end_users.list() == []
    listed = sandbox(regbox.base_url, "GET", "/sandbox/Faults")
    assert listed["faults"][0]["remaining"] == 0
    assert rc.end_users.create(friendly_name="Ann", type="individual").sid.startswith("IT")


def test_a_delay_fault_delays_the_request_then_serves_it(rc, regbox):
    sandbox(regbox.base_url, "POST", "/sandbox/Faults", {"Path": END_USERS, "DelayMs": "700"}, expect=201)

    started = time.monotonic()
    user = rc.end_users.create(friendly_name="Ann", type="individual")

    assert time.monotonic() - started >= 0.7
    assert [u.sid for u in rc.end_users.list()] == [user.sid]


def test_a_fault_used_up_on_one_replica_is_not_used_again_on_the_other(oracle):
    with tempfile.TemporaryDirectory(prefix="regbox-replicas-") as tmp:
        root = Path(tmp)
        (root / "a").mkdir()
        (root / "b").mkdir()
        with fresh_database(root) as url:
            first = RegboxServer(url, root / "a")
            second = RegboxServer(url, root / "b")
            try:
                clients = [make_client(s.base_url, ACCOUNT_SID, AUTH_TOKEN, oracle) for s in (first, second)]
                sandbox(first.base_url, "POST", "/sandbox/Faults",
                        {"Path": END_USERS, "Status": "503"}, expect=201)
                end_users = [c.numbers.v2.regulatory_compliance.end_users for c in clients]
                with pytest.raises(TwilioRestException) as raised:
                    end_users[0].create(friendly_name="Ann", type="individual")
                assert (raised.value.status, raised.value.code) == (503, 20503)
                time.sleep(0.3)  # past the replicas' fault-flag TTL
                created = [users.create(friendly_name="Ann", type="individual").sid
                           for users in end_users + end_users]
                assert sorted(u.sid for u in end_users[1].list()) == sorted(created)
            finally:
                second.stop()
                first.stop()


def approved_bundle(client, account_sid, callback_url):
    """An AU individual bundle, approved by the auto reviewer and given a valid_until."""
    rc = client.numbers.v2.regulatory_compliance
    bundle = rc.bundles.create(friendly_name="Sydney office", email="ann@example.com",
                               status_callback=callback_url, **AU_LOCAL_INDIVIDUAL)
    user = rc.end_users.create(friendly_name="Ann Lee", type="individual", attributes=ANN)
    address = client.api.v2010.accounts(account_sid).addresses.create(**HOME)
    for object_sid in (user.sid, address.sid):
        rc.bundles(bundle.sid).item_assignments.create(object_sid=object_sid)
    rc.bundles(bundle.sid).update(status="pending-review")
    wait_for_status(rc, bundle.sid, "twilio-approved")
    return bundle.sid


def wait_for_status(rc, sid, status, timeout=15):
    deadline = time.monotonic() + timeout
    while (bundle := rc.bundles(sid).fetch()).status != status:
        assert time.monotonic() < deadline, f"{sid} stayed {bundle.status}, never {status}"
        time.sleep(0.05)
    return bundle


def test_moving_an_accounts_clock_past_valid_until_expires_only_its_bundle(regbox, connect):
    receiver = CallbackReceiver()
    other = requests.post(f"{regbox.base_url}/sandbox/Accounts", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
                          timeout=10).json()
    mine, theirs = connect(), connect(other["sid"], other["auth_token"])
    deadline = (datetime.now(timezone.utc) + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    my_sid = approved_bundle(mine, ACCOUNT_SID, receiver.url)
    their_sid = approved_bundle(theirs, other["sid"], receiver.url)
    for sid, auth in ((my_sid, (ACCOUNT_SID, AUTH_TOKEN)), (their_sid, (other["sid"], other["auth_token"]))):
        sandbox(regbox.base_url, "POST", f"/sandbox/Bundles/{sid}/ValidUntil", {"ValidUntil": deadline}, auth=auth)

    clock = sandbox(regbox.base_url, "POST", "/sandbox/Clock", {"Advance": str(31 * DAY)})

    assert clock["offset_seconds"] == 31 * DAY
    rc = mine.numbers.v2.regulatory_compliance
    expired = wait_for_status(rc, my_sid, "twilio-rejected")
    assert expired.date_updated > datetime.now(timezone.utc) + timedelta(days=30)
    rejections = lambda sid: [c for c in receiver.received  # noqa: E731
                              if c.params.get("BundleSid") == sid and c.params.get("Status") == "twilio-rejected"]
    limit = time.monotonic() + 15
    while not rejections(my_sid):
        assert time.monotonic() < limit, "no expiry callback"
        time.sleep(0.05)
    time.sleep(0.5)
    assert len(rejections(my_sid)) == 1
    assert rejections(their_sid) == []
    assert theirs.numbers.v2.regulatory_compliance.bundles(their_sid).fetch().status == "twilio-approved"
    their_clock = sandbox(regbox.base_url, "GET", "/sandbox/Clock", auth=(other["sid"], other["auth_token"]))
    assert their_clock["offset_seconds"] == 0
