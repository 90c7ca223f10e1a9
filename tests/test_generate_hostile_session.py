"""Hostile input, `x-session` and `x-webhook`: the wire fields and HTTP headers they name
(the gateway's Hello, Identify, Resume, READY and gateway-URL fields, the webhook's signature
headers and validation fields) are Python keywords, builtins, dunders, pydantic's names, hold
quotes, backslashes, template syntax, newlines, U+2028, spaces, '-', '.', Chinese or start
with a digit.

The qqbot specs are copied with every such field renamed to a hostile name, and beside it a
decoy field carrying the Python name a naive translation of the hostile name would give
(`class_` beside `class`): the generated package must pass `mypy --strict`, import, and its
gateway (against a real WebSocket server and `botspec mock` on 127.0.0.1) and webhook app
(under uvicorn on 127.0.0.1) must read and write exactly the hostile wire names, never the
decoys. Names no platform could send (empty, not strings, header names that are not HTTP
tokens, one name for two roles) are refused with a SpecError located at the name.
"""

from __future__ import annotations

import asyncio
import copy
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml
from gateway_server import GUARD, BeatClock, Connection, GatewayServer, example
from gen_support import REPO_ROOT, botspec, generate_to, imported_strictly, mypy_strict
from mockserver import MockServer
from test_gateway import issue_tokens, run
from test_generate_hostile import MARKER, TEMPLATE_PROBE, TEMPLATE_RESULT
from test_webhook import (
    VECTOR_EVENT_TS,
    VECTOR_PLAIN_TOKEN,
    VECTOR_SECRET,
    VECTOR_SIGNATURE,
    Served,
    key_of,
)

from generator.model._names import field_name
from generator.pipeline import generate_package
from generator.problems import SpecError

QQBOT = REPO_ROOT / "specs" / "qqbot"
PACKAGE = "qqsession"

# x-session / x-webhook key path -> (document, schema whose property it names, hostile name).
# Every hostile name differs from the Python name `field_name` makes of it, and that Python
# name is added to the schema as a decoy field, before the real one.
HOSTILE: dict[tuple[str, ...], tuple[str, str, str]] = {
    ("x-session", "url-field"): ("openapi", "GatewayBot", "class"),
    ("x-session", "heartbeat-interval"): ("asyncapi", "HelloData", "__init__"),
    ("x-session", "session-id"): ("asyncapi", "ReadyData", "json"),
    ("x-session", "start-limit", "field"): ("openapi", "GatewayBot", "model_config"),
    ("x-session", "start-limit", "remaining"): ("openapi", "SessionStartLimit", "a.b"),
    ("x-session", "start-limit", "reset-after"): ("openapi", "SessionStartLimit", "中文"),
    ("x-session", "identify", "token"): ("asyncapi", "IdentifyData", f"'\"\\ {TEMPLATE_PROBE}"),
    ("x-session", "identify", "intents"): ("asyncapi", "IdentifyData", "{% if 1 %}x{% endif %}"),
    ("x-session", "identify", "shard"): ("asyncapi", "IdentifyData", "a\nb\u2028c"),
    ("x-session", "identify", "properties"): ("asyncapi", "IdentifyData", "1abc"),
    ("x-session", "resume", "token"): ("asyncapi", "ResumeData", "{token}"),
    ("x-session", "resume", "session-id"): ("asyncapi", "ResumeData", "None"),
    ("x-session", "resume", "sequence"): ("asyncapi", "ResumeData", "__class__"),
    ("x-webhook", "validation", "plain-token"): ("asyncapi", "CallbackValidationData", "def"),
    ("x-webhook", "validation", "event-ts"): ("asyncapi", "CallbackValidationData", "a b"),
    ("x-webhook", "validation", "signature"): (
        "asyncapi",
        "CallbackValidationResponse",
        f'"\\ {TEMPLATE_PROBE}\u2028',
    ),
}
# The validation answer echoes the plain token under the same name.
ANSWER_PLAIN_TOKEN = ("asyncapi", "CallbackValidationResponse", "def")
TOKEN_FORMAT = "Q'\"\\\n\u2028中 {token} `|#"
# HTTP tokens, hostile all the same: quotes, backticks, a keyword, dunder underscores.
SIGNATURE_HEADER = "X-Sig'`|~!#$%&*+.^_1"
TIMESTAMP_HEADER = "__Class__"


