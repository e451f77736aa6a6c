"""schemathesis hooks for the regbox run (loaded through `hooks` in the generated config).

- `twilio_error_envelope`: the check Twilio's file cannot express on its own. regbox's served
  document declares `TwilioError` on `4XX`/`default`, but a JSON schema still lets `status`
  disagree with the HTTP status, `more_info` point anywhere, and extra keys (`type` + `title`
  would flip both helper libraries to their RFC 9457 exception class, docs/WIRE.md, "Errors") slip in.
- `plivo_error_envelope`: the same for the Plivo routes, whose errors are Plivo's envelope.
- `before_load_schema`: corrects one place where Twilio's 2010 file is wrong (see there).
- `before_call`: keeps every status callback on this machine. Generated `StatusCallback` values
  are real-looking URLs (`http://www.example.com`, random hosts), and a bundle that changes status
  would make regbox POST to them; a run must only ever send traffic to the loopback interface.
  The runner also points regbox's proxy variables at a closed loopback port, as a second fence.
- `after_call`: removes every fault the run creates through `POST /sandbox/Faults` as soon as it
  exists. A fault is meant to break the caller's next requests (README, "Testing the unhappy
  paths"), so one that stayed would answer later, unrelated operations with its generated
  status or delay, and the run would blame them.
"""

from __future__ import annotations

import json
import re

import requests
import schemathesis

# Discard port on loopback: nothing listens there, so a delivery attempt fails at once.
LOOPBACK_CALLBACK = "http://127.0.0.1:9/status-callback"
ENVELOPE_KEYS = {"code", "message", "more_info", "status"}
# The URL parser regbox uses drops control characters and spaces (`ht\ttp:`), so they go first.
_IGNORED_BY_URL_PARSER = re.compile(r"[\x00-\x20]")


PLIVO_PREFIXES = ("/v1/Account/", "/sandbox/plivo/")
PLIVO_ENVELOPE_KEYS = {"api_id", "error", "type", "code", "message"}


def _is_plivo(case) -> bool:
    return case.path.startswith(PLIVO_PREFIXES)


@schemathesis.check
def plivo_error_envelope(ctx, response, case):
    """Every 4xx/5xx body of a Plivo route is Plivo's `{api_id, error, type, code, message, param?}`,
    with `error` the same text as `message` (what the SDKs surface)."""
    if response.status_code < 400 or not _is_plivo(case):
        return None
    try:
        body = json.loads(response.content)
    except ValueError:
        raise AssertionError(f"{response.status_code} body is not JSON: {response.content[:200]!r}") from None
    if not isinstance(body, dict) or not PLIVO_ENVELOPE_KEYS <= set(body) <= PLIVO_ENVELOPE_KEYS | {"param"}:
        keys = sorted(body) if isinstance(body, dict) else type(body).__name__
        raise AssertionError(f"Plivo error body must have {sorted(PLIVO_ENVELOPE_KEYS)} (and maybe param), got {keys}")
    if body["error"] != body["message"] or not isinstance(body["message"], str) or not body["message"].strip():
        raise AssertionError(f"Plivo error envelope: error {body['error']!r} / message {body['message']!r}")
    return True


@schemathesis.check
def twilio_error_envelope(ctx, response, case):
    """Every 4xx/5xx body is exactly Twilio's `{code, message, more_info, status}`."""
    if response.status_code < 400 or _is_plivo(case):
        return None
    try:
        body = json.loads(response.content)
    except ValueError:
        raise AssertionError(
            f"{response.status_code} body is not JSON, so not Twilio's error envelope: {response.content[:200]!r}"
        ) from None
    if not isinstance(body, dict) or set(body) != ENVELOPE_KEYS:
        keys = sorted(body) if isinstance(body, dict) else type(body).__name__
        raise AssertionError(f"error body must have exactly {sorted(ENVELOPE_KEYS)}, got {keys}")
    code, message, more_info, status = (body[k] for k in ("code", "message", "more_info", "status"))
    problems = []
    if not _is_int(code) or code <= 0:
        problems.append(f"code {code!r} is not a positive integer")
    if not isinstance(message, str) or not message.strip():
        problems.append(f"message {message!r} is not a non-empty string")
    if more_info != f"https://www.twilio.com/docs/errors/{code}":
        problems.append(f"more_info {more_info!r} is not https://www.twilio.com/docs/errors/{code}")
    if not _is_int(status) or status != response.status_code:
        problems.append(f"status {status!r} differs from the HTTP status {response.status_code}")
    if problems:
        raise AssertionError("Twilio error envelope: " + "; ".join(problems))
    return True


