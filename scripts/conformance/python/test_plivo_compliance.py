"""plivo-python (PyPI `plivo`, pinned) driving regbox's Plivo Compliance API through its own methods:
requirements, create/get/list/update/delete, the error cases, resubmission, review, callbacks
validated with the SDK's own `validate_v3_signature`, linking and buying numbers."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from jsonschema import Draft202012Validator

import plivo
import plivo.rest.client as prc
import pytest
import requests
from plivo import exceptions
from plivo.utils.signature_v3 import validate_v3_signature

from regbox_harness import ADMIN_TOKEN, running_regbox

AUTH_ID = "MAAAAAAAAAAAAAAAAAAA"
AUTH_TOKEN = "regbox-plivo-auth-token"
NAME = "ACME TECHNOLOGIES PRIVATE LIMITED"
PDF = b"%PDF-1.4\n%regbox conformance\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


METHODS = ("get", "put", "post", "delete", "patch")


class PlivoOracle:
    """regbox's served /openapi.json as an oracle for the Plivo routes: every JSON response the SDK
    receives must match the documented schema of its operation and status (4XX: Plivo's envelope)."""

    _cache: dict[str, dict] = {}

    def __init__(self, base_url: str):
        doc = requests.get(base_url + "/openapi.json").json()
        self.doc = doc
        self.checked = 0
        self.operations = []
        for path, item in doc["paths"].items():
            if not (path.startswith("/v1/") or path.startswith("/sandbox/plivo/")):
                continue
            regex = re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$")
            for method, operation in item.items():
                if method in METHODS:
                    self.operations.append((method.upper(), regex, operation))

    def _resolve(self, node):
        if isinstance(node, dict):
            if "$ref" in node:
                target = self.doc
                for key in node["$ref"].lstrip("#/").split("/"):
                    target = target[key]
                return self._resolve(target)
            out = {k: self._resolve(v) for k, v in node.items() if k != "nullable"}
            if node.get("nullable") and "type" in out:
                out["type"] = [out["type"], "null"]
            if "format" in out and out["format"] == "binary":
                out.pop("format")
            return out
        if isinstance(node, list):
            return [self._resolve(v) for v in node]
        return node

    def check(self, response, *args, **kwargs):
        request = response.request
        path = urlsplit(request.url).path
        matches = [op for method, regex, op in self.operations if method == request.method and regex.match(path)]
        assert matches, f"{request.method} {path} is not in /openapi.json"
        responses = matches[0]["responses"]
        status = str(response.status_code)
        spec = responses.get(status) or responses.get(status[0] + "XX") or responses.get("default")
        assert spec is not None, f"{request.method} {path}: status {status} is not documented"
        spec = self._resolve(spec)
        schema = spec.get("content", {}).get("application/json", {}).get("schema")
        if schema is None or not response.content:
            return response
        self.checked += 1
        errors = sorted(Draft202012Validator(schema).iter_errors(response.json()), key=str)
        assert not errors, f"{request.method} {path} {status}: " + "; ".join(e.message for e in errors[:5])
        return response


def plivo_client(base_url: str, auth_id: str = AUTH_ID, token: str = AUTH_TOKEN) -> plivo.RestClient:
    # The module global first: non-multipart calls read it on every request (docs/PLIVO.md, "Base-URL override").
    prc.PLIVO_API_BASE_URI = base_url + "/v1/Account"
    client = plivo.RestClient(auth_id, token)
    client.base_uri = base_url + "/v1/Account"
    # Every response the SDK gets is checked against the served document (an AssertionError
    # surfaces from the SDK call itself, so an expected exception cannot hide a mismatch).
    oracle = PlivoOracle(base_url)
    for session in (client.session, client.multipart_session):
        session.hooks["response"].append(oracle.check)
    client.regbox_oracle = oracle
    return client


@pytest.fixture
def manual():
    with running_regbox({"REGBOX_REVIEW": "manual"}) as server:
        yield server


@pytest.fixture
def files(tmp_path: Path):
    coi, gst = tmp_path / "coi.pdf", tmp_path / "gst.pdf"
    coi.write_bytes(PDF)
    gst.write_bytes(PDF)
    return str(coi), str(gst)


def application_data(client, alias: str, **extra):
    req = client.phone_number_compliance_requirements.get(country_iso="IN", number_type="local", user_type="business")
    reg, gst = req.document_types
    data = {
        "country_iso": "IN",
        "number_type": "local",
        "alias": alias,
        "end_user": {"type": "business", "name": NAME, "email": "compliance@acme.in", "city": "Bangalore"},
        "documents": [
            {"document_type_id": reg.document_type_id, "data_fields": {"business_name": NAME}},
            {"document_type_id": gst.document_type_id},
        ],
    }
    data.update(extra)
    return data


def review(base_url: str, cid: str, status: str, reason: str | None = None, auth=(AUTH_ID, AUTH_TOKEN)):
    form = {"status": status}
    if reason:
        form["rejection_reason"] = reason
    response = requests.post(f"{base_url}/sandbox/plivo/compliance/{cid}/review", data=form, auth=auth)
    assert response.status_code == 200, response.text
    return response.json()


@dataclass
class PlivoCallback:
    method: str
    path: str
    signature: str | None
    nonce: str | None
    params: dict[str, str]


class PlivoReceiver:
    """Records Plivo callbacks (GET or POST) with their V3 signature headers."""

    def __init__(self):
        self.received: list[PlivoCallback] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def _record(self, body: str):
                receiver.received.append(
                    PlivoCallback(
                        self.command,
                        self.path,
                        self.headers.get("X-Plivo-Signature-V3"),
                        self.headers.get("X-Plivo-Signature-V3-Nonce"),
                        dict(parse_qsl(body, keep_blank_values=True)),
                    )
                )
                self.send_response(200)
                self.end_headers()

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                self._record(self.rfile.read(length).decode())

            def do_GET(self):  # noqa: N802
                self._record("")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.url = f"{self.base}/kyc?team=a%20b"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, count: int, timeout: float = 15.0) -> list[PlivoCallback]:
        deadline = time.monotonic() + timeout
        while len(self.received) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} callbacks, got {self.received}")
            time.sleep(0.02)
        return list(self.received)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = PlivoReceiver()
    yield r
    r.close()


