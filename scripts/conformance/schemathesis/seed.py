"""Real resources for the schemathesis run to hit, created over plain HTTP before it starts.

Without them almost every generated SID is a 404 and the handlers behind it never run. The run
binds path and body parameters to these pools (`bindings.py`), so a share of the generated
requests reach a resource that exists, in the state the operation needs:

- `end_users`, `documents`, `addresses`, ... serve GET and POST; the `doomed_*` pools serve
  DELETE, so that an early DELETE does not turn every later request for the others into a 404;
- `draft` is a compliant bundle with items and an evaluation (ItemAssignments, Evaluations,
  Copies); `approved` is twilio-approved (Clones and ReplaceItems source), `approved_target` too
  (ReplaceItems destination: Twilio moves items only between approved bundles), and
  `approved_expiring` takes the generated ValidUntil dates, which may lie in the past and get it
  rejected; `pending` bundles wait for the reviewer (regbox runs with REGBOX_REVIEW=manual).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import requests

RC = "/v2/RegulatoryCompliance"
# The smallest file regbox recognises as a PDF (it checks the content, not the name).
TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TIMEOUT_S = 10


@dataclass
class Pools:
    """SIDs of what exists, by the path parameter they fill."""

    account: str
    other_account: str = ""
    regulations: list[str] = field(default_factory=list)
    end_user_types: list[str] = field(default_factory=list)
    document_types: list[str] = field(default_factory=list)
    end_users: list[str] = field(default_factory=list)
    doomed_end_users: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    doomed_documents: list[str] = field(default_factory=list)
    documents_with_file: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    doomed_addresses: list[str] = field(default_factory=list)
    draft: str = ""
    approved: str = ""
    approved_target: str = ""
    approved_expiring: str = ""
    pending: list[str] = field(default_factory=list)
    doomed_bundles: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    doomed_items: list[str] = field(default_factory=list)
    evaluations: list[str] = field(default_factory=list)

    def counts(self) -> str:
        sizes = {k: (len(v) if isinstance(v, list) else int(bool(v))) for k, v in vars(self).items()}
        return ", ".join(f"{k}={n}" for k, n in sizes.items())


class Api:
    """Basic-auth calls that must succeed: a failed seed step stops the run with its response."""

    def __init__(self, base_url: str, account: str, token: str):
        self.base_url = base_url
        self.session = requests.Session()
        self.session.auth = (account, token)

    def call(self, method: str, path: str, expect: int, **kwargs) -> dict:
        response = self.session.request(method, self.base_url + path, timeout=TIMEOUT_S, **kwargs)
        if response.status_code != expect:
            raise RuntimeError(f"seeding: {method} {path} answered {response.status_code}: {response.text}")
        return response.json()

    def create(self, path: str, data: dict, **kwargs) -> str:
        return self.call("POST", path, 201, data=data, **kwargs)["sid"]

    def list_sids(self, path: str, key: str) -> list[str]:
        return [item["sid"] for item in self.call("GET", path, 200)[key]]


def seed(base_url: str, account: str, token: str, admin_token: str) -> Pools:
    """Creates every pool on a fresh regbox and returns their SIDs."""
    api = Api(base_url, account, token)
    pools = Pools(account=account)
    pools.other_account = _other_account(base_url, admin_token)
    pools.regulations = api.list_sids(f"{RC}/Regulations?PageSize=5", "results")
    pools.end_user_types = api.list_sids(f"{RC}/EndUserTypes?PageSize=5", "end_user_types")
    pools.document_types = api.list_sids(f"{RC}/SupportingDocumentTypes?PageSize=5", "supporting_document_types")
    for name in ("Ann Lee", "Bo Chen"):
        pools.end_users.append(_end_user(api, name))
    pools.doomed_end_users = [_end_user(api, f"doomed {i}") for i in range(3)]
    address = _address(api)
    pools.addresses = [address, _address(api)]
    pools.doomed_addresses = [_address(api) for _ in range(2)]
    with_file = _document(api, address, with_file=True)
    pools.documents_with_file = [with_file]
    pools.documents = [with_file, _document(api, address, with_file=False)]
    pools.doomed_documents = [_document(api, address, with_file=False) for _ in range(3)]
    _bundles(api, pools, address)
    return pools


def _other_account(base_url: str, admin_token: str) -> str:
    response = requests.post(
        f"{base_url}/sandbox/Accounts",
        headers={"Authorization": f"Bearer {admin_token}"},
        data={"FriendlyName": "clone target"},
        timeout=TIMEOUT_S,
    )
    if response.status_code != 201:
        raise RuntimeError(f"seeding: POST /sandbox/Accounts answered {response.status_code}: {response.text}")
    return response.json()["sid"]


def _end_user(api: Api, name: str) -> str:
    first, last = name.split(" ", 1)
    attributes = json.dumps({"first_name": first, "last_name": last})
    return api.create(f"{RC}/EndUsers", {"FriendlyName": name, "Type": "individual", "Attributes": attributes})


def _address(api: Api) -> str:
    fields = {
        "CustomerName": "Ann Lee",
        "Street": "1 George St",
        "City": "Sydney",
        "Region": "NSW",
        "PostalCode": "2000",
        "IsoCountry": "AU",
    }
    return api.create(f"/2010-04-01/Accounts/{api.session.auth[0]}/Addresses.json", fields)


def _document(api: Api, address: str, with_file: bool) -> str:
    data = {
        "FriendlyName": "Electricity bill",
        "Type": "utility_bill",
        "Attributes": json.dumps({"address_sids": [address]}),
    }
    files = {"File": ("bill.pdf", TINY_PDF, "application/pdf")} if with_file else None
    return api.create(f"{RC}/SupportingDocuments", data, files=files)


def _compliant_bundle(api: Api, address: str, name: str) -> tuple[str, list[str]]:
    """A bundle for Australia: Local - Individual with everything that regulation asks for."""
    regulation = api.list_sids(
        f"{RC}/Regulations?IsoCountry=AU&NumberType=local&EndUserType=individual", "results"
    )[0]
    bundle = api.create(
        f"{RC}/Bundles", {"FriendlyName": name, "Email": "ann@example.com", "RegulationSid": regulation}
    )
    objects = [_end_user(api, "Ann Lee"), _document(api, address, with_file=True)]
    items = [api.create(f"{RC}/Bundles/{bundle}/ItemAssignments", {"ObjectSid": sid}) for sid in objects]
    return bundle, items


def _bundles(api: Api, pools: Pools, address: str) -> None:
    pools.draft, pools.items = _compliant_bundle(api, address, "draft")
    # Extra assignments for DELETE to remove without touching the ones the draft's compliance needs.
    pools.doomed_items = [
        api.create(f"{RC}/Bundles/{pools.draft}/ItemAssignments", {"ObjectSid": sid})
        for sid in pools.end_users
    ]
    pools.evaluations = [api.create(f"{RC}/Bundles/{pools.draft}/Evaluations", {}) for _ in range(2)]
    pools.approved = _approved_bundle(api, address, "approved")
    pools.approved_target = _approved_bundle(api, address, "approved target")
    pools.approved_expiring = _approved_bundle(api, address, "approved expiring")
    for i in range(3):
        bundle, _ = _compliant_bundle(api, address, f"pending {i}")
        _submit(api, bundle)
        pools.pending.append(bundle)
    pools.doomed_bundles = [
        api.create(f"{RC}/Bundles", {"FriendlyName": f"doomed {i}", "Email": "ann@example.com",
                                     "IsoCountry": "AU", "NumberType": "local", "EndUserType": "business"})
        for i in range(3)
    ]


def _approved_bundle(api: Api, address: str, name: str) -> str:
    bundle, _ = _compliant_bundle(api, address, name)
    _submit(api, bundle)
    api.call("POST", f"/sandbox/Bundles/{bundle}/Review", 200, data={"Status": "twilio-approved"})
    return bundle


def _submit(api: Api, bundle: str) -> None:
    api.call("POST", f"{RC}/Bundles/{bundle}", 200, data={"Status": "pending-review"})
