"""The mock server: routing, request checks, example answers, fault injection."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from generator.load import Document, SpecSet, is_json_media, iter_operations, load
from generator.mock._responses import ResponseMaker
from generator.mock._schemas import SchemaChecker
from generator.mock._values import Unmade
from generator.pipeline import spec_files_in
from generator.problems import Pointer, SpecError, did_you_mean
from generator.validate import HTTP_TOKEN, NOT_AN_HTTP_TOKEN, validate

CONTROL = "/__botspec__"
# What HTTP carries as a header (RFC 9110), as the generated client checks it: a name is a
# token, a value visible ASCII with spaces and tabs only between visible characters.
_HEADER_VALUE = re.compile(r"(?:[\x21-\x7e](?:[\x20-\x7e\t]*[\x21-\x7e])?)?")
_NOT_A_HEADER_VALUE = "visible ASCII, spaces and tabs only between characters"
# One a fault set would not match the body the server writes, which it then fails to send.
_FRAMING_HEADERS = frozenset({"content-length", "transfer-encoding"})


@dataclass
class Fault:
    """What happens to the next `count` matching calls: an error answer (an error status,
    `body`, `envelope_code` or `drop`) instead of the spec's example, or only a `hold`, a
    `delay`, extra `headers` or another 2xx `status` on the example answer."""

    count: int = 1
    operation: str | None = None  # operationId; None = any operation
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None  # replaces the whole response body
    envelope_code: int | None = None  # an envelope error with this code
    message: str = "injected fault"
    delay: float = 0.0  # seconds before answering
    drop: bool = False  # close the connection in the middle of the answer
    hold: bool = False  # answer only once released (control `release` or `reset`)

    @property
    def replaces_answer(self) -> bool:
        """False for a fault that only delays the spec's answer, adds headers to it or
        gives it another 2xx status."""
        error_status = self.status is not None and not 200 <= self.status < 300
        return self.drop or error_status or self.body is not None or self.envelope_code is not None


@dataclass
class MockOperation:
    operation_id: str
    method: str
    path: str
    pattern: re.Pattern[str]  # a group for each of `path_names`, in order
    path_names: tuple[str, ...]
    pointer: Pointer
    spec: dict[str, Any]
    authenticated: bool


class MockApp:
    """Holds the spec and the mock's state; `asgi` is the app to serve."""

    def __init__(self, spec_dir: Path) -> None:
        specs = load(spec_files_in(spec_dir))
        problems = validate(specs)
        if problems:
            raise SpecError(problems)
        rest = [d for d in specs.roots if d.kind == "openapi"]
        if not rest:
            raise SpecError(
                [specs.roots[0].problem((), "the mock serves OpenAPI documents; none here")]
            )
        self.doc: Document = rest[0]
        self.specs: SpecSet = specs
        self.checker = SchemaChecker(self.doc, specs)
        self.responses = ResponseMaker(self.doc, specs)
        self.operations = list(self._operations())
        self.faults: deque[Fault] = deque()
        self.requests: list[dict[str, Any]] = []
        self.collections: dict[str, list[Any]] = {}
        self._released = asyncio.Event()  # set (and replaced) to let held answers go
        self._cut_short = asyncio.Event()  # set (and replaced) to end delays (reset, stop)
        self._held = 0
        self._held_changed = threading.Condition()  # for `wait_held`, from another thread
        self._closing = False
        self.asgi = Starlette(
            routes=[
                Route(CONTROL + "/faults", self._add_fault, methods=["POST"]),
                Route(CONTROL + "/requests", self._recorded, methods=["GET"]),
                Route(CONTROL + "/reset", self._reset, methods=["POST"]),
                Route(CONTROL + "/release", self._release, methods=["POST"]),
                Route(CONTROL + "/collections/{operation}", self._set_collection, methods=["PUT"]),
            ]
        )
        # Every other request is the API's, whatever its path: a route's pattern misses one
        # holding an escaped newline (a path parameter "\n"), and no slash is redirected.
        self.asgi.router.default = self._api
        self.asgi.router.redirect_slashes = False

    def _operations(self) -> list[MockOperation]:
        security = self.doc.data.get("security") or []
        out = []
        for pointer, path, method, op in iter_operations(self.doc.data):
            # Unnamed groups: a parameter's name (`chat-id`) need not be a group name.
            pattern = re.compile("^" + re.sub(r"\\\{[^{}]+\\\}", "([^/]+)", re.escape(path)) + "$")
            names = tuple(re.findall(r"\{([^{}]+)\}", path))
            authenticated = bool(op.get("security", security))
            out.append(
                MockOperation(
                    op["operationId"],
                    method.upper(),
                    path,
                    pattern,
                    names,
                    pointer,
                    op,
                    authenticated,
                )
            )
        return out

    # -- control endpoints ----------------------------------------------------

    async def _add_fault(self, request: Request) -> Response:
        try:
            raw = await request.json()
        except ValueError as exc:
            return JSONResponse({"error": f"bad fault: not JSON: {exc}"}, status_code=400)
        known = {op.operation_id for op in self.operations}
        faults: list[Fault] = []
        for item in raw if isinstance(raw, list) else [raw]:
            # Checked now: a bad field would otherwise break the call it is meant for, and an
            # unknown operation would never match.
            fault = _fault(item, known)
            if isinstance(fault, str):
                return JSONResponse({"error": f"bad fault: {fault}"}, status_code=400)
            faults.append(fault)
        self.faults.extend(faults)
        return JSONResponse({"queued": len(self.faults)})

    async def _recorded(self, request: Request) -> Response:
        return JSONResponse(self.requests)

    async def _reset(self, request: Request) -> Response:
        self.faults.clear()
        self.requests.clear()
        self.collections.clear()
        self.release()
        self._end_delays()
        return JSONResponse({"reset": True})

    async def _release(self, request: Request) -> Response:
        return JSONResponse({"released": self.release()})

    def release(self) -> int:
        """Let every held answer go; how many were held."""
        with self._held_changed:
            held, self._held = self._held, 0
        self._released.set()
        self._released = asyncio.Event()
        return held

    def wait_held(self, count: int, timeout: float | None = None) -> bool:
        """Block until at least `count` answers are held (fault `hold`), or `timeout` seconds
        have passed: whether they are. For a test running the app in process, from a thread
        other than the server's: it knows its calls are waiting on the mock, without polling."""
        with self._held_changed:
            return self._held_changed.wait_for(lambda: self._held >= count, timeout)

    def close(self) -> None:
        """Release held answers and end delays, and hold or delay no more: a server
        stopping waits for its answers."""
        self._closing = True
        self.release()
        self._end_delays()

    def _end_delays(self) -> None:
        self._cut_short.set()
        self._cut_short = asyncio.Event()

    async def _delay(self, seconds: float) -> None:
        """Sleep `seconds`, unless a reset or the server stopping comes first: a server
        stopping waits for its answers, the caller gone or not."""
        if self._closing:
            return
        sleeping = asyncio.ensure_future(asyncio.sleep(seconds))
        cut = asyncio.ensure_future(self._cut_short.wait())
        try:
            await asyncio.wait({sleeping, cut}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            sleeping.cancel()
            cut.cancel()

    async def _set_collection(self, request: Request) -> Response:
        operation = request.path_params["operation"]
        if operation not in {op.operation_id for op in self.operations}:
            return JSONResponse({"error": f"no operation {operation!r}"}, status_code=404)
        try:
            items = await request.json()
        except ValueError:
            items = None
        if not isinstance(items, list):
            return JSONResponse({"error": "expected a JSON array of items"}, status_code=400)
        self.collections[operation] = items
        return JSONResponse({"items": len(items)})

    # -- API endpoints --------------------------------------------------------

    async def _api(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self._handle(Request(scope, receive))
        await response(scope, receive, send)

    async def _handle(self, request: Request) -> Response:
        path = _raw_path(request)
        body = await request.body()
        matches = [op for op in self.operations if op.pattern.match(self._relative(path))]
        operation = next((op for op in matches if op.method == request.method), None)
        self.requests.append(self._record(request, path, body, operation))
        if operation is None:
            if matches:
                allowed = ", ".join(sorted({op.method for op in matches}))
                refused = self._error(
                    405, f"method {request.method} not allowed on {path}; allowed: {allowed}"
                )
                refused.headers["Allow"] = allowed  # RFC 9110: a 405 says what is allowed
                return refused
            return self._error(404, f"no operation at {request.method} {path}")
        fault = self._take_fault(operation.operation_id)
        if fault is not None:
            if fault.hold and not self._closing:
                with self._held_changed:
                    self._held += 1
                    self._held_changed.notify_all()
                await self._released.wait()
            if fault.delay:
                await self._delay(fault.delay)
            if fault.replaces_answer:
                return self._fault(fault)
        problem = self._check(operation, request, path, body)
        if problem is not None:
            status, message = problem
            return self._error(status, f"{operation.operation_id}: {message}")
        try:
            answer = self.responses.answer(
                operation.pointer,
                operation.spec,
                dict(request.query_params),
                self._json(body),
                self.collections.get(operation.operation_id),
            )
        except Unmade as exc:  # a schema whose values the mock cannot make up
            return self._error(500, f"{operation.operation_id}: botspec mock made no answer: {exc}")
        if fault is not None:  # only delays, adds headers or changes a 2xx status
            answer.status = fault.status or answer.status
            answer.headers.update(fault.headers)
        return self._respond(answer.status, answer.body, answer.headers, answer.media_type)

    def _relative(self, path: str) -> str:
        """The path below the server's base path (e.g. /api/v3)."""
        for server in self.doc.data.get("servers") or []:
            base = re.sub(r"^[a-z]+://[^/]+", "", str(server.get("url", "")))
            base = base.rstrip("/")
            if base and not base.startswith("{") and path.startswith(base + "/"):
                return path[len(base) :]
        return path

    def _record(
        self, request: Request, path: str, body: bytes, operation: MockOperation | None
    ) -> dict[str, Any]:
        return {
            "operation": operation.operation_id if operation else None,
            "method": request.method,
            "path": path,
            "query": list(request.query_params.multi_items()),
            "headers": _headers(request),
            "body": body.decode("utf-8", "replace"),
            "received_at": time.time(),
        }

    def _take_fault(self, operation_id: str) -> Fault | None:
        for fault in self.faults:
            if fault.operation in (None, operation_id):
                fault.count -= 1
                if fault.count <= 0:
                    self.faults.remove(fault)
                return fault
        return None

    def _fault(self, fault: Fault) -> Response:
        if fault.drop:
            return _Dropped()
        status = fault.status or 200
        if fault.body is not None:
            payload: Any = fault.body
        elif fault.envelope_code is not None:
            payload = self.responses.error_body(fault.envelope_code, fault.message)
        else:
            payload = self.responses.error_body(status, fault.message)
        headers = {**self.responses.rate_limit_headers(), **fault.headers}
        return self._respond(status, payload, headers)

    def _check(
        self, op: MockOperation, request: Request, path: str, body: bytes
    ) -> tuple[int, str] | None:
        refused = op.authenticated and self.checker.credentials_problem(op.spec, request.headers)
        if refused:
            return 401, refused
        match = op.pattern.match(self._relative(path))
        values = match.groups() if match else ()
        path_values = {k: unquote(v) for k, v in zip(op.path_names, values, strict=False)}
        message = self.checker.parameters(
            op.pointer, op.spec, path_values, request.query_params, request.headers
        )
        if message is None:
            message = self.checker.body(op.pointer, request.headers.get("content-type"), body)
        return (400, message) if message else None

    @staticmethod
    def _json(body: bytes) -> Any:
        try:
            return json.loads(body) if body else None
        except ValueError:
            return None

    def _error(self, status: int, message: str) -> Response:
        return self._respond(
            status, self.responses.error_body(status, message), self.responses.rate_limit_headers()
        )

    @staticmethod
    def _respond(
        status: int, payload: Any, headers: dict[str, str], media: str | None = None
    ) -> Response:
        """The answer, in `media` (the spec's media type); without one JSON, but a string
        as text (a fault's body)."""
        if payload is None:
            return Response(status_code=status, headers=headers)
        media = media or ("text/plain" if isinstance(payload, str) else "application/json")
        if is_json_media(media):
            return JSONResponse(payload, status_code=status, headers=headers, media_type=media)
        return Response(payload, status_code=status, headers=headers, media_type=media)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _fault(item: Any, operations: set[str]) -> Fault | str:
    """The fault a JSON object asks for, or what is wrong with it."""
    allowed = [f.name for f in fields(Fault)]
    if not isinstance(item, dict):
        got = json.dumps(item)
        got = got if len(got) <= 60 else got[:57] + "..."
        return f"expected a JSON object (or a list of them) of {', '.join(allowed)}; got {got}"
    for name in item:
        if name not in allowed:
            guess = did_you_mean(name, allowed)
            hint = f"; {guess}" if guess else ""
            return f"unknown field {name!r}{hint} (allowed: {', '.join(allowed)})"
    fault = Fault(**item)
    return _fault_problem(fault, operations) or fault


def _fault_problem(fault: Fault, operations: set[str]) -> str | None:
    """What is wrong with a fault's fields, or None."""
    if not _is_int(fault.count) or fault.count < 1:
        return "'count' must be an integer of 1 or more"
    if fault.operation is not None and fault.operation not in operations:
        return f"no operation {fault.operation!r}; the spec's: {', '.join(sorted(operations))}"
    if fault.status is not None and (not _is_int(fault.status) or not 200 <= fault.status <= 599):
        return "'status' must be an HTTP status from 200 to 599"
    if not isinstance(fault.headers, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in fault.headers.items()
    ):
        return "'headers' must be an object of strings"
    header = next(filter(None, map(_header_problem, fault.headers.items())), None)
    if header:
        return header
    if fault.envelope_code is not None and not _is_int(fault.envelope_code):
        return "'envelope_code' must be an integer"
    if not isinstance(fault.message, str):
        return "'message' must be a string"
    if not isinstance(fault.delay, (int, float)) or isinstance(fault.delay, bool):
        return "'delay' must be a number of seconds"
    if not 0 <= fault.delay < float("inf"):
        return "'delay' must be 0 or more seconds"
    if not isinstance(fault.drop, bool):
        return "'drop' must be true or false"
    if not isinstance(fault.hold, bool):
        return "'hold' must be true or false"
    return None


def _header_problem(header: tuple[str, str]) -> str | None:
    """Why HTTP cannot carry this header of a fault, or None: the server would fail to
    write the answer it is meant for, which would leave the call with no answer at all."""
    name, value = header
    if not HTTP_TOKEN.fullmatch(name):
        return f"header name {name!r} {NOT_AN_HTTP_TOKEN}"
    if not _HEADER_VALUE.fullmatch(value):
        return (
            f"header {name!r}: value {value!r} is not an HTTP field value ({_NOT_A_HEADER_VALUE})"
        )
    if name.lower() in _FRAMING_HEADERS:
        return f"header {name!r} is the server's to set: it frames the answer's body"
    return None


def _headers(request: Request) -> dict[str, str]:
    """The request's headers by lower-cased name; a repeated one joined by ", " (as HTTP
    combines them), so a header sent twice shows."""
    headers: dict[str, str] = {}
    for name, value in request.headers.items():
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return headers


def _raw_path(request: Request) -> str:
    """The path as it was sent, percent-escapes kept: an escaped '/' inside a path
    parameter must not split it."""
    raw = request.scope.get("raw_path")
    return raw.decode("latin-1") if raw else request.url.path


class _Dropped(Response):
    """Starts an answer and abandons it: the server closes the connection mid-response,
    as a crashed or overloaded upstream does."""

    def __init__(self) -> None:
        super().__init__(status_code=200)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", b"64")],
            }
        )