def test_requirements_for_india(manual):
    client = plivo_client(manual.base_url)
    ids = set()
    for number_type in ("local", "mobile", "tollfree"):
        req = client.phone_number_compliance_requirements.get(
            country_iso="IN", number_type=number_type, user_type="business"
        )
        assert req.number_type == number_type
        assert [d.name for d in req.document_types] == ["Registration Certificate", "GST certificate"]
        assert req.document_types[0].required_fields[0].field_name == "business_name"
        ids.add(req.requirement_id)
    assert len(ids) == 3
    assert "1b592b77-d072-4298-b193-370ba887f94a" in ids
    with pytest.raises(exceptions.ResourceNotFoundError):
        client.phone_number_compliance_requirements.get(country_iso="IN", number_type="local", user_type="individual")
    with pytest.raises(exceptions.ValidationError, match="user_type"):
        client.phone_number_compliance_requirements.get(country_iso="IN", number_type="local")
    assert client.regbox_oracle.checked == 5, "every response was checked against /openapi.json"


def test_create_get_list_delete(manual, files):
    client = plivo_client(manual.base_url)
    created = client.phone_number_compliance.create(data=application_data(client, "Acme"), documents=list(files))
    assert created.message == "Compliance application created and submitted for review."
    cid = created.compliance_id
    app = client.phone_number_compliance.get(cid, expand="end_user,documents,linked_numbers").compliance
    assert app.status == "submitted"
    assert app.end_user.name == NAME
    assert [d.file_name for d in app.documents] == ["coi.pdf", "gst.pdf"]
    assert app.documents[0].meta_information.business_name == NAME
    assert app.linked_numbers == []
    # The presigned download works without credentials.
    assert requests.get(app.documents[0].download_url).content == PDF
    plain = client.phone_number_compliance.get(cid).compliance
    assert not hasattr(plain, "end_user")

    second = client.phone_number_compliance.create(data=application_data(client, "Second"), documents=list(files))
    page = client.phone_number_compliance.list(status="submitted", country_iso="IN", limit=1, offset=0)
    assert page.meta.total_count == 2
    assert [c.compliance_id for c in page.compliances] == [cid]
    page2 = client.phone_number_compliance.list(limit=1, offset=1)
    assert [c.compliance_id for c in page2.compliances] == [second.compliance_id]
    assert client.phone_number_compliance.list(alias="Second").meta.total_count == 1
    assert client.phone_number_compliance.list(number_type="mobile").meta.total_count == 0
    expanded = client.phone_number_compliance.list(user_type="business", expand="documents")
    assert len(expanded.compliances[0].documents) == 2

    deleted = client.phone_number_compliance.delete(cid)
    assert deleted.message == "Compliance application deleted."
    with pytest.raises(exceptions.ResourceNotFoundError):
        client.phone_number_compliance.get(cid)
    assert client.phone_number_compliance.list().meta.total_count == 1


