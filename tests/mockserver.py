"""Test helpers: `botspec mock` served over loopback, and generated packages vendored
outside the repository.

`MockServer` runs `generator.mock.create_app(spec_dir).asgi` under a real uvicorn
server in a background thread, on 127.0.0.1 and a port the OS picks; the control
endpoints under `/__botspec__/` are reached over HTTP like a user's bot test would.

Loaded as a pytest plugin (see conftest.py): the fixtures below are available to every
test module.
"""

from __future__ import annotations

import asyncio
import importlib
import shutil
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

import httpx
import pytest
import uvicorn

from generator.mock import create_app, uvicorn_server
from generator.pipeline import generate_package
from generator.write import write

REPO_ROOT = Path(__file__).resolve().parent.parent
SPECS = REPO_ROOT / "specs"
TEST_SPECS = REPO_ROOT / "tests" / "specs"
GENERATED = REPO_ROOT / "generated"
CONTROL = "/__botspec__"


class MockServer:
    """`botspec mock SPEC_DIR` on a free loopback port, for the length of a `with` block."""

    def __init__(self, spec_dir: Path) -> None:
        self.app = create_app(spec_dir)
        # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on accepted sockets of a
        # socket that says it is TCP; without it every answer waits for a delayed ACK (40 ms).
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self.port: int = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            self.app.asgi, log_level="critical", access_log=False, lifespan="off"
        )
        self._server = uvicorn_server(self.app, config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True
        )
        self._control = httpx.Client(base_url=self.url + CONTROL, timeout=5.0)

    def start(self) -> MockServer:
        # Listening before uvicorn runs: a connection made meanwhile waits in the backlog
        # until uvicorn accepts it, so nothing needs to poll for the server to be up.
        self._sock.listen(128)
        self._thread.start()
        try:
            self._control.get("/requests").raise_for_status()  # it answers over the socket
        except httpx.HTTPError as exc:
            raise RuntimeError(f"the mock server did not start: {exc!r}") from None
        return self

    def stop(self) -> None:
        self._control.close()
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()

    def __enter__(self) -> MockServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- control endpoints ------------------------------------------------------

    def fault(self, **fault: Any) -> None:
        """Queue one fault (fields of `generator.mock.Fault`)."""
        self._control.post("/faults", json=fault).raise_for_status()

    def faults(self, faults: list[dict[str, Any]]) -> None:
        self._control.post("/faults", json=faults).raise_for_status()

    def requests(self, operation: str | None = None) -> list[dict[str, Any]]:
        """The requests the mock received, oldest first (optionally of one operation)."""
        response = self._control.get("/requests")
        response.raise_for_status()
        recorded: list[dict[str, Any]] = response.json()
        return [r for r in recorded if operation is None or r["operation"] == operation]

    def last(self, operation: str | None = None) -> dict[str, Any]:
        recorded = self.requests(operation)
        assert recorded, f"the mock received no request{' for ' + operation if operation else ''}"
        return recorded[-1]

    def collection(self, operation: str, items: list[Any]) -> None:
        self._control.put(f"/collections/{operation}", json=items).raise_for_status()

    def reset(self) -> None:
        self._control.post("/reset").raise_for_status()

    def wait_held(self, count: int = 1) -> None:
        """Return once the mock holds `count` answers (fault `hold`): the calls that sent
        them are waiting on it. 30 s without them fails the test (a bound, not a timing)."""
        if not self.app.wait_held(count, timeout=30):
            raise AssertionError(f"the mock never held {count} answer(s)")

    def release(self) -> int:
        """Let every held answer (fault `hold`) go; how many were held."""
        response = self._control.post("/release")
        response.raise_for_status()
        released: int = response.json()["released"]
        return released


def issue_qq_tokens(
    server: MockServer,
    *tokens: str,
    expires_in: str | int = "7200",
    delay: float = 0.0,
    hold: bool = False,
) -> None:
    """The next QQ Bot token purchases at `server` answer these tokens, in order (held
    until released with `hold`)."""
    server.faults(
        [
            {
                "operation": "getAppAccessToken",
                "status": 200,
                "body": {"access_token": token, "expires_in": expires_in},
                "delay": delay,
                "hold": hold,
            }
            for token in tokens
        ]
    )


class AwaitingTransport(httpx.AsyncHTTPTransport):
    """An httpx transport with a pool of one connection (so a connection a call leaks makes
    the next call wait) that sets `on(path)` once a request for that path is sent and its
    answer awaited, as httpcore's trace reports it: a test can then act on a call that is
    surely waiting for the mock (a held answer, say) without sleeping."""

    def __init__(self) -> None:
        super().__init__(limits=httpx.Limits(max_connections=1))
        self._awaiting: dict[str, asyncio.Event] = {}

    def on(self, path: str) -> asyncio.Event:
        return self._awaiting.setdefault(path, asyncio.Event())

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        event = self.on(request.url.path)

        async def trace(name: str, info: dict[str, Any]) -> None:
            if name.endswith(".receive_response_headers.started"):
                event.set()

        request.extensions["trace"] = trace
        return await super().handle_async_request(request)


