"""Twilio's "Getting Started: Regulatory Compliance Public REST APIs" flow through twilio-python."""

from __future__ import annotations

import time

import pytest
import requests
from twilio.base.exceptions import TwilioRestException
from twilio.request_validator import RequestValidator

from callback_receiver import CallbackReceiver
from library import make_client
from regbox_harness import ACCOUNT_SID, AUTH_TOKEN, running_regbox

TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def receiver():
    server = CallbackReceiver()
    yield server
    server.close()


@pytest.fixture
def manual_client(oracle):
    """A Client on a regbox whose reviews wait for the control plane."""
    with running_regbox({"REGBOX_REVIEW": "manual"}) as server:
        yield make_client(server.base_url, ACCOUNT_SID, AUTH_TOKEN, oracle), server


def prepare_bundle(client, base_url: str, callback_url: str):
    """Steps 1–7 of the guide: regulation, bundle, end user, address, document with a file, items."""
    rc = client.numbers.v2.regulatory_compliance
    regulation = rc.regulations.list(iso_country="AU", number_type="local", end_user_type="individual")[0]
    bundle = rc.bundles.create(
        friendly_name="Ann's AU bundle", email="ann@example.com", status_callback=callback_url,
        regulation_sid=regulation.sid,
    )
    end_user = rc.end_users.create(
        friendly_name="Ann Lee", type="individual", attributes={"first_name": "Ann", "last_name": "Lee"}
    )
    address = client.addresses.create(
        customer_name="Ann Lee", street="1 George St", city="Sydney", region="NSW", postal_code="2000", iso_country="AU"
    )
    # The library has no file upload: Twilio's docs use a multipart POST, which regbox takes on the same path.
    uploaded = requests.post(
        f"{base_url}/v2/RegulatoryCompliance/SupportingDocuments",
        auth=(ACCOUNT_SID, AUTH_TOKEN),
        data={"FriendlyName": "Electricity bill", "Type": "utility_bill",
              "Attributes": f'{{"address_sids": ["{address.sid}"]}}'},
        files={"File": ("bill.pdf", TINY_PDF, "application/pdf")},
        timeout=10,
    )
    assert uploaded.status_code == 201, uploaded.text
    assert uploaded.json()["mime_type"] == "application/pdf"
    document = rc.supporting_documents(uploaded.json()["sid"]).fetch()
    for item in (end_user.sid, document.sid):
        rc.bundles(bundle.sid).item_assignments.create(object_sid=item)
    return rc, bundle, document


def assert_signed(callbacks, url: str):
    validator = RequestValidator(AUTH_TOKEN)
    for callback in callbacks:
        assert validator.validate(url, callback.params, callback.signature), callback


def test_a_compliant_bundle_is_approved_and_the_approval_arrives_by_signed_callback(client, regbox, receiver):
    rc, bundle, document = prepare_bundle(client, regbox.base_url, receiver.url)

    evaluation = rc.bundles(bundle.sid).evaluations.create()
    assert evaluation.status == "compliant"
    assert all(result["passed"] for result in evaluation.results)
    assert rc.bundles(bundle.sid).evaluations(evaluation.sid).fetch().sid == evaluation.sid

    submitted = rc.bundles(bundle.sid).update(status="pending-review")
    assert submitted.status == "pending-review"

    callbacks = receiver.wait_for(2)
    assert [c.params["Status"] for c in callbacks] == ["pending-review", "twilio-approved"]
    assert {c.params["BundleSid"] for c in callbacks} == {bundle.sid}
    assert all(c.params["AccountSid"] == ACCOUNT_SID for c in callbacks)
    assert_signed(callbacks, receiver.url)
    assert rc.bundles(bundle.sid).fetch().status == "twilio-approved"
    assert rc.supporting_documents(document.sid).fetch().status == "approved"


def test_in_manual_mode_the_control_plane_approves_and_a_callback_follows(manual_client, receiver):
    client, server = manual_client
    rc, bundle, _ = prepare_bundle(client, server.base_url, receiver.url)
    rc.bundles(bundle.sid).update(status="pending-review")
    time.sleep(0.3)
    assert rc.bundles(bundle.sid).fetch().status == "pending-review", "manual mode waits for the reviewer"

    review = requests.post(
        f"{server.base_url}/sandbox/Bundles/{bundle.sid}/Review",
        auth=(ACCOUNT_SID, AUTH_TOKEN), data={"Status": "twilio-approved"}, timeout=10,
    )
    assert review.status_code == 200, review.text
    callbacks = receiver.wait_for(2)
    assert callbacks[-1].params["Status"] == "twilio-approved"
    assert_signed(callbacks, receiver.url)
    assert rc.bundles(bundle.sid).fetch().status == "twilio-approved"