def _wire(path: tuple[str, ...]) -> str:
    return HOSTILE[path][2]


def _original(data: dict[str, Any], path: tuple[str, ...]) -> str:
    value: Any = data
    for key in path:
        value = value[key]
    assert isinstance(value, str)
    return value


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def _rename(schema: dict[str, Any], old: str, new: str, decoy: bool = True) -> None:
    """Rename property `old` to `new` (in place, keeping its order and required-ness), with
    a decoy property named `field_name(new)` of the same schema just before it."""
    properties: dict[str, Any] = schema["properties"]
    renamed: dict[str, Any] = {}
    for key, value in properties.items():
        if key == old:
            if decoy and field_name(new) != new and field_name(new) not in properties:
                renamed[field_name(new)] = copy.deepcopy(value)
            renamed[new] = value
        else:
            renamed[key] = value
    schema["properties"] = renamed
    schema["required"] = [new if name == old else name for name in schema.get("required", [])]


def _rename_keys(payload: dict[str, Any], renames: dict[str, str]) -> None:
    """Rename the keys of an example object in place, keeping their order."""
    items = [(renames.get(k, k), v) for k, v in payload.items()]
    payload.clear()
    payload.update(items)


# Where the examples of each renamed schema's objects are: message and path into its payload.
_EXAMPLES = {
    "HelloData": ("Hello", ("d",)),
    "IdentifyData": ("Identify", ("d",)),
    "ReadyData": ("Ready", ("d",)),
    "ResumeData": ("Resume", ("d",)),
    "CallbackValidationData": ("CallbackValidation", ("d",)),
    "CallbackValidationResponse": ("CallbackValidationResponse", ()),
}


def hostile_specs(folder: Path, changes: dict[tuple[str, ...], Any] | None = None) -> Path:
    """Copies of the qqbot specs in `folder` with every x-session / x-webhook name hostile
    (the schemas and their examples renamed to match, decoys added), then `changes` applied
    to the AsyncAPI document (key path -> value; `...` deletes the key)."""
    docs = {
        "openapi": yaml.safe_load((QQBOT / "openapi.yaml").read_text(encoding="utf-8")),
        "asyncapi": yaml.safe_load((QQBOT / "asyncapi.yaml").read_text(encoding="utf-8")),
    }
    asyncapi = docs["asyncapi"]
    renames: dict[str, dict[str, str]] = {}
    for path, (doc, schema, new) in [*HOSTILE.items(), (("",), ANSWER_PLAIN_TOKEN)]:
        old = "plain_token" if path == ("",) else _original(asyncapi, path)
        _rename(docs[doc]["components"]["schemas"][schema], old, new)
        renames.setdefault(schema, {})[old] = new
        if path != ("",):
            _set(asyncapi, path, new)
    messages = asyncapi["components"]["messages"]
    for schema, (message, where) in _EXAMPLES.items():
        for spec_example in messages[message]["examples"]:
            payload = spec_example["payload"]
            for key in where:
                payload = payload[key]
            _rename_keys(payload, renames[schema])
    media = docs["openapi"]["paths"]["/gateway/bot"]["get"]["responses"]["200"]["content"]
    answer = media["application/json"]["example"]
    _rename_keys(answer, renames["GatewayBot"])
    _rename_keys(answer[renames["GatewayBot"]["session_start_limit"]], renames["SessionStartLimit"])
    asyncapi["x-session"]["token-format"] = TOKEN_FORMAT
    asyncapi["x-webhook"]["signature-header"] = SIGNATURE_HEADER
    asyncapi["x-webhook"]["timestamp-header"] = TIMESTAMP_HEADER
    for path, value in (changes or {}).items():
        if value is ...:
            target = asyncapi
            for key in path[:-1]:
                target = target[key]
            del target[path[-1]]
        else:
            _set(asyncapi, path, value)
    folder.mkdir(parents=True, exist_ok=True)
    for name, doc in docs.items():
        text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=1000)
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return folder


