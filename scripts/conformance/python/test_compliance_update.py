"""Twilio's "Compliance Information Update" guide, all ten steps, through twilio-python's own
methods: find approved bundles with a valid_until, copy one, fix the copy, get it approved and
move its items onto the original. Also the bundle list filters, Copies/ReplaceItems errors and
Clones (`client.numbers.v2.bundle_clone`).

regbox's control plane (`/sandbox/...`, plain HTTP) stands in for Twilio setting a valid_until.
"""

import time
from datetime import datetime, timedelta, timezone

import pytest
import requests
from twilio.base.exceptions import TwilioException, TwilioRestException

from regbox_harness import ACCOUNT_SID, AUTH_TOKEN

ANN = {"first_name": "Ann", "last_name": "Lee"}
HOME = dict(customer_name="Ann Lee", street="1 George St", city="Sydney", region="NSW", postal_code="2000",
            iso_country="AU")
AU_LOCAL_INDIVIDUAL = dict(iso_country="AU", number_type="local", end_user_type="individual")


def now():
    return datetime.now(timezone.utc).replace(microsecond=0)


def sandbox_post(regbox, path, data):
    response = requests.post(f"{regbox.base_url}{path}", data=data, auth=(ACCOUNT_SID, AUTH_TOKEN), timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def set_valid_until(regbox, sid, when):
    """What Twilio does when a regulation changes: the approved bundle gets a deadline."""
    body = sandbox_post(regbox, f"/sandbox/Bundles/{sid}/ValidUntil", {"ValidUntil": when.strftime("%Y-%m-%dT%H:%M:%SZ")})
    assert body["valid_until"] == when.strftime("%Y-%m-%dT%H:%M:%SZ")


def wait_for_status(rc, sid, status, timeout=15):
    deadline = time.monotonic() + timeout
    while True:
        bundle = rc.bundles(sid).fetch()
        if bundle.status == status:
            return bundle
        assert time.monotonic() < deadline, f"{sid} stayed {bundle.status}, never {status}"
        time.sleep(0.05)


def approved_bundle(rc, client, name):
    """A bundle with an end user, an address and a utility bill, approved by regbox's reviewer."""
    bundle = rc.bundles.create(friendly_name=name, email="ann@example.com", **AU_LOCAL_INDIVIDUAL)
    user = rc.end_users.create(friendly_name="Ann Lee", type="individual", attributes=ANN)
    address = client.api.v2010.accounts(ACCOUNT_SID).addresses.create(**HOME)
    bill = rc.supporting_documents.create(friendly_name="Utility bill", type="utility_bill",
                                          attributes={"address_sids": [address.sid]})
    for object_sid in (user.sid, address.sid, bill.sid):
        rc.bundles(bundle.sid).item_assignments.create(object_sid=object_sid)
    assert rc.bundles(bundle.sid).update(status="pending-review").status == "pending-review"
    return wait_for_status(rc, bundle.sid, "twilio-approved")


def objects_of(rc, sid):
    return sorted(item.object_sid for item in rc.bundles(sid).item_assignments.list())


def test_the_compliance_information_update_guide_end_to_end(rc, client, regbox):
    original = approved_bundle(rc, client, "Sydney office")
    later = approved_bundle(rc, client, "Melbourne office")
    approved_bundle(rc, client, "No deadline")
    rc.bundles.create(friendly_name="Draft", email="ann@example.com", **AU_LOCAL_INDIVIDUAL)
    deadline = now() + timedelta(days=10)
    set_valid_until(regbox, original.sid, deadline)
    set_valid_until(regbox, later.sid, now() + timedelta(days=40))
    original_objects = objects_of(rc, original.sid)

    # 1. Find the approved bundles that must be updated, soonest deadline first.
    due = rc.bundles.list(status="twilio-approved", has_valid_until_date=True, sort_by="valid-until",
                          sort_direction="ASC", valid_until_date_before=now() + timedelta(days=30))
    assert [b.sid for b in due] == [original.sid]
    assert due[0].valid_until == deadline
    dated = rc.bundles.list(has_valid_until_date=True, sort_by="valid-until", sort_direction="ASC", page_size=1)
    assert [b.sid for b in dated] == [original.sid, later.sid]

    # 2. Copy the bundle: a draft with copies of its items.
    copy = rc.bundles(original.sid).bundle_copies.create(friendly_name="Sydney office (update)")
    assert copy.sid != original.sid and copy.status == "draft"
    assert (copy.regulation_sid, copy.email, copy.valid_until) == (original.regulation_sid, original.email, None)

    # 3. The original lists its copies.
    assert [c.sid for c in rc.bundles(original.sid).bundle_copies.list()] == [copy.sid]

    # 4. The copy's item assignments: new end user and document, the same address.
    assignments = rc.bundles(copy.sid).item_assignments.list()
    by_prefix = {a.object_sid[:2]: a for a in assignments}
    assert sorted(by_prefix) == ["AD", "IT", "RD"]
    originals_by_prefix = {sid[:2]: sid for sid in original_objects}
    assert by_prefix["AD"].object_sid == originals_by_prefix["AD"]
    assert by_prefix["IT"].object_sid != originals_by_prefix["IT"]
    assert by_prefix["RD"].object_sid != originals_by_prefix["RD"]
    assert rc.end_users(by_prefix["IT"].object_sid).fetch().attributes == ANN

    # 5. Replace the end user: remove its assignment, create the corrected one, assign it.
    assert rc.bundles(copy.sid).item_assignments(by_prefix["IT"].sid).delete() is True
    married = rc.end_users.create(friendly_name="Ann Lee-Smith", type="individual",
                                  attributes={"first_name": "Ann", "last_name": "Lee-Smith"})
    rc.bundles(copy.sid).item_assignments.create(object_sid=married.sid)

    # 5b. The copy's address is fixed (22229): its address item and the bill naming it stay, and
    # the bill's address_sids cannot change.
    moved = client.api.v2010.accounts(ACCOUNT_SID).addresses.create(**{**HOME, "street": "2 Pitt St"})
    refusals = [
        lambda: rc.bundles(copy.sid).item_assignments(by_prefix["AD"].sid).delete(),
        lambda: rc.bundles(copy.sid).item_assignments(by_prefix["RD"].sid).delete(),
        lambda: rc.bundles(copy.sid).item_assignments.create(object_sid=moved.sid),
        lambda: rc.supporting_documents(by_prefix["RD"].object_sid).update(attributes={"address_sids": [moved.sid]}),
    ]
    for refused_call in refusals:
        with pytest.raises(TwilioRestException) as refused:
            refused_call()
        assert (refused.value.status, refused.value.code) == (400, 22229), refused.value.msg
        assert "The Address in the Bundle Copy must be the same" in refused.value.msg
    assert objects_of(rc, copy.sid) == sorted([by_prefix["AD"].object_sid, by_prefix["RD"].object_sid, married.sid])

    # 6. Evaluate the copy.
    evaluation = rc.bundles(copy.sid).evaluations.create()
    assert evaluation.status == "compliant", evaluation.results

    # 7. Submit it.
    assert rc.bundles(copy.sid).update(status="pending-review").status == "pending-review"

    # 8. Twilio (regbox's simulated reviewer) approves it.
    wait_for_status(rc, copy.sid, "twilio-approved")

    # 9. Move the approved copy's items onto the original.
    replaced = rc.bundles(original.sid).replace_items.create(from_bundle_sid=copy.sid)
    assert (replaced.sid, replaced.status, replaced.valid_until) == (original.sid, "twilio-approved", None)

    # 10. The original keeps its SID and status, has the new items and no deadline.
    updated = rc.bundles(original.sid).fetch()
    assert (updated.status, updated.valid_until) == ("twilio-approved", None)
    assert objects_of(rc, original.sid) == sorted([by_prefix["AD"].object_sid, by_prefix["RD"].object_sid, married.sid])
    assert rc.bundles(copy.sid).item_assignments.list() == []
    assert rc.end_users(originals_by_prefix["IT"]).fetch().attributes == ANN, "the old end user is untouched"
    remaining = rc.bundles.list(has_valid_until_date=True, sort_by="valid-until", sort_direction="ASC")
    assert [b.sid for b in remaining] == [later.sid]


def test_list_filters_and_sorts_through_the_library(rc, client, regbox):
    first = approved_bundle(rc, client, "first")
    second = approved_bundle(rc, client, "second")
    undated = approved_bundle(rc, client, "undated")
    draft = rc.bundles.create(friendly_name="draft", email="ann@example.com", iso_country="US",
                              number_type="toll-free", end_user_type="business")
    jan, mar = datetime(2030, 1, 1, tzinfo=timezone.utc), datetime(2030, 3, 1, tzinfo=timezone.utc)
    set_valid_until(regbox, second.sid, jan)
    set_valid_until(regbox, first.sid, mar)

    ascending = rc.bundles.list(sort_by="valid-until", sort_direction="ASC", page_size=1)
    assert [b.sid for b in ascending][:2] == [second.sid, first.sid]
    assert {b.sid for b in ascending[2:]} == {undated.sid, draft.sid}, "undated bundles come last"
    descending = rc.bundles.list(sort_by="valid-until", sort_direction="DESC", page_size=2)
    assert [b.sid for b in descending][:2] == [first.sid, second.sid]
    assert [b.sid for b in rc.bundles.list(valid_until_date=jan)] == [second.sid]
    assert [b.sid for b in rc.bundles.list(valid_until_date_after=mar)] == [first.sid], "inclusive"
    assert [b.sid for b in rc.bundles.list(valid_until_date_before=jan, valid_until_date_after=jan)] == [second.sid]
    assert [b.sid for b in rc.bundles.list(number_type="tollfree", iso_country="US")] == [draft.sid]
    assert [b.sid for b in rc.bundles.list(end_user_type="business")] == [draft.sid]
    assert {b.sid for b in rc.bundles.list(has_valid_until_date=False)} == {undated.sid, draft.sid}
    assert [b.sid for b in rc.bundles.list(bundle_sids=f"{first.sid},{draft.sid}", status="twilio-approved")] == [
        first.sid]
    assert [b.sid for b in rc.bundles.list(friendly_name="second")] == [second.sid]
    by_update = rc.bundles.list(sort_by="date-updated", sort_direction="ASC", page_size=3)
    assert [(b.date_updated, b.sid) for b in by_update] == sorted((b.date_updated, b.sid) for b in by_update)
    assert len(by_update) == 4
    # The libraries send the literal `ValidUntilDate<` / `>` names (percent-encoded on the wire).
    sent = [e.params for e in client.http_client.exchanges if e.params and "ValidUntilDate<" in e.params]
    assert sent and sent[0]["ValidUntilDate<"] == "2030-01-01T00:00:00Z"


@pytest.mark.parametrize("sort_by", ["friendly-name", "valid_until"])
def test_a_bad_sort_is_refused(rc, sort_by):
    with pytest.raises(TwilioException) as refused:
        rc.bundles.list(sort_by=sort_by)
    # List errors surface as a bare TwilioException (docs/WIRE.md, "Errors"); the body is a 20001.
    assert "Unable to fetch page" in str(refused.value)


def test_copy_and_replace_items_errors_carry_twilio_codes(rc, client):
    approved = approved_bundle(rc, client, "approved")
    draft = rc.bundles.create(friendly_name="draft", email="ann@example.com", **AU_LOCAL_INDIVIDUAL)
    cases = [
        (lambda: rc.bundles(draft.sid).bundle_copies.create(), 22223),
        (lambda: rc.bundles(approved.sid).replace_items.create(from_bundle_sid=approved.sid), 22226),
        (lambda: rc.bundles(approved.sid).replace_items.create(from_bundle_sid="BU" + "0" * 32), 22225),
        (lambda: rc.bundles(approved.sid).replace_items.create(from_bundle_sid=draft.sid), 22224),
    ]
    for call, code in cases:
        with pytest.raises(TwilioRestException) as refused:
            call()
        assert (refused.value.status, refused.value.code) == (400, code), refused.value.msg


def test_a_clone_lands_approved_in_the_target_account(rc, client, regbox, connect):
    original = approved_bundle(rc, client, "to clone")
    set_valid_until(regbox, original.sid, datetime(2031, 1, 1, tzinfo=timezone.utc))
    # Twilio clones within an account family: the target is a subaccount made through the 2010 API.
    sub = client.api.v2010.accounts.create(friendly_name="subaccount")
    account = {"sid": sub.sid, "auth_token": sub.auth_token}

    clone = client.numbers.v2.bundle_clone(original.sid).create(target_account_sid=account["sid"], move_to_draft=False)

    assert clone.bundle_sid != original.sid
    assert (clone.account_sid, clone.status) == (account["sid"], "twilio-approved")
    assert clone.valid_until == datetime(2031, 1, 1, tzinfo=timezone.utc)
    assert clone.url == f"{regbox.base_url}/v2/RegulatoryCompliance/Bundles/{clone.bundle_sid}/Clones"
    target = connect(account["sid"], account["auth_token"]).numbers.v2.regulatory_compliance
    assert target.bundles(clone.bundle_sid).fetch().status == "twilio-approved"
    cloned_objects = objects_of(target, clone.bundle_sid)
    assert len(cloned_objects) == 3 and not set(cloned_objects) & set(objects_of(rc, original.sid))
    assert target.bundles(clone.bundle_sid).evaluations.create().status == "compliant"