def test_a_test_bundle_is_rejected_with_a_reason(client, regbox, receiver):
    rc, bundle, _ = prepare_bundle(client, regbox.base_url, receiver.url)
    test_bundle = rc.bundles.create(
        friendly_name="test", email="a@b.co", iso_country="AU", number_type="local", end_user_type="individual",
        is_test=True, status_callback=receiver.url,
    )
    for item in rc.bundles(bundle.sid).item_assignments.list():
        rc.bundles(test_bundle.sid).item_assignments.create(object_sid=item.object_sid)
    rc.bundles(test_bundle.sid).update(status="pending-review")
    callbacks = receiver.wait_for(2)
    assert callbacks[-1].params["Status"] == "twilio-rejected"
    assert "IsTest" in callbacks[-1].params["FailureReason"]


@pytest.mark.parametrize(
    "kwargs, code",
    [
        ({"friendly_name": "b", "email": "a@b.co"}, 22202),
        ({"friendly_name": "b", "email": "a@b.co", "iso_country": "AU", "number_type": "local",
          "end_user_type": "robot"}, 22200),
        ({"friendly_name": "b", "email": "a@b.co", "iso_country": "ZZ", "number_type": "local",
          "end_user_type": "business"}, 22201),
    ],
    ids=["no-regulation", "bad-end-user-type", "no-such-regulation"],
)
def test_bad_bundle_input_raises_the_documented_code(rc, kwargs, code):
    with pytest.raises(TwilioRestException) as error:
        rc.bundles.create(**kwargs)
    assert (error.value.status, error.value.code) == (400, code)


def test_submit_and_item_errors_surface_as_rest_exceptions(rc):
    bundle = rc.bundles.create(
        friendly_name="b", email="a@b.co", iso_country="AU", number_type="local", end_user_type="individual"
    )
    with pytest.raises(TwilioRestException) as noncompliant:
        rc.bundles(bundle.sid).update(status="pending-review")
    assert noncompliant.value.code == 22214 and "individual_info" in noncompliant.value.msg
    with pytest.raises(TwilioRestException) as mixed:
        rc.bundles(bundle.sid).update(status="pending-review", friendly_name="x")
    assert mixed.value.code == 22204
    with pytest.raises(TwilioRestException) as unknown:
        rc.bundles(bundle.sid).update(status="approved")
    assert unknown.value.code == 22203
    with pytest.raises(TwilioRestException) as wrong_type:
        rc.bundles(bundle.sid).item_assignments.create(object_sid=bundle.sid)
    assert wrong_type.value.code == 22206
    with pytest.raises(TwilioRestException) as missing:
        rc.bundles(bundle.sid).item_assignments.create(object_sid="IT" + "0" * 32)
    assert missing.value.code == 22205


def test_bundles_items_and_evaluations_page_and_delete_through_the_library(rc):
    sids = [rc.bundles.create(friendly_name=f"b{i}", email="a@b.co", iso_country="AU", number_type="local",
                              end_user_type="individual").sid for i in range(5)]
    assert [b.sid for b in rc.bundles.list(page_size=2)] == list(reversed(sids))
    bundle = rc.bundles(sids[0])
    users = [rc.end_users.create(friendly_name=f"u{i}", type="individual").sid for i in range(3)]
    assignments = [bundle.item_assignments.create(object_sid=u) for u in users]
    assert {a.object_sid for a in bundle.item_assignments.list(page_size=2)} == set(users)
    assert bundle.item_assignments(assignments[0].sid).fetch().object_sid == users[0]
    assert bundle.item_assignments(assignments[0].sid).delete() is True
    assert len(bundle.item_assignments.list()) == 2
    for _ in range(3):
        bundle.evaluations.create()
    assert len(bundle.evaluations.list(page_size=2)) == 3
    assert rc.bundles(sids[1]).delete() is True
    assert len(rc.bundles.list()) == 4


def test_an_api_key_acts_as_its_account(regbox, connect):
    key = requests.post(
        f"{regbox.base_url}/sandbox/Accounts/{ACCOUNT_SID}/Keys", auth=(ACCOUNT_SID, AUTH_TOKEN), timeout=10
    ).json()
    with_key = connect(key["sid"], key["secret"])
    rc = with_key.numbers.v2.regulatory_compliance
    created = rc.end_users.create(friendly_name="via key", type="business")
    assert created.account_sid == ACCOUNT_SID
    assert [u.sid for u in rc.end_users.list()] == [created.sid]