def _line_of(text: str, pointer: tuple[str, ...]) -> int:
    """The 1-based line of the key `pointer` ends in, found below its parents' keys."""
    lines = text.splitlines()
    line = lines.index(f"{pointer[0]}:")
    for key in pointer[1:]:
        line = next(i for i in range(line + 1, len(lines)) if lines[i].lstrip().startswith(key))
    return line + 1


# -- the package generated from the hostile names ---------------------------------------------


@pytest.fixture(scope="module")
def spec_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_specs(tmp_path_factory.mktemp("specs") / PACKAGE)


@pytest.fixture(scope="module")
def generated(spec_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    parent = tmp_path_factory.mktemp("generated")  # a vendored copy, outside the repo
    generate_to(spec_dir, parent)
    return parent


@pytest.fixture(scope="module")
def package(generated: Path) -> Iterator[ModuleType]:
    with imported_strictly(generated, PACKAGE) as module:
        yield module


@pytest.fixture(scope="module")
def mock(spec_dir: Path) -> Iterator[MockServer]:
    """`botspec mock` of the hostile specs: it sells the tokens and answers the gateway URL."""
    with MockServer(spec_dir) as server:
        yield server


def test_hostile_session_and_webhook_names_give_a_package_passing_mypy_strict(
    generated: Path,
) -> None:
    assert {"_gateway.py", "_webhook.py"} <= set(os.listdir(generated / PACKAGE))
    assert mypy_strict(generated, [PACKAGE]) == {PACKAGE: []}


def test_hostile_names_reach_the_code_as_string_literals_never_evaluated_or_executed(
    generated: Path, package: ModuleType
) -> None:
    sources = {
        path.name: path.read_text(encoding="utf-8")
        for path in (generated / PACKAGE).iterdir()
        if path.name.endswith(".py")
    }
    for name, source in sources.items():
        compile(source, name, "exec")
        assert TEMPLATE_RESULT not in source, name
    gateway, webhook = sources["_gateway.py"], sources["_webhook.py"]
    assert '"{% if 1 %}x{% endif %}": self.intents,' in gateway
    assert f'"\'\\"\\\\ {TEMPLATE_PROBE}": token,' in gateway
    assert '"a\\nb\\u2028c": list(self.shard),' in gateway
    assert f"'\"\\\\ {TEMPLATE_PROBE}\\u2028': self.sign(" in webhook
    assert {"GatewayClient", "WebhookApp"} <= set(package.__all__)
    assert not (generated / MARKER).exists()


# -- the gateway, against a WebSocket server and the mock on 127.0.0.1 ------------------------

URL = ("x-session", "url-field")
INTERVAL = ("x-session", "heartbeat-interval")
SESSION_ID = ("x-session", "session-id")
LIMIT = ("x-session", "start-limit", "field")
REMAINING = ("x-session", "start-limit", "remaining")
RESET_AFTER = ("x-session", "start-limit", "reset-after")
IDENTIFY = {key: _wire(("x-session", "identify", key)) for key in ("token", "intents", "shard")}
IDENTIFY["properties"] = _wire(("x-session", "identify", "properties"))
RESUME = {key: _wire(("x-session", "resume", key)) for key in ("token", "session-id", "sequence")}
PREFIX, SUFFIX = TOKEN_FORMAT.split("{token}")


def _decoyed(path: tuple[str, ...], value: Any, decoy: Any) -> dict[str, Any]:
    """The hostile field of `path` set to `value`, its decoy (when it has one) to `decoy`."""
    wire = _wire(path)
    return {wire: value} if field_name(wire) == wire else {field_name(wire): decoy, wire: value}


def _gateway_answer(
    url: str, remaining: int, reset_after_ms: int, decoy_remaining: int
) -> dict[str, Any]:
    """GET /gateway/bot's answer under the hostile names: `url`, `remaining` session starts,
    reset in `reset_after_ms`; the decoys say: a closed port, `decoy_remaining`, 3 hours."""
    limit = {
        "total": 1000,
        **_decoyed(REMAINING, remaining, decoy_remaining),
        **_decoyed(RESET_AFTER, reset_after_ms, 3 * 3600 * 1000),
        "max_concurrency": 1,
    }
    return {**_decoyed(URL, url, "ws://127.0.0.1:9/decoy"), "shards": 1, _wire(LIMIT): limit}


def _hello() -> dict[str, Any]:
    """Hello under the hostile name, beating every 40 ms (the decoy: every 3 hours)."""
    return {"op": 10, "d": _decoyed(INTERVAL, 40, 3 * 3600 * 1000)}


def _skipped_sleeps(package: ModuleType, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits the package's `run()` asks for (between attempts, for session starts), in
    order: each recorded, then over at once, as if its time had passed."""
    asked: list[float] = []

    async def recorded(self: Any, seconds: float) -> None:
        await asyncio.sleep(0)
        asked.append(seconds)

    monkeypatch.setattr(package.GatewayClient, "_sleep", recorded)
    return asked


async def _run_gateway(
    package: ModuleType,
    mock: MockServer,
    server: GatewayServer,
    answer: dict[str, Any],
    done: asyncio.Event,
) -> None:
    """A GatewayClient of the hostile package, its token and gateway URL from the mock, run
    until `done` is set (by a server script, which sets it also when it fails), then
    stopped."""
    mock.reset()
    issue_tokens(mock, "tok-H")
    mock.fault(operation="getGatewayBot", status=200, count=100, body=answer)
    client = package.AsyncClient(
        app_id="1001",
        client_secret="hostile-secret",
        base_url=mock.url,
        token_url=mock.url + "/app/getAppAccessToken",
    )
    errors: list[Exception] = []
    dispatcher = package.Dispatcher(on_error=lambda error, event: errors.append(error))
    gateway = package.GatewayClient(client, intents=1 << 25, dispatcher=dispatcher)
    task = asyncio.create_task(gateway.run())
    ended = asyncio.create_task(done.wait())
    try:
        await asyncio.wait([task, ended], timeout=GUARD, return_when=asyncio.FIRST_COMPLETED)
        if server.errors:
            raise server.errors[0]
        assert not task.done(), "run() ended"
        assert done.is_set(), f"the scripts did not finish within {GUARD} s"
    finally:
        ended.cancel()
        await gateway.stop()
        await asyncio.wait_for(task, GUARD)
        await client.close()
    assert errors == []


def test_the_gateway_reads_hostile_url_hello_and_ready_fields_and_writes_hostile_identify_and_resume(
    package: ModuleType, mock: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: dict[str, Any] = {}
    waits = _skipped_sleeps(package, monkeypatch)
    beats = BeatClock().install(sys.modules[PACKAGE + "._gateway"], monkeypatch)
    done = asyncio.Event()

    async def first(conn: Connection) -> None:
        try:
            await conn.send(_hello())
            sent["identify"] = await conn.expect(2)
            ready = _decoyed(SESSION_ID, "sess-hostile", "sess-decoy")
            await conn.dispatch({"op": 0, "s": 1, "t": "READY", "d": {"version": 1, **ready}})
            await beats.sleeping(1)  # the heartbeat waits its interval: hello's, checked below
            beats.advance(beats.asked[0])  # which passes: a beat goes out
            await conn.wait_for(lambda: bool(conn.heartbeats))
            await conn.close(4009, "resume, please")  # a code to resume the session on
        except BaseException:
            done.set()
            raise

    async def second(conn: Connection) -> None:
        try:
            await conn.send(_hello())
            sent["resume"] = await conn.expect(6)
        finally:
            done.set()

    async def scenario() -> None:
        async with GatewayServer([first, second]) as server:
            answer = _gateway_answer(server.url, 5, 0, decoy_remaining=0)
            await _run_gateway(package, mock, server, answer, done)

    run(scenario())
    token = PREFIX + "tok-H" + SUFFIX  # the token-format's text joined, quotes, newline and all
    assert sent["identify"] == {
        "op": 2,
        "d": {
            IDENTIFY["token"]: token,
            IDENTIFY["intents"]: 1 << 25,
            IDENTIFY["shard"]: [0, 1],
            IDENTIFY["properties"]: {},
        },
    }
    assert beats.asked[0] == pytest.approx(0.04)  # hello's 40 ms, not the decoy's 3 hours
    assert len(waits) == 1  # one reconnect, after the 4009
    assert sent["resume"] == {
        "op": 6,
        "d": {RESUME["token"]: token, RESUME["session-id"]: "sess-hostile", RESUME["sequence"]: 1},
    }


def test_the_gateway_waits_out_the_start_limit_its_hostile_fields_give(
    package: ModuleType, mock: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    identify: dict[str, Any] = {}
    timeline: list[tuple[str, float]] = []
    done = asyncio.Event()

    async def recorded_sleep(self: Any, seconds: float) -> None:
        await asyncio.sleep(0)  # the wait, over as if its time had passed
        timeline.append(("slept", seconds))

    monkeypatch.setattr(package.GatewayClient, "_sleep", recorded_sleep)

    async def platform(conn: Connection) -> None:
        try:
            timeline.append(("connected", 0))
            await conn.send(_hello())
            identify.update(await conn.expect(2))
        finally:
            done.set()

    async def scenario() -> None:
        async with GatewayServer([platform]) as server:
            # No session may start for 300 ms; the decoys: 999 may, or none for 3 hours.
            answer = _gateway_answer(server.url, 0, 300, decoy_remaining=999)
            await _run_gateway(package, mock, server, answer, done)

    run(scenario())
    assert timeline[:2] == [("slept", 0.3), ("connected", 0)]


# -- the webhook app, under uvicorn on 127.0.0.1 ----------------------------------------------

PLAIN_TOKEN = ("x-webhook", "validation", "plain-token")
EVENT_TS = ("x-webhook", "validation", "event-ts")
SIGNATURE = ("x-webhook", "validation", "signature")


class _Webhook:
    def __init__(self, url: str, events: list[Any], errors: list[Any]) -> None:
        self.url, self.events, self.errors = url, events, errors

    def post(
        self, body: Any, headers: tuple[str, str] = (SIGNATURE_HEADER, TIMESTAMP_HEADER)
    ) -> httpx.Response:
        """POST `body` (JSON) signed with the test vector's secret under `headers`."""
        raw = json.dumps(body, ensure_ascii=False).encode()
        timestamp = str(int(time.time()))
        signature = key_of(VECTOR_SECRET).sign(timestamp.encode() + raw).signature.hex()
        sent = {headers[0]: signature, headers[1]: timestamp, "Content-Type": "application/json"}
        return httpx.post(self.url, content=raw, headers=sent, timeout=GUARD)  # a bound only


@pytest.fixture(scope="module")
def webhook(package: ModuleType) -> Iterator[_Webhook]:
    events: list[Any] = []
    errors: list[Any] = []
    dispatcher = package.Dispatcher(on_error=lambda error, event: errors.append(error))
    dispatcher.on(package.Event)(events.append)
    with Served(package.WebhookApp(VECTOR_SECRET, dispatcher=dispatcher)) as served:
        yield _Webhook(served.url + "/callback", events, errors)


def test_the_webhook_answers_validation_under_the_hostile_field_names(webhook: _Webhook) -> None:
    data = {
        **_decoyed(PLAIN_TOKEN, VECTOR_PLAIN_TOKEN, "decoy-token"),
        **_decoyed(EVENT_TS, VECTOR_EVENT_TS, "1000000000"),
    }
    response = webhook.post({"op": 13, "d": data})
    assert response.status_code == 200, response.text
    # The platform's published test vector, under the hostile names: the plain token and the
    # event_ts were read from their hostile fields, not from the decoys.
    assert response.json() == {
        _wire(PLAIN_TOKEN): VECTOR_PLAIN_TOKEN,
        _wire(SIGNATURE): VECTOR_SIGNATURE,
    }
    assert webhook.events == [] and webhook.errors == []


def test_the_webhook_reads_the_hostile_header_names_in_any_case_and_no_others(
    webhook: _Webhook,
) -> None:
    frame = example("FriendAdd")
    upper = (SIGNATURE_HEADER.upper(), TIMESTAMP_HEADER.upper())
    for headers in [(SIGNATURE_HEADER, TIMESTAMP_HEADER), upper]:
        response = webhook.post(frame, headers)
        assert response.status_code == 200 and response.json() == {"op": 12, "d": 0}
    default = ("X-Signature-Ed25519", "X-Signature-Timestamp")
    assert webhook.post(frame, default).status_code == 401
    assert webhook.post(frame, (TIMESTAMP_HEADER, SIGNATURE_HEADER)).status_code == 401
    assert [type(e).__name__ for e in webhook.events] == ["FriendAddEvent"] * 2
    assert webhook.errors == []


# -- names no platform could send: refused where they are written -----------------------------

_NOT_TOKENS = ["X Sig", "X-Sig\n", "中文", "X:Sig", "X-Sig\u2028", "{{ 6*7 }}", 'X-"Sig"', "X\\Sig"]
# (changes to the hostile AsyncAPI document, where the problem is reported, what it says)
REFUSED: list[Any] = [
    *(
        pytest.param({INTERVAL: bad}, INTERVAL, "is a field name", id=f"interval-{bad!r}")
        for bad in ("", 7, None, ["a"])
    ),
    pytest.param(
        {INTERVAL: ...}, ("x-session",), "x-session needs heartbeat-interval", id="no-interval"
    ),
    pytest.param(
        {("x-session", "resume"): ...}, ("x-session",), "x-session needs resume", id="no-resume"
    ),
    pytest.param({INTERVAL: "nope"}, INTERVAL, "has no 'nope' field", id="interval-not-a-field"),
    pytest.param({INTERVAL: "version"}, INTERVAL, "no 'version' field", id="interval-of-ready"),
    pytest.param({SESSION_ID: "version"}, SESSION_ID, "must be required", id="session-optional"),
    pytest.param({URL: "shards"}, URL, "field of the answer of getGatewayBot", id="url-int"),
    pytest.param({URL: "{{ url }}"}, URL, "has no '{{ url }}' field", id="url-template"),
    pytest.param({LIMIT: _wire(URL)}, LIMIT, "must be an object", id="start-limit-a-string"),
    pytest.param({REMAINING: ""}, REMAINING, "is a field name", id="remaining-empty"),
    pytest.param({RESET_AFTER: "total "}, RESET_AFTER, "no 'total ' field", id="reset-space"),
    pytest.param(
        {("x-session", "identify", "intents"): IDENTIFY["token"]},
        ("x-session", "identify", "intents"),
        "for two roles",
        id="identify-one-field-twice",
    ),
    pytest.param(
        {("x-session", "identify", "tokne"): "token"},
        ("x-session", "identify", "tokne"),
        "unknown x-session identify role",
        id="identify-unknown-role",
    ),
    pytest.param(
        {("x-session", "identify", "token"): ...},
        ("x-session", "identify"),
        "x-session identify needs token",
        id="identify-without-token",
    ),
    pytest.param(
        {("x-session", "identify"): "token"},
        ("x-session", "identify"),
        "maps token, intents to field names",
        id="identify-not-a-mapping",
    ),
    pytest.param(
        {("x-session", "resume", "sequence"): "seq\n"},
        ("x-session", "resume", "sequence"),
        "has no 'seq\\n' field",
        id="resume-not-a-field",
    ),
    pytest.param(
        {("x-session", "resume", "token"): {"a": 1}},
        ("x-session", "resume", "token"),
        "is a field name",
        id="resume-not-a-string",
    ),
    pytest.param(
        {("x-session", "token-format"): "Bot {{ token }}"},
        ("x-session", "token-format"),
        "must hold '{token}' once",
        id="token-format-template",
    ),
    *(
        pytest.param(
            {("x-webhook", "signature-header"): bad},
            ("x-webhook", "signature-header"),
            "is not an HTTP header name",
            id=f"header-{bad!r}",
        )
        for bad in _NOT_TOKENS
    ),
    pytest.param(
        {("x-webhook", "timestamp-header"): ""},
        ("x-webhook", "timestamp-header"),
        "is a name (a non-empty string)",
        id="header-empty",
    ),
    pytest.param(
        {("x-webhook", "timestamp-header"): SIGNATURE_HEADER.lower()},
        ("x-webhook", "timestamp-header"),
        "one header for the signature and timestamp",
        id="one-header-twice",
    ),
    pytest.param(
        {("x-webhook", "timestamp-header"): ...},
        ("x-webhook",),
        "x-webhook needs timestamp-header",
        id="header-missing",
    ),
    pytest.param(
        {SIGNATURE: _wire(PLAIN_TOKEN)},
        SIGNATURE,
        "for plain-token and signature",
        id="answer-one-field-twice",
    ),
    pytest.param(
        {EVENT_TS: _wire(PLAIN_TOKEN)}, EVENT_TS, "for plain-token and event-ts", id="ts-is-token"
    ),
    pytest.param({EVENT_TS: 1725442341}, EVENT_TS, "is a name", id="event-ts-not-a-string"),
    pytest.param({PLAIN_TOKEN: "nope"}, PLAIN_TOKEN, "has no 'nope' field", id="plain-not-a-field"),
]


@pytest.mark.parametrize(("changes", "pointer", "message"), REFUSED)
def test_a_session_or_webhook_name_no_platform_could_send_is_refused_where_it_is_written(
    tmp_path: Path, changes: dict[tuple[str, ...], Any], pointer: tuple[str, ...], message: str
) -> None:
    spec_dir = hostile_specs(tmp_path / PACKAGE, changes)
    with pytest.raises(SpecError) as raised:
        generate_package(spec_dir, jobs=1)
    [problem] = raised.value.problems
    assert Path(problem.file).resolve() == (spec_dir / "asyncapi.yaml").resolve()
    assert problem.pointer == pointer
    text = (spec_dir / "asyncapi.yaml").read_text(encoding="utf-8")
    assert problem.line == _line_of(text, pointer)
    assert message in problem.message


PROBLEM = (
    "x-webhook signature-header 'X Sig' is not an HTTP header name (letters, digits, "
    "!#$%&'*+-.^_`|~)"
)


def test_the_command_line_reports_a_refused_name_as_one_located_line_without_a_traceback(
    tmp_path: Path,
) -> None:
    spec_dir = hostile_specs(tmp_path / PACKAGE, {("x-webhook", "signature-header"): "X Sig"})
    result = botspec("generate", spec_dir, "--out", tmp_path / "out")
    assert result.returncode != 0
    text = (spec_dir / "asyncapi.yaml").read_text(encoding="utf-8")
    line = _line_of(text, ("x-webhook", "signature-header"))
    [report] = result.stdout.splitlines()
    assert report.endswith(f"asyncapi.yaml:{line}: x-webhook.signature-header: {PROBLEM}")
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "jinja" not in output.lower()
    assert not (tmp_path / "out" / PACKAGE).exists()
