"""Which parameter of which operation draws from which seeded pool, rendered as schemathesis
config: one `[dictionaries.<pool>]` per pool and one `[[operations]]` entry per (path, methods).

A binding replaces the generated value with probability `P` (the rest stay generated, so
malformed and unknown SIDs are still sent); two bound path parameters that must match each
other (a bundle and its item) use `P_PAIR`, so about half the draws hit both.
"""

from __future__ import annotations

import json

from seed import Pools

P = 0.6
P_PAIR = 0.75
RC = "/v2/RegulatoryCompliance"
ADDRESSES = "/2010-04-01/Accounts/{AccountSid}/Addresses"
PLIVO = "/v1/Account/{auth_id}"


def pool_values(pools: Pools) -> dict[str, list[str]]:
    approved = [pools.approved, pools.approved_target, pools.approved_expiring]
    bundles = [pools.draft, *approved, *pools.pending, *pools.doomed_bundles]
    return {
        "account": [pools.account],
        "accounts": [pools.account, pools.other_account],
        "regulations": pools.regulations,
        "end_user_types": pools.end_user_types,
        "document_types": pools.document_types,
        "end_users": pools.end_users,
        "doomed_end_users": pools.doomed_end_users,
        "documents": pools.documents,
        "doomed_documents": pools.doomed_documents,
        "documents_with_file": pools.documents_with_file,
        "addresses": pools.addresses,
        "doomed_addresses": pools.doomed_addresses,
        "bundles": bundles,
        # Not the draft, whose items and evaluations the pair bindings below rely on, nor the
        # approved bundles that Clones and ReplaceItems need approved.
        "changeable_bundles": [pools.approved_expiring, *pools.pending, *pools.doomed_bundles],
        "draft": [pools.draft],
        "approved": [pools.approved],
        "approved_target": [pools.approved_target],
        "approved_expiring": [pools.approved_expiring],
        "pending": pools.pending,
        "doomed_bundles": pools.doomed_bundles,
        "item_sources": [pools.approved, *pools.pending],
        "assignable": [*pools.end_users, *pools.documents, *pools.addresses],
        "items": pools.items,
        "doomed_items": pools.doomed_items,
        "evaluations": pools.evaluations,
        # The default account's Plivo Auth ID (REGBOX_PLIVO_AUTH_ID's default), so the Plivo
        # routes are reached past authentication.
        "plivo_auth_id": ["MAAAAAAAAAAAAAAAAAAA"],
    }


