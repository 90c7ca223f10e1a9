"""Helpers for the generator tests: run `botspec`, snapshot folders, type-check (mypy,
pyright) and import generated packages outside the repository, and record HTTP requests
on 127.0.0.1.

Plain functions and classes (no fixtures), imported by the test modules that need them.
"""

from __future__ import annotations

import asyncio
import atexit
import importlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.load import SpecSet
from generator.pipeline import CacheUse, GeneratedPackage, generate_package, spec_files_in
from generator.problems import SpecError, format_pointer

REPO_ROOT = Path(__file__).resolve().parent.parent
SPECS = REPO_ROOT / "specs"
GENERATED = REPO_ROOT / "generated"
TEST_SPECS = REPO_ROOT / "tests" / "specs"


# -- the repository's packages ----------------------------------------------------------


def spec_packages() -> list[str]:
    """Every package `botspec generate` makes by default: the folders of specs/."""
    return sorted(p.name for p in SPECS.iterdir() if p.is_dir() and spec_files_in(p))


def committed_packages() -> list[str]:
    """Spec packages whose output is committed under generated/."""
    return [name for name in spec_packages() if (GENERATED / name).is_dir()]


def package_params() -> list[Any]:
    """One pytest param per spec package; a package not committed to generated/ yet (qqbot,
    until the events stage lands) is an expected failure, strictly: once its folder is
    committed the mark stops applying and the test runs for real."""
    return [
        pytest.param(
            name,
            id=name,
            marks=(
                ()
                if (GENERATED / name).is_dir()
                else pytest.mark.xfail(
                    strict=True, reason=f"generated/{name} is not committed yet (pending stage)"
                )
            ),
        )
        for name in spec_packages()
    ]


# -- running the command line ------------------------------------------------------------


def botspec(
    *args: str | Path,
    cwd: Path = REPO_ROOT,
    env: Mapping[str, str] | None = None,
    umask: int = -1,
) -> subprocess.CompletedProcess[str]:
    """The real command line, `python -m generator ARGS...`, run from `cwd` (with `umask`,
    if given)."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        umask=umask,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` (relative POSIX path -> bytes), caches left out."""
    if not folder.exists():
        return {}
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def tree_diff(expected: Mapping[str, bytes], actual: Mapping[str, bytes]) -> list[str]:
    """Human-readable differences between two snapshots (empty when identical)."""
    out = [f"missing: {name}" for name in sorted(expected.keys() - actual.keys())]
    out += [f"unexpected: {name}" for name in sorted(actual.keys() - expected.keys())]
    out += [
        f"differs: {name}"
        for name in sorted(expected.keys() & actual.keys())
        if expected[name] != actual[name]
    ]
    return out


def write_package(package: GeneratedPackage, parent: Path, name: str | None = None) -> Path:
    """Write a generated package's files as `parent/<name>` (plain writes, for tests)."""
    target = parent / (name or package.name)
    for relative, text in package.files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    return target


def generate_to(spec_dir: Path, parent: Path, name: str | None = None) -> Path:
    """Generate the package of `spec_dir` in process and write it under `parent`."""
    return write_package(generate_package(spec_dir, name), parent)


_NO_CACHE = CacheUse()


def spec_folder(parent: Path, name: str, text: str, file: str = "openapi.yaml") -> Path:
    """Folder `parent / name` holding the spec document `text` as `file`."""
    folder = parent / name
    folder.mkdir()
    (folder / file).write_text(text, encoding="utf-8")
    return folder


def one_schema_package(
    tmp_path: Path,
    name: str,
    schema: str,
    cache: CacheUse = _NO_CACHE,
    others: Mapping[str, str] | None = None,
) -> Path:
    """A package `name` whose one operation (GET /x, `getX`) answers with component schema
    `X`, given as `schema` (YAML flow style; `others`: more component schemas, by name):
    generated (no cache unless given) and written under `tmp_path / "out"`; its spec folder
    is `tmp_path / name`."""
    more = "".join(f"    {other}: {text}\n" for other, text in (others or {}).items())
    spec_dir = spec_folder(
        tmp_path,
        name,
        "openapi: 3.1.0\n"
        "info: {title: Case, version: '1'}\n"
        "servers: [{url: 'https://api.example.test'}]\n"
        "paths:\n  /x:\n    get:\n      operationId: getX\n      summary: Get x\n"
        "      responses:\n        '200':\n          description: OK\n          content:\n"
        f"            application/json:\n              schema: {{$ref: '#/components/schemas/X'}}\n"
        f"components:\n  schemas:\n    X: {schema}\n{more}",
    )
    return write_package(generate_package(spec_dir, jobs=1, cache=cache), tmp_path / "out")


