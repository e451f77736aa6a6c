"""Twilio's OpenAPI files as a test oracle: every JSON response the suite receives is checked
against the documented status code and response schema of its operation.

The OpenAPI schemas are lax (every property nullable, nothing required, extra keys allowed), so
the oracle tightens them to what Twilio actually sends: every documented key present, no
undocumented key, dates in Twilio's exact formats, `uri` values absolute. Error responses (which
the files do not document) must be Twilio's legacy envelope `{code, message, more_info, status}`.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker

REPO = Path(__file__).resolve().parents[3]
SPEC_FILES = ("twilio_numbers_v2.json", "twilio_api_v2010.json")

ERROR_ENVELOPE = {
    "type": "object",
    "properties": {
        "code": {"type": "integer"},
        "message": {"type": "string", "minLength": 1},
        "more_info": {"type": "string", "pattern": r"^https://www\.twilio\.com/docs/errors/\d+$"},
        "status": {"type": "integer"},
        "details": {"type": ["object", "null"]},
    },
    "required": ["code", "message", "more_info", "status"],
    # `type` + `title` would flip both helper libraries to RFC 9457 exceptions (docs/WIRE.md, "Errors").
    "not": {"required": ["type", "title"]},
}

TWILIO_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
RFC_2822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$"
)

def _twilio_date_time(value: object) -> bool:
    # twilio-python returns fractional seconds or offsets as plain strings (docs/WIRE.md, "Form encoding of requests").
    return not isinstance(value, str) or bool(TWILIO_DATE_TIME.match(value))


def _rfc_2822(value: object) -> bool:
    return not isinstance(value, str) or bool(RFC_2822.match(value))


def _absolute_url(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _url_or_rooted_path(value: object) -> bool:
    # The 2010 API marks `uri`, `first_page_uri`, `next_page_uri` … as `format: uri`, yet Twilio
    # sends them relative to the API host ("/2010-04-01/Accounts/…"), and twilio-python prefixes
    # its own base URL to them.
    return _absolute_url(value) or (isinstance(value, str) and value.startswith("/") and not value.startswith("//"))


def _format_checker(uri) -> FormatChecker:
    checker = FormatChecker(formats=())
    checker.checks("date-time")(_twilio_date_time)
    checker.checks("date-time-rfc-2822")(_rfc_2822)
    checker.checks("uri")(uri)
    checker.checks("uri-map")(lambda v: not isinstance(v, dict) or all(uri(x) for x in v.values()))
    return checker


# numbers v2: `url`, `links` and `meta.*_url` must be absolute, or paging leaves regbox (docs/WIRE.md, "The v2 list envelope and paging").
FORMATS = {
    "twilio_numbers_v2.json": _format_checker(_absolute_url),
    "twilio_api_v2010.json": _format_checker(_url_or_rooted_path),
}
ERROR_FORMATS = FORMATS["twilio_numbers_v2.json"]


class OpenApiMismatch(AssertionError):
    """A response that does not match Twilio's OpenAPI description."""


def spec_dir() -> Path:
    """Twilio's OpenAPI files, as vendored in the repository's `openapi/` (see its README)."""
    directory = REPO / "openapi"
    missing = [name for name in SPEC_FILES if not (directory / name).is_file()]
    if missing:
        raise FileNotFoundError(f"{missing} not found in {directory}")
    return directory


def _tighten(node: object) -> object:
    """OpenAPI 3.0 → JSON Schema: `nullable` becomes a null alternative; objects get exact keys."""
    if isinstance(node, list):
        return [_tighten(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {k: _tighten(v) for k, v in node.items() if k not in ("nullable", "example", "examples")}
    props = out.get("properties")
    if isinstance(props, dict) and props:
        out["required"] = sorted(props)
        out.setdefault("additionalProperties", False)
    if node.get("nullable") is True:
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
        if "$ref" in out:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


class Operation:
    """One documented method + path template."""

    def __init__(self, method: str, template: str, spec: dict, components: dict, formats: FormatChecker):
        self.formats = formats
        self.method = method.upper()
        self.template = template
        regex = re.escape(template)
        regex = re.sub(r"\\\{[^}]+\\\}", "[^/]+", regex)
        self.regex = re.compile(f"^{regex}$")
        self.responses = spec.get("responses", {})
        self.components = components
        self.params = template.count("{")

    def check(self, status: int, body: str) -> list[str]:
        where = f"{self.method} {self.template} → {status}"
        documented = self.responses.get(str(status))
        if documented is None:
            if status >= 400:
                return _validate(ERROR_ENVELOPE, body, where, ERROR_FORMATS, status_must_equal=status)
            return [f"{where}: status not documented (documented: {sorted(self.responses)})"]
        content = documented.get("content", {}).get("application/json")
        if content is None:
            return [] if body.strip() == "" else [f"{where}: documented without a body, got {body[:200]!r}"]
        schema = dict(_tighten(content["schema"]))
        schema["components"] = self.components
        return _validate(schema, body, where, self.formats)


def _validate(schema: dict, body: str, where: str, formats: FormatChecker,
              status_must_equal: int | None = None) -> list[str]:
    try:
        payload = json.loads(body)
    except ValueError:
        return [f"{where}: body is not JSON: {body[:200]!r}"]
    validator = Draft202012Validator(schema, format_checker=formats)
    problems = [
        f"{where}: at /{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in sorted(validator.iter_errors(payload), key=lambda e: list(map(str, e.path)))
    ]
    if status_must_equal is not None and isinstance(payload, dict):
        if payload.get("status") != status_must_equal:
            problems.append(f"{where}: body status {payload.get('status')!r} ≠ HTTP {status_must_equal}")
    return problems


class OpenApiOracle:
    """All operations of the OpenAPI files in `openapi/`."""

    def __init__(self, directory: Path | None = None):
        directory = directory or spec_dir()
        self.operations: list[Operation] = []
        for name in SPEC_FILES:
            spec = json.loads((directory / name).read_text())
            components = _tighten(copy.deepcopy(spec.get("components", {})))
            for template, item in spec["paths"].items():
                for method, op in item.items():
                    if method in ("get", "post", "delete", "put", "patch"):
                        self.operations.append(Operation(method, template, op, components, FORMATS[name]))
        # A literal segment beats a `{Param}` one (`/v2/Addresses/validate` vs `/{addressSid}`).
        self.operations.sort(key=lambda op: op.params)

    def operation(self, method: str, url: str) -> Operation | None:
        path = urlsplit(url).path
        for op in self.operations:
            if op.method == method.upper() and op.regex.match(path):
                return op
        return None

    def check(self, method: str, url: str, status: int, body: str) -> list[str]:
        """Every way this response differs from the documented one; empty when it conforms."""
        op = self.operation(method, url)
        if op is None:
            if status >= 400:
                return _validate(ERROR_ENVELOPE, body, f"{method} {url} → {status}", ERROR_FORMATS, status)
            return [f"{method} {urlsplit(url).path}: no such operation in the OpenAPI files"]
        return op.check(status, body)


def assert_conforms(oracle: OpenApiOracle, method: str, url: str, status: int, body: str) -> None:
    """Raises `OpenApiMismatch` listing every difference."""
    problems = oracle.check(method, url, status, body)
    if problems:
        raise OpenApiMismatch("response differs from Twilio's OpenAPI file:\n  " + "\n  ".join(problems))