# (path, methods, {parameter: (pool, probability)})
BINDINGS: list[tuple[str, list[str], dict[str, tuple[str, float]]]] = [
    (f"{RC}/Regulations/{{Sid}}", ["GET"], {"path.Sid": ("regulations", P)}),
    (f"{RC}/EndUserTypes/{{Sid}}", ["GET"], {"path.Sid": ("end_user_types", P)}),
    (f"{RC}/SupportingDocumentTypes/{{Sid}}", ["GET"], {"path.Sid": ("document_types", P)}),
    (f"{RC}/EndUsers/{{Sid}}", ["GET", "POST"], {"path.Sid": ("end_users", P)}),
    (f"{RC}/EndUsers/{{Sid}}", ["DELETE"], {"path.Sid": ("doomed_end_users", P)}),
    (f"{RC}/SupportingDocuments/{{Sid}}", ["GET", "POST"], {"path.Sid": ("documents", P)}),
    (f"{RC}/SupportingDocuments/{{Sid}}", ["DELETE"], {"path.Sid": ("doomed_documents", P)}),
    (f"{RC}/Bundles", ["GET"], {"query.RegulationSid": ("regulations", 0.3)}),
    (f"{RC}/Bundles", ["POST"], {"body.RegulationSid": ("regulations", P)}),
    (f"{RC}/Bundles/{{Sid}}", ["GET"], {"path.Sid": ("bundles", P)}),
    (f"{RC}/Bundles/{{Sid}}", ["POST"], {"path.Sid": ("changeable_bundles", P)}),
    (f"{RC}/Bundles/{{Sid}}", ["DELETE"], {"path.Sid": ("doomed_bundles", P)}),
    (f"{RC}/Bundles/{{BundleSid}}/ItemAssignments", ["GET"], {"path.BundleSid": ("bundles", P)}),
    (f"{RC}/Bundles/{{BundleSid}}/ItemAssignments", ["POST"],
     {"path.BundleSid": ("doomed_bundles", P_PAIR), "body.ObjectSid": ("assignable", P_PAIR)}),
    (f"{RC}/Bundles/{{BundleSid}}/ItemAssignments/{{Sid}}", ["GET"],
     {"path.BundleSid": ("draft", P_PAIR), "path.Sid": ("items", P_PAIR)}),
    (f"{RC}/Bundles/{{BundleSid}}/ItemAssignments/{{Sid}}", ["DELETE"],
     {"path.BundleSid": ("draft", P_PAIR), "path.Sid": ("doomed_items", P_PAIR)}),
    (f"{RC}/Bundles/{{BundleSid}}/Evaluations", ["GET", "POST"], {"path.BundleSid": ("bundles", P)}),
    (f"{RC}/Bundles/{{BundleSid}}/Evaluations/{{Sid}}", ["GET"],
     {"path.BundleSid": ("draft", P_PAIR), "path.Sid": ("evaluations", P_PAIR)}),
    (f"{RC}/Bundles/{{BundleSid}}/Copies", ["GET", "POST"], {"path.BundleSid": ("bundles", P)}),
    (f"{RC}/Bundles/{{BundleSid}}/ReplaceItems", ["POST"],
     {"path.BundleSid": ("approved_target", P_PAIR), "body.FromBundleSid": ("item_sources", P_PAIR)}),
    (f"{RC}/Bundles/{{BundleSid}}/Clones", ["POST"],
     {"path.BundleSid": ("approved", P_PAIR), "body.TargetAccountSid": ("accounts", P_PAIR)}),
    (f"{ADDRESSES}.json", ["GET", "POST"], {"path.AccountSid": ("account", P)}),
    (f"{ADDRESSES}/{{Sid}}.json", ["GET", "POST"],
     {"path.AccountSid": ("account", P_PAIR), "path.Sid": ("addresses", P_PAIR)}),
    (f"{ADDRESSES}/{{Sid}}.json", ["DELETE"],
     {"path.AccountSid": ("account", P_PAIR), "path.Sid": ("doomed_addresses", P_PAIR)}),
    ("/sandbox/Bundles/{Sid}/Review", ["POST"], {"path.Sid": ("pending", P)}),
    ("/sandbox/Bundles/{Sid}/ValidUntil", ["POST"], {"path.Sid": ("approved_expiring", P)}),
    ("/sandbox/Callbacks", ["GET"], {"query.BundleSid": ("bundles", 0.3)}),
    ("/sandbox/Accounts/{AccountSid}/Keys", ["POST"], {"path.AccountSid": ("account", P)}),
    ("/sandbox/SupportingDocuments/{Sid}/File", ["GET"], {"path.Sid": ("documents_with_file", P)}),
    *[
        (f"{PLIVO}{path}{slash}", methods, {"path.auth_id": ("plivo_auth_id", P)})
        for path, methods in [
            ("/PhoneNumber/Compliance/Requirements", ["GET"]),
            ("/PhoneNumber/Compliance/Link", ["POST"]),
            ("/PhoneNumber/Compliance", ["GET", "POST"]),
            ("/PhoneNumber/Compliance/{compliance_id}", ["GET", "PATCH", "DELETE"]),
            ("/PhoneNumber/{number}", ["POST"]),
            ("/Number/{number}", ["GET", "POST"]),
        ]
        for slash in ("/", "")
    ],
]


def render_bindings(pools: Pools) -> str:
    """The TOML to append to config.toml."""
    values = pool_values(pools)
    lines = ["# --- Generated by bindings.py from the seeded resources."]
    for name, sids in values.items():
        if not sids or not all(sids):
            raise RuntimeError(f"seeding left pool {name!r} empty: {sids}")
        lines += ["", f"[dictionaries.{name}]", f"values = {json.dumps(sids)}"]
    for path, methods, parameters in BINDINGS:
        bound = ", ".join(
            f'{json.dumps(param)} = {{ dictionary = "{pool}", probability = {p} }}'
            for param, (pool, p) in parameters.items()
        )
        lines += [
            "",
            "[[operations]]",
            # One filter: schemathesis ORs include-path with include-method.
            f"include-name = {json.dumps([f'{method} {path}' for method in methods])}",
            f"parameters = {{ {bound} }}",
        ]
    return "\n".join(lines) + "\n"
