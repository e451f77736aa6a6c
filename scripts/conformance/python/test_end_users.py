"""EndUsers through twilio-python's own methods: create, fetch, update, delete, list, stream."""

from datetime import datetime, timezone

import pytest
from twilio.base.exceptions import TwilioException, TwilioRestException

from regbox_harness import ACCOUNT_SID

ANN = {"first_name": "Ann", "last_name": "Lee", "address_sids": ["AD" + "1" * 32]}
UNKNOWN_SID = "IT" + "0" * 32


def test_create_returns_the_end_user_with_attributes_as_a_dict(rc, regbox):
    user = rc.end_users.create(friendly_name="Ann Lee", type="individual", attributes=ANN)

    assert user.sid.startswith("IT") and len(user.sid) == 34
    assert user.account_sid == ACCOUNT_SID
    assert (user.friendly_name, user.type, user.attributes) == ("Ann Lee", "individual", ANN)
    # A datetime (not a str) proves the exact YYYY-MM-DDTHH:MM:SSZ format.
    assert isinstance(user.date_created, datetime) and user.date_created.tzinfo == timezone.utc
    assert user.date_updated == user.date_created
    assert user.url == f"{regbox.base_url}/v2/RegulatoryCompliance/EndUsers/{user.sid}"


def test_create_without_attributes_gives_an_empty_object(rc):
    user = rc.end_users.create(friendly_name="Acme", type="business")

    assert user.type == "business"
    assert user.attributes == {}


def test_fetch_returns_what_create_returned(rc):
    created = rc.end_users.create(friendly_name="Ann", type="individual", attributes=ANN)

    fetched = rc.end_users(created.sid).fetch()

    for field in ("sid", "account_sid", "friendly_name", "type", "attributes", "date_created", "url"):
        assert getattr(fetched, field) == getattr(created, field), field


def test_update_changes_friendly_name_and_attributes_but_keeps_the_rest(rc):
    created = rc.end_users.create(friendly_name="Ann", type="individual", attributes=ANN)

    updated = created.update(friendly_name="Ann B. Lee", attributes={"first_name": "Annie"})

    assert (updated.sid, updated.type) == (created.sid, "individual")
    assert updated.friendly_name == "Ann B. Lee"
    assert updated.attributes == {"first_name": "Annie"}
    assert updated.date_updated >= created.date_created
    assert rc.end_users(created.sid).fetch().friendly_name == "Ann B. Lee"


def test_update_with_only_a_friendly_name_keeps_the_attributes(rc):
    created = rc.end_users.create(friendly_name="Ann", type="individual", attributes=ANN)

    updated = rc.end_users(created.sid).update(friendly_name="Renamed")

    assert updated.attributes == ANN


def test_delete_returns_true_and_the_end_user_is_gone(rc):
    user = rc.end_users.create(friendly_name="Temp", type="individual")

    assert user.delete() is True

    with pytest.raises(TwilioRestException) as gone:
        rc.end_users(user.sid).fetch()
    assert (gone.value.status, gone.value.code) == (404, 20404)


def _create_many(rc, count):
    return [rc.end_users.create(friendly_name=f"user {i}", type="individual").sid for i in range(count)]


def test_list_walks_every_page_newest_first(rc, client):
    sids = _create_many(rc, 5)

    listed = rc.end_users.list(page_size=2)

    assert [u.sid for u in listed] == list(reversed(sids))
    pages = [x for x in client.http_client.exchanges if x.method == "GET"]
    assert len(pages) == 3, "5 end users at PageSize=2 take three pages"
    assert all(x.url.startswith(client.numbers.base_url) for x in pages), "next_page_url must point at regbox"


def test_list_with_a_limit_stops_at_the_limit(rc):
    sids = _create_many(rc, 5)

    listed = rc.end_users.list(limit=3, page_size=2)

    assert [u.sid for u in listed] == list(reversed(sids))[:3]


def test_list_with_only_a_limit_sends_it_as_the_page_size(rc, client):
    _create_many(rc, 3)

    listed = rc.end_users.list(limit=2)

    assert len(listed) == 2
    first = next(x for x in client.http_client.exchanges if x.method == "GET")
    assert first.params.get("PageSize") == 2


def test_stream_yields_every_end_user_lazily(rc):
    sids = _create_many(rc, 5)

    streamed = [u.sid for u in rc.end_users.stream(page_size=2)]

    assert streamed == list(reversed(sids))


def test_page_and_next_page_follow_meta_next_page_url(rc, regbox):
    _create_many(rc, 3)

    first = rc.end_users.page(page_size=2)
    second = first.next_page()

    assert len(list(first)) == 2 and len(list(second)) == 1
    assert first.next_page_url.startswith(regbox.base_url)
    assert second.next_page() is None


def test_an_empty_list_is_an_empty_list(rc):
    assert rc.end_users.list() == []


@pytest.mark.parametrize(
    "kwargs, code, mentions",
    [
        ({"friendly_name": "", "type": "individual"}, 20001, "FriendlyName"),
        ({"friendly_name": "Ann", "type": "robot"}, 20001, "Type"),
        ({"friendly_name": "Ann", "type": "individual", "attributes": "{not json"}, 22207, "Attributes"),
        ({"friendly_name": "Ann", "type": "individual", "attributes": "[1, 2]"}, 22207, "Attributes"),
    ],
    ids=["missing-friendly-name", "unknown-type", "malformed-attributes", "attributes-not-an-object"],
)
def test_invalid_create_raises_twilio_rest_exception_with_the_code(rc, kwargs, code, mentions):
    with pytest.raises(TwilioRestException) as error:
        rc.end_users.create(**kwargs)

    assert (error.value.status, error.value.code) == (400, code)
    assert mentions in error.value.msg


def test_bad_attributes_on_update_are_22207(rc):
    user = rc.end_users.create(friendly_name="Ann", type="individual")

    with pytest.raises(TwilioRestException) as error:
        user.update(attributes="{")

    assert (error.value.status, error.value.code) == (400, 22207)


@pytest.mark.parametrize("action", ["fetch", "update", "delete"])
def test_an_unknown_sid_is_20404(rc, action):
    target = rc.end_users(UNKNOWN_SID)

    with pytest.raises(TwilioRestException) as error:
        target.update(friendly_name="x") if action == "update" else getattr(target, action)()

    assert (error.value.status, error.value.code) == (404, 20404)


def test_a_malformed_sid_is_20404(rc):
    with pytest.raises(TwilioRestException) as error:
        rc.end_users("IT-not-a-sid").fetch()

    assert (error.value.status, error.value.code) == (404, 20404)


def test_a_wrong_auth_token_is_20003_with_401(connect):
    intruder = connect(ACCOUNT_SID, "wrong-token").numbers.v2.regulatory_compliance

    with pytest.raises(TwilioRestException) as error:
        intruder.end_users.create(friendly_name="Ann", type="individual")

    assert (error.value.status, error.value.code) == (401, 20003)


def test_a_wrong_auth_token_on_a_list_surfaces_as_a_plain_twilio_exception(connect):
    intruder = connect(ACCOUNT_SID, "wrong-token").numbers.v2.regulatory_compliance

    # twilio-python raises TwilioException("Unable to fetch page", response) for list errors (docs/WIRE.md, "Errors").
    with pytest.raises(TwilioException) as error:
        intruder.end_users.list()

    assert not isinstance(error.value, TwilioRestException)
    message, response = error.value.args
    assert message == "Unable to fetch page" and response.status_code == 401
    assert '"code":20003' in response.text.replace(" ", "")