def test_validation_errors_store_nothing(manual, files, tmp_path):
    client = plivo_client(manual.base_url)
    not_pdf = tmp_path / "fake.pdf"
    not_pdf.write_bytes(b"GIF89a")
    big = tmp_path / "big.pdf"
    big.write_bytes(PDF + b"0" * (5 * 1024 * 1024))
    good = application_data(client, "Acme")
    no_name = application_data(client, "Acme")
    no_name["end_user"] = {"type": "business"}
    wrong_type = application_data(client, "Acme")
    wrong_type["documents"][1]["document_type_id"] = "00000000-0000-0000-0000-000000000000"
    only_gst = application_data(client, "Acme")
    only_gst["documents"] = only_gst["documents"][1:]
    cases = [
        (no_name, list(files), "end_user.name"),
        (wrong_type, list(files), "documents[1].document_type_id"),
        (only_gst, [files[1]], "documents"),
        (good, [files[0]], "documents[1].file"),
        (good, [files[0], str(not_pdf)], "not a PDF, JPEG or PNG"),
        (good, [str(big), files[1]], "larger than"),
        ({"alias": "x"}, list(files), "country_iso"),
    ]
    for data, documents, expected in cases:
        with pytest.raises(exceptions.ValidationError, match=expected.replace("[", r"\[").replace("]", r"\]")):
            client.phone_number_compliance.create(data=data, documents=documents)
    # Without files plivo-python sends data urlencoded: it is read, and the file is what is missing.
    with pytest.raises(exceptions.ValidationError, match=r"documents\[0\]\.file"):
        client.phone_number_compliance.create(data=good)
    assert client.phone_number_compliance.list().meta.total_count == 0


def test_malformed_data_json_is_a_400():
    with running_regbox() as server:
        response = requests.post(
            f"{server.base_url}/v1/Account/{AUTH_ID}/PhoneNumber/Compliance/",
            data={"data": "{not json"},
            auth=(AUTH_ID, AUTH_TOKEN),
        )
        assert response.status_code == 400
        body = response.json()
        assert body["code"] == "invalid_field_value" and body["param"] == "data"
        assert body["error"] == body["message"] and body["api_id"]


def test_resubmission_and_signed_callbacks(manual, files, receiver, tmp_path):
    client = plivo_client(manual.base_url)
    data = application_data(client, "Acme", callback_url=receiver.url, callback_method="POST")
    cid = client.phone_number_compliance.create(data=data, documents=list(files)).compliance_id
    with pytest.raises(exceptions.ValidationError, match="submitted status"):
        client.phone_number_compliance.update(cid, data={"alias": "v2"})

    review(manual.base_url, cid, "rejected", "Document is blurry")
    (callback,) = receiver.wait_for(1)
    assert callback.method == "POST"
    assert callback.params["status"] == "rejected"
    assert callback.params["event"] == "compliance.rejected"
    assert callback.params["rejection_reason"] == "Document is blurry"
    assert validate_v3_signature("POST", receiver.url, callback.nonce, AUTH_TOKEN, callback.signature, callback.params)
    assert not validate_v3_signature("POST", receiver.url, callback.nonce, "wrong-token", callback.signature, callback.params)
    tampered = dict(callback.params, status="accepted")
    assert not validate_v3_signature("POST", receiver.url, callback.nonce, AUTH_TOKEN, callback.signature, tampered)
    rejected = client.phone_number_compliance.get(cid).compliance
    assert rejected.status == "rejected" and rejected.rejection_reason == "Document is blurry"

    with pytest.raises(exceptions.ValidationError, match="end_user.type"):
        client.phone_number_compliance.update(cid, data={"end_user": {"type": "individual"}})
    before = client.phone_number_compliance.get(cid, expand="documents").compliance.documents
    up = client.phone_number_compliance.update(cid, data={"alias": "Acme v2", "end_user": {"email": "kyc@acme.in"}})
    assert up.message == "Compliance application updated and resubmitted for review."
    assert up.compliance.status == "submitted" and up.compliance.rejection_reason is None
    after = client.phone_number_compliance.get(cid, expand="end_user,documents").compliance
    assert after.alias == "Acme v2" and after.end_user.email == "kyc@acme.in" and after.end_user.name == NAME
    assert [d.document_id for d in after.documents] == [d.document_id for d in before]

    review(manual.base_url, cid, "rejected", "again")
    png = tmp_path / "coi.png"
    png.write_bytes(PNG)
    client.phone_number_compliance.update(cid, data={"documents": data["documents"]}, documents=[str(png), files[1]])
    replaced = client.phone_number_compliance.get(cid, expand="documents").compliance.documents
    assert replaced[0].file_name == "coi.png" and replaced[0].document_id != before[0].document_id
    assert requests.get(replaced[0].download_url).content == PNG

    review(manual.base_url, cid, "accepted")
    callbacks = receiver.wait_for(3)
    accepted = callbacks[2]
    assert accepted.params["event"] == "compliance.accepted"
    assert validate_v3_signature("POST", receiver.url, accepted.nonce, AUTH_TOKEN, accepted.signature, accepted.params)


