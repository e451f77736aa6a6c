"""SupportingDocuments through twilio-python, plus the multipart File upload the library lacks."""

from datetime import datetime

import pytest
import requests
from twilio.base.exceptions import TwilioRestException

from oas import assert_conforms
from regbox_harness import ACCOUNT_SID, AUTH_TOKEN

PASSPORT = {"first_name": "Ann", "last_name": "Lee", "document_number": "X1234567"}
TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_create_returns_a_draft_document_with_attributes_as_a_dict(rc, regbox):
    doc = rc.supporting_documents.create(friendly_name="Ann's passport", type="passport", attributes=PASSPORT)

    assert doc.sid.startswith("RD") and len(doc.sid) == 34
    assert doc.account_sid == ACCOUNT_SID
    assert (doc.friendly_name, doc.type, doc.attributes) == ("Ann's passport", "passport", PASSPORT)
    assert doc.status == "draft"
    assert doc.mime_type is None, "no file was uploaded"
    assert isinstance(doc.date_created, datetime)
    assert doc.url == f"{regbox.base_url}/v2/RegulatoryCompliance/SupportingDocuments/{doc.sid}"


def test_fetch_update_and_delete_a_document(rc):
    doc = rc.supporting_documents.create(friendly_name="Passport", type="passport", attributes=PASSPORT)

    assert rc.supporting_documents(doc.sid).fetch().attributes == PASSPORT
    updated = rc.supporting_documents(doc.sid).update(friendly_name="Renamed", attributes={"first_name": "Annie"})
    assert (updated.friendly_name, updated.attributes, updated.type) == ("Renamed", {"first_name": "Annie"}, "passport")
    assert updated.date_updated >= doc.date_created

    assert rc.supporting_documents(doc.sid).delete() is True
    with pytest.raises(TwilioRestException) as gone:
        rc.supporting_documents(doc.sid).fetch()
    assert (gone.value.status, gone.value.code) == (404, 20404)


def test_list_and_stream_walk_every_page_newest_first(rc):
    sids = [rc.supporting_documents.create(friendly_name=f"doc {i}", type="passport").sid for i in range(5)]

    assert [d.sid for d in rc.supporting_documents.list(page_size=2)] == list(reversed(sids))
    assert [d.sid for d in rc.supporting_documents.stream(limit=3, page_size=2)] == list(reversed(sids))[:3]


@pytest.mark.parametrize(
    "kwargs, code",
    [
        ({"friendly_name": "", "type": "passport"}, 22211),
        ({"friendly_name": "Passport", "type": ""}, 22210),
        ({"friendly_name": "Passport", "type": "passport", "attributes": "{oops"}, 22207),
    ],
    ids=["no-friendly-name", "no-type", "malformed-attributes"],
)
def test_invalid_create_raises_twilio_rest_exception_with_the_code(rc, kwargs, code):
    with pytest.raises(TwilioRestException) as error:
        rc.supporting_documents.create(**kwargs)

    assert (error.value.status, error.value.code) == (400, code)


def test_an_unknown_document_is_20404(rc):
    with pytest.raises(TwilioRestException) as error:
        rc.supporting_documents("RD" + "0" * 32).fetch()
    assert (error.value.status, error.value.code) == (404, 20404)


def test_a_multipart_file_upload_shows_its_mime_type_to_the_library(rc, regbox, oracle):
    # twilio-python cannot upload files (docs/WIRE.md, "File uploads"); this is what curl -F does.
    url = f"{regbox.base_url}/v2/RegulatoryCompliance/SupportingDocuments"
    response = requests.post(
        url,
        auth=(ACCOUNT_SID, AUTH_TOKEN),
        data={"FriendlyName": "Scan", "Type": "passport", "Attributes": '{"first_name": "Ann"}'},
        files={"File": ("scan.pdf", TINY_PDF, "application/pdf")},
        timeout=10,
    )
    assert_conforms(oracle, "POST", url, response.status_code, response.text)
    assert response.status_code == 201

    doc = rc.supporting_documents(response.json()["sid"]).fetch()

    assert (doc.mime_type, doc.attributes) == ("application/pdf", {"first_name": "Ann"})
    stored = requests.get(f"{regbox.base_url}/sandbox/SupportingDocuments/{doc.sid}/File",
                          auth=(ACCOUNT_SID, AUTH_TOKEN), timeout=10)
    assert (stored.status_code, stored.content) == (200, TINY_PDF)
