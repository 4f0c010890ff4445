"""Fixtures for the interoperability tests (``make interop``, not part of ``make test``).

They send what the site publishes through Zotero's own translation-server, the code behind the
Zotero app and its Connector, so a test checks what a Zotero user really gets.

- ``zotero_url`` (session): the base URL of a running translation-server, e.g.
  ``"http://127.0.0.1:40123"``. With the environment variable ``ZOTERO_URL`` set, that server is
  used as it is. Otherwise ``shared/zotero/start`` (found beside the repository, or in a parent
  folder of it; ``ZOTERO_START`` names another script) is started on a free port, the fixture
  waits until it logs "Listening", and stops it at the end of the session. A missing node/npm or
  a missing ``shared/zotero`` folder fails the tests with instructions; it never skips them.
- ``build`` / ``site_url``: the strict build of the site and its local server, the same session
  fixtures as the main suite's (``tests/conftest.py``), which pytest provides here too.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: How long the first start may take: it installs the server's npm dependencies once (about a minute).
START_TIMEOUT_S = 600

HOW_TO_GET_ONE = """\
A Zotero translation-server is needed (see README.md, "Interoperability tests"):
  - set ZOTERO_URL to a running server, e.g. ZOTERO_URL=http://127.0.0.1:1969 make interop; or
  - put Zotero's translation-server with its `start` script in shared/zotero/ beside the repository
    (or set ZOTERO_START=/path/to/start), with node >= 18 and npm installed
    (Debian: apt-get install nodejs npm); or
  - run one from source: git clone --recurse-submodules https://github.com/zotero/translation-server,
    npm ci, npm start (port 1969), then set ZOTERO_URL."""


def find_start_script() -> Path | None:
    """``$ZOTERO_START``, else the first ``shared/zotero/start`` beside the repository or beside one
    of its parent folders (CI lays ``shared/`` beside the clone), else ``None``."""
    if os.environ.get("ZOTERO_START"):
        return Path(os.environ["ZOTERO_START"])
    for folder in ROOT.parents:
        candidate = folder / "shared" / "zotero" / "start"
        if candidate.is_file():
            return candidate
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def zotero_url():
    """Base URL (``str``, no trailing slash) of a Zotero translation-server for this session."""
    if os.environ.get("ZOTERO_URL"):
        yield os.environ["ZOTERO_URL"].rstrip("/")
        return
    start = find_start_script()
    if start is None or not start.is_file():
        pytest.fail(f"shared/zotero/start not found beside {ROOT} or its parents.\n{HOW_TO_GET_ONE}", pytrace=False)
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        pytest.fail(
            f"{' and '.join(missing)} not found: the translation-server runs on node.\n{HOW_TO_GET_ONE}", pytrace=False
        )
    port = free_port()
    process = subprocess.Popen(
        ["bash", str(start), str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    log: list[str] = []
    ready = threading.Event()

    def read_log():
        for line in process.stdout:
            log.append(line)
            if "Listening" in line:
                ready.set()

    threading.Thread(target=read_log, daemon=True).start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not ready.is_set() and process.poll() is None and time.monotonic() < deadline:
        ready.wait(1)
    try:
        if not ready.is_set():
            pytest.fail(
                f"the translation-server ({start} {port}) did not start:\n{''.join(log[-40:])}\n{HOW_TO_GET_ONE}",
                pytrace=False,
            )
        _wait_for_port(port, process)  # "Listening" can come a moment before the socket accepts
        yield f"http://127.0.0.1:{port}"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)  # its own process group: bash and node
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def _wait_for_port(port: int, process: subprocess.Popen, timeout_s: float = 30) -> None:
    """Return once 127.0.0.1:``port`` accepts a connection; fail the session after ``timeout_s``
    seconds (s) or when the server process has exited."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"the translation-server did not accept connections on port {port}", pytrace=False)
