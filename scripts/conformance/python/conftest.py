"""Fixtures: a fresh regbox per test, and twilio-python clients pointed at it."""

from __future__ import annotations

import os

import pytest

# Either one makes the library rewrite 127.0.0.1 into 127.<region>.0.1 (docs/WIRE.md, "Pointing a library at regbox"); they are
# read when a Client is built, so they must be gone before any test runs.
for _name in ("TWILIO_EDGE", "TWILIO_REGION"):
    os.environ.pop(_name, None)

from library import make_client  # noqa: E402
from oas import OpenApiOracle  # noqa: E402
from regbox_harness import ACCOUNT_SID, AUTH_TOKEN, running_regbox  # noqa: E402

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)
    server = getattr(item, "regbox_server", None)
    # Attached while the server still runs, so a failure shows what regbox logged.
    if report.failed and server is not None:
        report.sections.append(("regbox log (last lines)", server.log_tail()))


@pytest.fixture(scope="session")
def oracle() -> OpenApiOracle:
    return OpenApiOracle()


@pytest.fixture
def regbox(request):
    """A regbox on its own fresh database (SQLite file or new PostgreSQL database)."""
    with running_regbox() as server:
        request.node.regbox_server = server
        yield server


@pytest.fixture
def connect(request, regbox, oracle):
    """`connect(sid, token)` → a Client for that account; each checks its responses."""
    clients = []

    def build(sid: str = ACCOUNT_SID, token: str = AUTH_TOKEN):
        client = make_client(regbox.base_url, sid, token, oracle)
        clients.append(client)
        return client

    yield build
    # Belt and braces: a mismatch raised inside the library could be swallowed by a test that
    # expects an exception; a test that already failed has reported it.
    call = getattr(request.node, "report_call", None)
    mismatches = [m for c in clients for m in c.http_client.mismatches]
    if call is not None and call.passed:
        assert not mismatches, "OpenAPI mismatches:\n" + "\n".join(mismatches)


@pytest.fixture
def client(connect):
    """A Client for the default account."""
    return connect()


@pytest.fixture
def rc(client):
    """`client.numbers.v2.regulatory_compliance`."""
    return client.numbers.v2.regulatory_compliance