def _is_int(value) -> bool:
    # bool is an int in Python, but `true` is not a code.
    return isinstance(value, int) and not isinstance(value, bool)


# Twilio's 2010 file types `uri` and the paging links of its resources as `format: uri` (an
# absolute URI), yet its own descriptions ("The URI of the Country resource, relative to
# `https://api.twilio.com`") and examples, like the real API, send them relative to the API host:
# "first_page_uri": "/2010-04-01/Accounts/AC.../Addresses.json?...&PageSize=50&Page=0".
# regbox sends what Twilio sends; the run checks them as `uri-reference`, which is what they are,
# in the 2010 lists and in the 2010 component schemas (a country of AvailablePhoneNumbers, a
# number, an address ...). The numbers v2 `url`s stay absolute: paging follows them.
ADDRESS_LIST = "/2010-04-01/Accounts/{AccountSid}/Addresses.json"
RELATIVE_LINKS = ("first_page_uri", "next_page_uri", "previous_page_uri", "uri")
V2010_COMPONENT = "api.v2010."


def _list_schema(raw_schema, path):
    return (
        raw_schema.get("paths", {}).get(path, {}).get("get", {}).get("responses", {})
        .get("200", {}).get("content", {}).get("application/json", {}).get("schema", {})
    )


@schemathesis.hook
def before_load_schema(context, raw_schema):
    addresses = _list_schema(raw_schema, ADDRESS_LIST).get("properties", {})
    if addresses.get("first_page_uri", {}).get("format") != "uri":
        # Loud on purpose: a changed document needs this correction re-checked, not skipped.
        raise RuntimeError(f"GET {ADDRESS_LIST}: paging links are no longer `format: uri`; revisit hooks.py")
    lists = [
        _list_schema(raw_schema, path)
        for path in raw_schema.get("paths", {})
        if path.startswith("/2010-04-01/")
    ]
    components = [
        schema
        for name, schema in raw_schema.get("components", {}).get("schemas", {}).items()
        if name.startswith(V2010_COMPONENT)
    ]
    for schema in lists + components:
        for name in RELATIVE_LINKS:
            link = schema.get("properties", {}).get(name, {})
            if link.get("format") == "uri":
                link["format"] = "uri-reference"


@schemathesis.hook
def before_call(context, case, kwargs):
    body = case.body
    if isinstance(body, dict) and "StatusCallback" in body:
        body["StatusCallback"] = _fenced(body["StatusCallback"])
    elif isinstance(body, (str, bytes)) and b"statuscallback" in _as_bytes(body).lower():
        # A raw form body could carry the parameter too; drop it rather than parse it.
        case.body = {}


def _fenced(value):
    if isinstance(value, list):
        return [_fenced(item) for item in value]
    # regbox accepts only http(s) URLs, so anything mentioning http is swapped; the rest stays,
    # and regbox's validation of malformed callbacks is still exercised.
    if isinstance(value, str) and "http" in _IGNORED_BY_URL_PARSER.sub("", value).lower():
        return LOOPBACK_CALLBACK
    return value


def _as_bytes(body) -> bytes:
    return body if isinstance(body, bytes) else body.encode("utf-8", "replace")


@schemathesis.hook
def after_call(context, case, response):
    if case.method.upper() != "POST" or case.path != "/sandbox/Faults" or response.status_code != 201:
        return
    fault_url = json.loads(response.content)["url"]
    # The same credentials that made it; /sandbox itself is never faulted, so this always lands.
    authorization = response.request.headers["Authorization"]
    removed = requests.delete(fault_url, headers={"Authorization": authorization}, timeout=10)
    if removed.status_code != 204:
        raise RuntimeError(f"could not remove fault {fault_url}: {removed.status_code} {removed.text[:200]}")