def test_auto_review_accepts_and_calls_back_with_get(files, receiver):
    with running_regbox({"REGBOX_REVIEW": "auto", "REGBOX_REVIEW_DELAY_MS": "200"}) as server:
        client = plivo_client(server.base_url)
        data = application_data(client, "Auto", callback_url=receiver.url, callback_method="GET")
        cid = client.phone_number_compliance.create(data=data, documents=list(files)).compliance_id
        (callback,) = receiver.wait_for(1)
        assert callback.method == "GET"
        full_url = receiver.base + callback.path
        query = dict(parse_qsl(urlsplit(full_url).query, keep_blank_values=True))
        assert query["compliance_id"] == cid and query["status"] == "accepted"
        assert validate_v3_signature("GET", full_url, callback.nonce, AUTH_TOKEN, callback.signature, {})
        assert client.phone_number_compliance.get(cid).compliance.status == "accepted"


def test_buy_and_link_numbers(manual, files):
    client = plivo_client(manual.base_url)
    cid = client.phone_number_compliance.create(data=application_data(client, "Acme"), documents=list(files)).compliance_id
    with pytest.raises(exceptions.ValidationError, match="only an accepted"):
        client.numbers.buy("912212345678", compliance_application_id=cid)
    review(manual.base_url, cid, "accepted")
    bought = client.numbers.buy("912212345678", compliance_application_id=cid)
    assert bought.status == "fulfilled" and bought.numbers[0].number == "912212345678"
    client.numbers.buy("912212345679")
    report = client.phone_number_compliance_link.link(
        numbers=[
            {"number": "+912212345679", "compliance_application_id": cid},
            {"number": "+912212345670", "compliance_application_id": cid},
        ]
    )
    assert report.total_count == 2 and report.updated_count == 1
    assert [(r.status, r.remarks) for r in report.report] == [
        ("success", "Number linked to compliance application."),
        ("failed", "Number not found on your account."),
    ]
    linked = client.phone_number_compliance.get(cid, expand="linked_numbers").compliance.linked_numbers
    assert [n.number for n in linked] == ["+912212345678", "+912212345679"]
    held = client.numbers.get("912212345679")
    assert held.compliance_application_id == cid and held.compliance_status == "accepted"
    # One inventory: the number is gone from Twilio's search too (the same account's Twilio identity).
    available = requests.get(
        f"{manual.base_url}/2010-04-01/Accounts/{'AC' + 'a' * 32}/AvailablePhoneNumbers/IN/Local.json",
        params={"Contains": "912212345678"},
        auth=("AC" + "a" * 32, "regbox-auth-token"),
    ).json()
    assert all(n["phone_number"] != "+912212345678" for n in available["available_phone_numbers"])
    with pytest.raises(exceptions.PlivoRestError):
        client.numbers.buy("912212345678")


def test_accounts_see_only_their_own_applications(manual, files):
    created = requests.post(
        f"{manual.base_url}/sandbox/Accounts",
        data={"FriendlyName": "tenant"},
        headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
    ).json()
    assert created["plivo_auth_id"].startswith("MA") and len(created["plivo_auth_id"]) == 20
    mine = plivo_client(manual.base_url)
    cid = mine.phone_number_compliance.create(data=application_data(mine, "Mine"), documents=list(files)).compliance_id
    theirs = plivo_client(manual.base_url, created["plivo_auth_id"], created["plivo_auth_token"])
    with pytest.raises(exceptions.ResourceNotFoundError):
        theirs.phone_number_compliance.get(cid)
    assert theirs.phone_number_compliance.list().meta.total_count == 0
    wrong = plivo_client(manual.base_url, AUTH_ID, "wrong-token")
    with pytest.raises(exceptions.AuthenticationError):
        wrong.phone_number_compliance.list()
