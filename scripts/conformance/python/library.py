"""twilio-python pointed at a local regbox, with every response checked by the OpenAPI oracle."""

from __future__ import annotations

from dataclasses import dataclass

from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from oas import OpenApiMismatch, OpenApiOracle


@dataclass
class Exchange:
    """One request the library made and the status it got."""

    method: str
    url: str
    params: dict | None
    status: int


class ValidatingHttpClient(TwilioHttpClient):
    """The library's own HTTP client, plus an OpenAPI check of each response."""

    def __init__(self, oracle: OpenApiOracle):
        super().__init__()
        self.oracle = oracle
        self.exchanges: list[Exchange] = []
        self.mismatches: list[str] = []

    def request(self, method, url, params=None, data=None, headers=None, auth=None,
                timeout=None, allow_redirects=False):
        response = super().request(method, url, params=params, data=data, headers=headers,
                                   auth=auth, timeout=timeout, allow_redirects=allow_redirects)
        self.exchanges.append(Exchange(method.upper(), url, dict(params or {}), response.status_code))
        problems = self.oracle.check(method, url, response.status_code, response.text)
        if problems:
            self.mismatches.extend(problems)
            # Raised from inside the library call, so the test fails at the offending request.
            raise OpenApiMismatch("response differs from Twilio's OpenAPI file:\n  " + "\n  ".join(problems))
        return response


def make_client(base_url: str, sid: str, token: str, oracle: OpenApiOracle) -> Client:
    """A `Client` whose numbers and api domains talk to `base_url` (docs/WIRE.md, "Pointing a library at regbox")."""
    client = Client(sid, token, http_client=ValidatingHttpClient(oracle))
    client.numbers.base_url = base_url
    client.api.base_url = base_url
    return client