def one_schema_problem(
    tmp_path: Path, name: str, schema: str, others: Mapping[str, str] | None = None
) -> tuple[int, str, str]:
    """The one problem `one_schema_package` refuses its spec for: (line, pointer as
    `format_pointer` writes it, message)."""
    with pytest.raises(SpecError) as caught:
        one_schema_package(tmp_path, name, schema, others=others)
    (problem,) = caught.value.problems
    return problem.line, format_pointer(problem.pointer), problem.message


# -- mypy --------------------------------------------------------------------------------


@cache
def _mypy_cache() -> Path:
    """One mypy cache for the whole test session: pydantic and httpx are analysed once."""
    path = Path(tempfile.mkdtemp(prefix="botspec-mypy-cache-"))
    atexit.register(shutil.rmtree, path, True)
    return path


_MYPY_LINE = re.compile(r"^(?P<package>[^/\\:]+)[/\\][^:]*:\d+: (?:error|note): ")


def run_mypy_strict(
    cwd: Path, *targets: str, path: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`mypy --strict TARGETS` from `cwd`, with no config file of the repository's and the
    tests' shared cache (`path`: MYPYPATH)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYPY")}
    if path is not None:
        env["MYPYPATH"] = str(path)
    command = ["--strict", "--no-error-summary", "--show-error-codes"]
    return subprocess.run(
        [sys.executable, "-m", "mypy", *command, "--cache-dir", str(_mypy_cache()), *targets],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def mypy_strict(parent: Path, packages: Sequence[str]) -> dict[str, list[str]]:
    """`mypy --strict` on the packages under `parent`, in one run (from `parent`, with no
    config file of the repository's): each package's error lines, empty when clean."""
    result = run_mypy_strict(parent, *(arg for name in packages for arg in ("-p", name)))
    report: dict[str, list[str]] = {name: [] for name in packages}
    for line in result.stdout.splitlines():
        match = _MYPY_LINE.match(line)
        if match and match["package"] in report:
            report[match["package"]].append(line)
    if result.returncode not in (0, 1) or (result.returncode == 1 and not any(report.values())):
        raise AssertionError(f"mypy did not run: {result.stdout}\n{result.stderr}")
    return report


# -- ruff ------------------------------------------------------------------------------


def ruff_findings(path: Path, *options: str) -> str:
    """What ruff reports on `path` with `options` (the rules) and none of the repository's
    settings; empty when it finds nothing."""
    command = [sys.executable, "-m", "ruff", "check", "--no-cache", "--isolated", *options]
    result = subprocess.run([*command, str(path)], capture_output=True, text=True)
    return "" if result.returncode == 0 else result.stdout + result.stderr


# -- pyright -----------------------------------------------------------------------------

# Installed at set-up by `npm ci --prefix generator/schemas` (package.json pins it), never
# downloaded by a test.
PYRIGHT = REPO_ROOT / "generator" / "schemas" / "node_modules" / ".bin" / "pyright"


def pyright_strict(parent: Path, packages: Sequence[str]) -> dict[str, list[str]]:
    """pyright in strict mode (Pylance's checker) on the packages under `parent`, in one run,
    with a config file it writes there (none of the repository's): each package's errors
    and warnings as `file:line:column: severity: message (rule)`, empty when clean. Skips
    the test where set-up has not installed pyright."""
    if not PYRIGHT.is_file():
        pytest.skip(f"pyright is not installed at {PYRIGHT} (set-up runs npm ci, see README)")
    config = {"include": list(packages), "typeCheckingMode": "strict", "pythonVersion": "3.11"}
    (parent / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    result = subprocess.run(
        [str(PYRIGHT), "--outputjson", "--pythonpath", sys.executable],
        cwd=parent,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    try:
        diagnostics = json.loads(result.stdout)["generalDiagnostics"]
    except (ValueError, KeyError):
        raise AssertionError(f"pyright did not run: {result.stdout}\n{result.stderr}") from None
    report: dict[str, list[str]] = {name: [] for name in packages}
    for found in diagnostics:
        if found["severity"] not in ("error", "warning"):
            continue
        where = Path(found["file"]).relative_to(parent)
        start = found["range"]["start"]
        message = found["message"].replace("\xa0", " ")  # pyright indents its notes with these
        report.setdefault(where.parts[0], []).append(
            f"{where.as_posix()}:{start['line'] + 1}:{start['character'] + 1}: "
            f"{found['severity']}: {message} ({found.get('rule', 'no rule')})"
        )
    if result.returncode not in (0, 1) or (result.returncode == 1 and not any(report.values())):
        raise AssertionError(f"pyright failed: {result.stdout}\n{result.stderr}")
    return report


# -- importing generated code --------------------------------------------------------------


def run_isolated(code: str, path: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """`python -c code` with only `path` added to sys.path (PYTHONPATH, and the working
    directory), nothing of the repository's: the vendoring case."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = str(path)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=path,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@contextmanager
def imported(parent: Path, name: str) -> Iterator[ModuleType]:
    """Import package `name` from `parent` in this process; forgotten again afterwards."""
    sys.path.insert(0, str(parent))
    try:
        module = importlib.import_module(name)
        assert module.__file__ is not None
        assert Path(module.__file__).is_relative_to(parent), module.__file__
        yield module
    finally:
        sys.path.remove(str(parent))
        for key in [k for k in sys.modules if k == name or k.startswith(name + ".")]:
            del sys.modules[key]


@contextmanager
def imported_strictly(parent: Path, name: str) -> Iterator[ModuleType]:
    """`imported`, from inside `parent` and with every warning an error: were spec text
    executed, its marker file would appear in `parent`; pydantic's name warnings fail."""
    cwd = Path.cwd()
    os.chdir(parent)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with imported(parent, name) as module:
                yield module
    finally:
        os.chdir(cwd)


# -- a recording HTTP server ---------------------------------------------------------------


@dataclass
class Recorded:
    """One request as it went over the wire."""

    method: str
    path: str  # raw, still percent-encoded
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-cased names
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    midway: Callable[[], None] | None = None  # called once the body's first byte is sent


class RecordingServer:
    """A ThreadingHTTPServer on 127.0.0.1 that records every request and answers each with
    the next queued reply (or an empty 200)."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self._replies: list[Reply] = []
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                split = urlsplit(self.path)
                with owner._lock:
                    owner.requests.append(
                        Recorded(
                            self.command,
                            split.path,
                            parse_qs(split.query, keep_blank_values=True),
                            {k.lower(): v for k, v in self.headers.items()},
                            body,
                        )
                    )
                    reply = owner._replies.pop(0) if owner._replies else Reply()
                self.send_response(reply.status)
                if reply.body or reply.status != 204:
                    self.send_header("Content-Type", reply.content_type)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                if reply.midway is not None:  # the client holds part of the answer meanwhile
                    self.wfile.write(reply.body[:1])
                    reply.midway()
                    self.wfile.write(reply.body[1:])
                else:
                    self.wfile.write(reply.body)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> RecordingServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def reply(
        self,
        body: Any = None,
        status: int = 200,
        content_type: str | None = None,
        headers: dict[str, str] | None = None,
        midway: Callable[[], None] | None = None,
    ) -> None:
        """Queue the answer to the next request: JSON for dicts/lists, else text or bytes
        (`midway`: called between sending the body's first byte and the rest)."""
        if isinstance(body, bytes):
            data, kind = body, "application/octet-stream"
        elif isinstance(body, str):
            data, kind = body.encode(), "text/plain; charset=utf-8"
        elif body is None:
            data, kind = b"", "application/json"
        else:
            data, kind = json.dumps(body).encode(), "application/json"
        with self._lock:
            self._replies.append(Reply(status, data, content_type or kind, headers or {}, midway))

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self._replies.clear()

    @property
    def last(self) -> Recorded:
        assert self.requests, "the server received no request"
        return self.requests[-1]


class FakeClock:
    """Stands in for the `time` module (and, through `asyncio_module()`, the `asyncio` module)
    of a generated module: a clock that moves only when a test advances it or when the code
    sleeps, and the sleeps the code asks for, recorded in `asked`, not slept.

    Anything else is the real module's, so only the clock and the sleeps are fake."""

    def __init__(self, start: float = 1000.0, wall: float | None = None) -> None:
        """`start` is what `monotonic()` reads; `time()` reads `wall` (default: the real
        time now) at the same instant, and moves with it."""
        self.now = start
        self._wall_offset = (time.time() if wall is None else wall) - start
        self.asked: list[float] = []

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def monotonic(self) -> float:
        return self.now

    def perf_counter(self) -> float:
        return self.now

    def time(self) -> float:
        return self.now + self._wall_offset

    def sleep(self, seconds: float) -> None:
        self.asked.append(seconds)
        self.now += seconds

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)

    def asyncio_module(self) -> Any:
        """An `asyncio` whose `sleep` records and moves this clock, then only yields."""
        clock = self

        class _Asyncio:
            async def sleep(self, seconds: float, result: Any = None) -> Any:
                clock.sleep(seconds)
                return await asyncio.sleep(0, result)

            def __getattr__(self, name: str) -> Any:
                return getattr(asyncio, name)

        return _Asyncio()

    def install(self, module: ModuleType, monkeypatch: pytest.MonkeyPatch) -> FakeClock:
        """Make `module` (say `kook._base_client`) see this clock; undone by `monkeypatch`."""
        monkeypatch.setattr(module, "time", self)
        if hasattr(module, "asyncio"):
            monkeypatch.setattr(module, "asyncio", self.asyncio_module())
        return self


@contextmanager
def refused_port() -> Iterator[int]:
    """A loopback port nothing listens on and nobody else can take while the `with` lasts:
    it stays bound (not listening), so a connection to it is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


# -- schemas hypothesis-jsonschema draws from ------------------------------------------

_NOT_FOR_DRAWING = ("description", "example", "examples", "title", "format")


def drawable(
    specs: SpecSet, doc: Any, schema: Any, *, non_empty: bool = False, closed: bool = True
) -> Any:
    """`schema` as hypothesis-jsonschema draws from it: every `$ref` replaced by what it
    names, documentation and `x-` keywords dropped, and, if `closed`, every object that
    lists its properties closed to them (request models refuse other fields; answers may
    hold any). `non_empty`: a string at the top has at least one character (a path
    segment)."""
    if isinstance(schema, list):
        return [drawable(specs, doc, item, closed=closed) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        doc, target = specs.deref(doc, schema)
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    out = {
        key: (
            value
            if key in ("enum", "const", "required")
            else _drawable_part(specs, doc, key, value, closed)
        )
        for key, value in schema.items()
        if key not in _NOT_FOR_DRAWING and not key.startswith("x-")
    }
    if closed and "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    if non_empty and "string" in (out.get("type") or ()):
        out["minLength"] = max(1, out.get("minLength", 0))
    bits = _FORMAT_BITS.get(str(schema.get("format")))
    if bits and "integer" in (out.get("type") or ()):  # a client refuses an int beyond it
        out.setdefault("minimum", -(2 ** (bits - 1)))
        out.setdefault("maximum", 2 ** (bits - 1) - 1)
    return out


_FORMAT_BITS = {"int32": 32, "int64": 64}


def _drawable_part(specs: SpecSet, doc: Any, key: str, value: Any, closed: bool) -> Any:
    if key == "properties":
        return {name: drawable(specs, doc, sub, closed=closed) for name, sub in value.items()}
    return drawable(specs, doc, value, closed=closed)