class AwaitingSyncTransport(httpx.HTTPTransport):
    """`AwaitingTransport` for a sync client, its events `threading.Event`s."""

    def __init__(self) -> None:
        super().__init__(limits=httpx.Limits(max_connections=1))
        self._awaiting: dict[str, threading.Event] = {}
        self._lock = threading.Lock()

    def on(self, path: str) -> threading.Event:
        with self._lock:
            return self._awaiting.setdefault(path, threading.Event())

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        event = self.on(request.url.path)

        def trace(name: str, info: dict[str, Any]) -> None:
            if name.endswith(".receive_response_headers.started"):
                event.set()

        request.extensions["trace"] = trace
        return super().handle_request(request)


def _fresh_import(name: str, folder: Path) -> ModuleType:
    """Import package `name` from `folder` (on sys.path), forgetting any earlier copy and
    its submodules, and check every module of it came from there."""
    for loaded in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        del sys.modules[loaded]
    module = importlib.import_module(name)
    for loaded, sub in list(sys.modules.items()):
        if loaded == name or loaded.startswith(name + "."):
            origin = getattr(sub, "__file__", None)
            assert origin is not None and Path(origin).is_relative_to(folder), (loaded, origin)
    return module


def vendor(name: str, dest: Path) -> ModuleType:
    """Copy generated/<name> into `dest` (which is on sys.path) and import the copy."""
    shutil.copytree(GENERATED / name, dest / name)
    return _fresh_import(name, dest)


def generate_into(spec_dir: Path, dest: Path) -> ModuleType:
    """Generate the package of `spec_dir` into `dest` (as `botspec generate --out`) and import it."""
    package = generate_package(spec_dir)
    write({package.name: package.files}, dest, check=False)
    if str(dest) not in sys.path:
        sys.path.insert(0, str(dest))
    return _fresh_import(package.name, dest)


# -- fixtures -------------------------------------------------------------------


def served(
    spec_dir: Path, name: str, scope: Literal["module", "session"] = "module"
) -> tuple[Any, Any]:
    """A fixture `name`: `botspec mock` serving `spec_dir`, started once per `scope` (the
    fixture `_<name>_server`) and handed to each test with no faults queued and no requests
    recorded. Unpack the result into module-level names for pytest to find them."""

    @pytest.fixture(scope=scope, name=f"_{name}_server")
    def server() -> Iterator[MockServer]:
        with MockServer(spec_dir) as running:
            yield running

    @pytest.fixture(name=name)
    def fresh(request: pytest.FixtureRequest) -> Iterator[MockServer]:
        running: MockServer = request.getfixturevalue(f"_{name}_server")
        running.reset()
        yield running
        running.release()  # no held answer outlives its test

    return server, fresh


def generated_package(spec_dir: Path) -> tuple[Any, Any]:
    """Fixtures `generated`, a folder outside the repository, and `api`, the package of
    `spec_dir` generated into it and imported, once per test module. Unpack the result into
    module-level names for pytest to find them."""

    @pytest.fixture(scope="module", name="generated")
    def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
        return tmp_path_factory.mktemp(spec_dir.name)

    @pytest.fixture(scope="module", name="api")
    def package(generated: Path) -> ModuleType:
        return generate_into(spec_dir, generated)

    return folder, package


@pytest.fixture(scope="session")
def vendor_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder outside the repository, first on sys.path, that generated packages are
    copied into."""
    dest = tmp_path_factory.mktemp("vendor")
    sys.path.insert(0, str(dest))
    yield dest
    sys.path.remove(str(dest))


@pytest.fixture(scope="session")
def kook(vendor_dir: Path) -> ModuleType:
    """generated/kook, imported from a copy outside the repository."""
    return vendor("kook", vendor_dir)


@pytest.fixture(scope="session")
def lanying(vendor_dir: Path) -> ModuleType:
    return vendor("lanying", vendor_dir)


@pytest.fixture(scope="session")
def qqbot(vendor_dir: Path) -> ModuleType:
    return vendor("qqbot", vendor_dir)


_kook_server, kook_mock = served(SPECS / "kook", "kook_mock", "session")
_lanying_server, lanying_mock = served(SPECS / "lanying", "lanying_mock", "session")
_qqbot_server, qqbot_mock = served(SPECS / "qqbot", "qqbot_mock", "session")


@pytest.fixture(scope="session")
def lists_api(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """tests/specs/pagination (KOOK's page/page_size/meta.page_total list convention),
    generated into a temporary folder as `botspec generate --out` does, and imported."""
    return generate_into(TEST_SPECS / "pagination", tmp_path_factory.mktemp("generated"))


_lists_server, lists_mock = served(TEST_SPECS / "pagination", "lists_mock", "session")