def create_app(spec_dir: Path) -> MockApp:
    return MockApp(spec_dir)


def uvicorn_server(app: MockApp, config: Any, announce: bool = False) -> Any:
    """A uvicorn.Server for `app` (config: a uvicorn.Config of `app.asgi`) whose graceful
    shutdown first releases held answers; it would otherwise wait for them. With `announce`,
    once it listens it prints the URL it serves on (the port the OS chose, for port 0)."""
    import uvicorn

    class Server(uvicorn.Server):
        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets)
            if announce and self.started:
                host, port = self.servers[0].sockets[0].getsockname()[:2]
                shown = f"[{host}]" if ":" in host else host
                print(f"botspec mock: serving on http://{shown}:{port}", flush=True)

        async def shutdown(self, sockets: Any = None) -> None:
            app.close()
            await super().shutdown(sockets)

    return Server(config)


def serve(spec_dir: Path, host: str = "127.0.0.1", port: int = 8080) -> None:
    """Serve `spec_dir` until interrupted; prints `botspec mock: serving on URL` once
    listening (port 0: a free port the OS picks, shown there)."""
    import uvicorn

    app = create_app(spec_dir)
    config = uvicorn.Config(app.asgi, host=host, port=port, log_level="warning")
    server = uvicorn_server(app, config, announce=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.run()
    if not server.started:  # as uvicorn.run: e.g. the port is taken
        sys.exit(3)
