"""Regulations, EndUserTypes and SupportingDocumentTypes through twilio-python (read-only catalog).

The tests take the catalog's content from the server itself (whatever regbox ships), and check
how the library sees it: filters, paging, fetch, IncludeConstraints and errors.
"""

import pytest
from twilio.base.exceptions import TwilioException, TwilioRestException


def _list_error(call):
    """twilio-python list errors are plain TwilioException("Unable to fetch page", response)."""
    with pytest.raises(TwilioException) as error:
        call()
    assert not isinstance(error.value, TwilioRestException)
    response = error.value.args[1]
    return response.status_code, response.text


def test_regulations_list_every_regulation_with_its_requirements(rc, regbox):
    regulations = rc.regulations.list()

    assert regulations, "the built-in catalog has regulations"
    for regulation in regulations:
        assert regulation.sid.startswith("RN") and len(regulation.sid) == 34
        assert regulation.end_user_type in ("individual", "business")
        assert regulation.url == f"{regbox.base_url}/v2/RegulatoryCompliance/Regulations/{regulation.sid}"
        assert set(regulation.requirements) == {"end_user", "supporting_document"}
        # supporting_document is an array of arrays: AND groups of OR alternatives (docs/WIRE.md, "Nested shapes").
        assert all(isinstance(group, list) for group in regulation.requirements["supporting_document"])


def test_regulations_filter_by_country_number_type_and_end_user_type(rc):
    sample = rc.regulations.list(limit=1)[0]

    matching = rc.regulations.list(
        iso_country=sample.iso_country,
        number_type=sample.number_type,
        end_user_type=sample.end_user_type,
        include_constraints=True,
    )

    assert sample.sid in [r.sid for r in matching]
    for regulation in matching:
        assert (regulation.iso_country, regulation.number_type, regulation.end_user_type) == (
            sample.iso_country, sample.number_type, sample.end_user_type)


def _detailed_fields(regulation):
    for requirement in regulation.requirements["end_user"]:
        yield from requirement.get("detailed_fields", [])
    for group in regulation.requirements["supporting_document"]:
        for requirement in group:
            for document in requirement.get("accepted_documents", []):
                yield from document.get("detailed_fields", [])


def test_include_constraints_adds_constraints_to_detailed_fields(rc):
    sid = rc.regulations.list(limit=1)[0].sid

    plain = rc.regulations(sid).fetch()
    constrained = rc.regulations(sid).fetch(include_constraints=True)

    assert list(_detailed_fields(plain)), "a regulation has detailed fields"
    assert all("constraint" not in f for f in _detailed_fields(plain))
    assert all("constraint" in f for f in _detailed_fields(constrained))


def test_a_filter_that_matches_nothing_is_an_empty_list(rc):
    assert rc.regulations.list(iso_country="ZZ") == []


def test_regulations_page_through_in_a_stable_order(rc, client):
    everything = [r.sid for r in rc.regulations.list(page_size=1000)]

    paged = [r.sid for r in rc.regulations.stream(page_size=3)]

    assert paged == everything
    assert len(everything) > 3, "enough regulations to need several pages"


def test_fetch_a_regulation_returns_the_listed_one(rc):
    listed = rc.regulations.list(limit=1)[0]

    fetched = rc.regulations(listed.sid).fetch()

    assert (fetched.sid, fetched.friendly_name, fetched.requirements) == (
        listed.sid, listed.friendly_name, listed.requirements)


def test_an_unknown_regulation_is_20404(rc):
    with pytest.raises(TwilioRestException) as error:
        rc.regulations("RN" + "0" * 32).fetch()
    assert (error.value.status, error.value.code) == (404, 20404)


@pytest.mark.parametrize(
    "filters, code",
    [({"end_user_type": "robot"}, 22212), ({"number_type": "pager"}, 22213)],
    ids=["bad-end-user-type", "bad-number-type"],
)
def test_invalid_regulation_filters_are_rejected_with_twilio_codes(rc, filters, code):
    status, body = _list_error(lambda: rc.regulations.list(**filters))

    assert status == 400
    assert f'"code":{code}' in body.replace(" ", "")


def test_end_user_types_are_individual_and_business_with_fields(rc, regbox):
    types = rc.end_user_types.list()

    assert {t.machine_name for t in types} >= {"individual", "business"}
    for end_user_type in types:
        assert end_user_type.sid.startswith("OY")
        assert end_user_type.url == f"{regbox.base_url}/v2/RegulatoryCompliance/EndUserTypes/{end_user_type.sid}"
        assert all({"machine_name", "friendly_name"} <= set(f) for f in end_user_type.fields)


def test_fetch_an_end_user_type(rc):
    listed = rc.end_user_types.list()[0]

    fetched = rc.end_user_types(listed.sid).fetch()

    assert (fetched.sid, fetched.machine_name, fetched.fields) == (listed.sid, listed.machine_name, listed.fields)


def test_supporting_document_types_page_through_and_fetch(rc):
    everything = rc.supporting_document_types.list(page_size=1000)
    paged = list(rc.supporting_document_types.stream(page_size=3))

    assert [t.sid for t in paged] == [t.sid for t in everything]
    assert {"passport", "address"} <= {t.machine_name for t in everything}
    fetched = rc.supporting_document_types(everything[0].sid).fetch()
    assert (fetched.machine_name, fetched.friendly_name) == (everything[0].machine_name, everything[0].friendly_name)


@pytest.mark.parametrize("resource", ["end_user_types", "supporting_document_types"])
def test_an_unknown_type_is_20404(rc, resource):
    with pytest.raises(TwilioRestException) as error:
        getattr(rc, resource)("OY" + "0" * 32).fetch()
    assert (error.value.status, error.value.code) == (404, 20404)
