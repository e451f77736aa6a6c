"""Runs the real `regbox` binary on a fresh database, the way a user would.

Backend: `REGBOX_CONFORMANCE_DB=sqlite` (default; a new file in a temp dir) or `postgres` (a new
database on `REGBOX_TEST_PG_ADMIN_URL`, dropped afterwards).
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import threading
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[3]
ACCOUNT_SID = "AC" + "a" * 32
AUTH_TOKEN = "regbox-auth-token"
ADMIN_TOKEN = "test-admin"
DEFAULT_PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
BANNER = re.compile(r"^regbox listening on (http://127\.0\.0\.1:\d+)\s*$")
START_TIMEOUT_S = 30


def backend() -> str:
    name = os.environ.get("REGBOX_CONFORMANCE_DB", "sqlite")
    if name not in ("sqlite", "postgres"):
        raise ValueError(f"REGBOX_CONFORMANCE_DB must be sqlite or postgres, not {name!r}")
    return name


def regbox_bin() -> str:
    path = os.environ.get("REGBOX_BIN") or str(REPO / "target" / "debug" / "regbox")
    if not os.access(path, os.X_OK):
        raise FileNotFoundError(f"{path} is not an executable; run `cargo build` or set REGBOX_BIN")
    return path


@contextmanager
def fresh_database(workdir: Path) -> Iterator[str]:
    """A `DATABASE_URL` nobody else uses, removed afterwards."""
    if backend() == "sqlite":
        yield str(workdir / "regbox.db")
        return
    import psycopg

    admin = os.environ.get("REGBOX_TEST_PG_ADMIN_URL", DEFAULT_PG_ADMIN_URL)
    name = f"regbox_conf_{uuid.uuid4().hex}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(admin)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class RegboxServer:
    """One regbox process; `base_url` is known once its banner has been printed."""

    def __init__(self, database_url: str, workdir: Path, extra_env: dict[str, str] | None = None):
        self.log_path = workdir / "regbox.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("REGBOX_", "TWILIO_"))}
        env.update(
            REGBOX_LISTEN="127.0.0.1:0",
            DATABASE_URL=database_url,
            REGBOX_REVIEW_DELAY_MS="100",
            REGBOX_ADMIN_TOKEN=ADMIN_TOKEN,
        )
        env.update(extra_env or {})
        self._log = open(self.log_path, "w")
        self._final_log: str | None = None
        self.process = subprocess.Popen(
            [regbox_bin()],
            env=env,
            cwd=workdir,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
        )
        self.base_url = self._await_banner()

    def _await_banner(self) -> str:
        found: list[str] = []
        ready = threading.Event()

        def read() -> None:
            # Keeps draining after the banner so the server never blocks on a full pipe.
            assert self.process.stdout is not None
            for line in self.process.stdout:
                match = BANNER.match(line)
                if match and not found:
                    found.append(match.group(1))
                    ready.set()
            ready.set()

        threading.Thread(target=read, daemon=True).start()
        ready.wait(START_TIMEOUT_S)
        if not found:
            self.stop()
            raise RuntimeError(f"regbox printed no banner; its log ends:\n{self.log_tail()}")
        return found[0]

    def log_tail(self, lines: int = 40) -> str:
        if self._final_log is None:
            self._log.flush()
            text = self.log_path.read_text(errors="replace")
        else:
            text = self._final_log
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._final_log is None:
            self._log.close()
            # Kept: the temp dir goes away, but a failing teardown still wants to show the log.
            self._final_log = self.log_path.read_text(errors="replace")


@contextmanager
def running_regbox(extra_env: dict[str, str] | None = None) -> Iterator[RegboxServer]:
    """A regbox on a fresh database, stopped (and its database dropped) on exit."""
    with tempfile.TemporaryDirectory(prefix="regbox-conformance-") as tmp:
        workdir = Path(tmp)
        with fresh_database(workdir) as database_url:
            server = RegboxServer(database_url, workdir, extra_env)
            try:
                yield server
            finally:
                server.stop()
