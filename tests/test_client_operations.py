"""Every operation of every generated client, sync and async, against `botspec mock`
over loopback: the request on the wire and the typed result.

The operations come from the intermediate model (`generator.model.build`), so an
operation added to a spec is called here without touching this file. Argument values
come from the spec itself (its examples, or values its schemas accept), and the
expected result is the spec's example answer decoded into the method's return type.
Property tests then call every operation, with the sync or the async client, with values
hypothesis-jsonschema draws from its schemas (header values kept to what HTTP carries):
the mock, which checks each request against the spec, must get exactly them; and answer
it with anything its answer schema accepts: the method must return it, every field kept.
"""

from __future__ import annotations

import asyncio
import json
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any
from urllib.parse import quote

import pydantic
import pytest
from gen_support import drawable
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from mockserver import SPECS, MockServer

from generator.load import answer_schema, load, request_payload
from generator.load._documents import iter_operations
from generator.mock import MockApp
from generator.model import Api, build
from generator.model._types import Operation
from generator.pipeline import spec_files_in
from generator.problems import Pointer

APIS = ("kook", "lanying", "qqbot")

# Distinctive credentials: every authenticated request must carry exactly these.
KOOK_TOKEN = "kook-token-3f9a"
LANYING_TOKEN = "lanying-access-token-77c1"
LANYING_APP_ID = "lanying-app-5521"
QQ_APP_ID = "102074059"
QQ_SECRET = "qq-client-secret-e41d"
BASE_PATHS = {"kook": "/api/v3", "lanying": "", "qqbot": ""}


def _model(name: str) -> Api:
    return build(load(spec_files_in(SPECS / name)), name)


MODELS = {name: _model(name) for name in APIS}
CASES = [
    pytest.param(name, resource.name, op, id=f"{name}.{resource.name}.{op.method_name}")
    for name, api in MODELS.items()
    for resource in api.resources
    for op in resource.operations
]


def client_kwargs(name: str, server: MockServer) -> dict[str, Any]:
    """Constructor arguments of `name`'s client pointed at the mock."""
    if name == "kook":
        return {"token": KOOK_TOKEN, "base_url": server.url + BASE_PATHS[name]}
    if name == "lanying":
        return {"access_token": LANYING_TOKEN, "app_id": LANYING_APP_ID, "base_url": server.url}
    return {
        "app_id": QQ_APP_ID,
        "client_secret": QQ_SECRET,
        "base_url": server.url,
        "token_url": server.url + "/app/getAppAccessToken",
    }


def expected_auth(name: str, app: MockApp) -> dict[str, str]:
    """The auth headers (lower-cased) an authenticated request of `name` carries."""
    if name == "kook":
        return {"authorization": f"Bot {KOOK_TOKEN}"}
    if name == "lanying":
        return {"access-token": LANYING_TOKEN, "app_id": LANYING_APP_ID}
    token_op = _mock_operation(app, "getAppAccessToken")
    _, example = app.responses._example(token_op.pointer, "200")
    token = example["access_token"]
    return {"authorization": f"QQBot {token}", "x-union-appid": QQ_APP_ID}


# -- arguments from the spec --------------------------------------------------------


@dataclass
class Plan:
    """One call: keyword arguments, and what must arrive on the wire."""

    kwargs: dict[str, Any]
    path: str
    query: list[list[str]]
    headers: dict[str, str]
    body: Any  # parsed JSON, text, or None
    media_type: str | None
    raw_text: bool = False  # `x-raw-text`: the body is the text itself under media_type


def _mock_operation(app: MockApp, operation_id: str) -> Any:
    return next(o for o in app.operations if o.operation_id == operation_id)


def _sample(app: MockApp, doc: Any, where: Pointer) -> Any:
    """The spec's example for a parameter or media type (at `where`), or a value its
    schema accepts."""
    holder = doc.get(where)
    if "example" in holder:
        return holder["example"]
    for example in (holder.get("examples") or {}).values():
        _, resolved = app.specs.deref(doc, example)
        if "value" in resolved:
            return resolved["value"]
    return app.responses.values.value(doc, (*where, "schema")) if "schema" in holder else None


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


Sample = Callable[[MockApp, Any, Pointer], Any]


def plan(app: MockApp, op: Operation, sample: Sample = _sample) -> Plan:
    """Values for every argument of `op` (optional ones too) and the request they make;
    `sample` picks each value: (app, document, where the parameter or media type is)."""
    mock_op = _mock_operation(app, op.operation_id)
    wire: dict[tuple[str, str], Any] = {}
    for owner in (mock_op.pointer[:-1], mock_op.pointer):
        for index in range(len(app.doc.get(owner).get("parameters") or [])):
            doc, where, param = app.specs.follow_at(app.doc, (*owner, "parameters", index))
            wire[(param["in"], param["name"])] = sample(app, doc, where)
    body: Any = None
    if op.body is not None:
        payload = request_payload(app.specs, app.doc, mock_op.pointer)
        assert payload is not None and payload.media == op.body.media_type
        body = sample(app, payload.doc, payload.media_pointer)
    kwargs: dict[str, Any] = {}
    sent_body: Any = None
    for arg in op.arguments:
        if arg.location == "body" and op.body is not None and op.body.value is arg:
            kwargs[arg.python_name] = sent_body = body
        elif arg.location == "body":
            if arg.name in body:
                kwargs[arg.python_name] = body[arg.name]
                sent_body = {**(sent_body or {}), arg.name: body[arg.name]}
        else:
            kwargs[arg.python_name] = wire[(arg.location, arg.name)]
    if sent_body is None and op.body is not None and op.body.required and op.body.fields:
        sent_body = {}  # a required object body goes out with none of its fields; not so
        # an optional one
    path = op.path
    query: list[list[str]] = []
    headers: dict[str, str] = {}
    for arg in op.parameters:
        value = kwargs[arg.python_name]
        if arg.location == "path":
            path = path.replace("{" + arg.name + "}", quote(str(value), safe=""))
        elif arg.location == "query":
            values = value if isinstance(value, list) else [value]
            query += [[arg.name, _text(v)] for v in values]
        else:
            headers[arg.name.lower()] = _text(value)
    media_type = op.body.media_type if op.body is not None and sent_body is not None else None
    raw_text = op.body is not None and op.body.raw_text
    return Plan(kwargs, path, query, headers, sent_body, media_type, raw_text)


def expected_result(module: ModuleType, app: MockApp, op: Operation, call: Plan) -> Any:
    """The spec's example answer (one page of it, for paged operations), decoded into
    the method's declared return type."""
    mock_op = _mock_operation(app, op.operation_id)
    query = {k: v for k, v in call.query}
    example = app.responses.answer(mock_op.pointer, mock_op.spec, query, call.body, None).body
    if op.response.type == "None":
        return None
    if op.response.unwrap:
        envelope = app.doc.data["x-envelope"]
        example = example.get(envelope.get("data", "data"))
    return return_type(module, op).validate_python(example)


def return_type(module: ModuleType, op: Operation) -> pydantic.TypeAdapter[Any]:
    """An adapter of the method's declared return type."""
    namespace = {**vars(module), **vars(module._models), "Any": Any}
    return pydantic.TypeAdapter(eval(op.response.type, namespace))


# -- the calls --------------------------------------------------------------------


def _call_sync(module: ModuleType, kwargs: dict[str, Any], call: Callable[[Any], Any]) -> Any:
    with module.Client(**kwargs) as client:
        return call(client)


def _call_async(module: ModuleType, kwargs: dict[str, Any], call: Callable[[Any], Any]) -> Any:
    async def run() -> Any:
        async with module.AsyncClient(**kwargs) as client:
            return await call(client)

    return asyncio.run(run())


def package_and_mock(request: pytest.FixtureRequest, name: str) -> tuple[ModuleType, MockServer]:
    """The vendored package `name` and the mock serving its spec (their fixtures)."""
    module: ModuleType = request.getfixturevalue(name)
    server: MockServer = request.getfixturevalue(f"{name}_mock")
    return module, server


def assert_sent(name: str, server: MockServer, op: Operation, call: Plan) -> None:
    """The mock's last request of `op` is the one `call` plans."""
    sent = server.last(op.operation_id)
    assert sent["method"] == op.http_method
    assert sent["path"] == BASE_PATHS[name] + call.path
    assert sent["query"] == call.query
    for header, value in call.headers.items():
        assert sent["headers"][header] == value, header
    if op.authenticated:
        for header, value in expected_auth(name, server.app).items():
            assert sent["headers"][header] == value, header
    else:
        assert "authorization" not in sent["headers"]
    if call.media_type is None:
        assert sent["body"] == ""
    elif call.media_type == "application/json" and not call.raw_text:
        assert sent["headers"]["content-type"] == "application/json"
        assert json.loads(sent["body"]) == call.body
    elif call.media_type == "text/plain":  # UTF-8 said: without a charset it is US-ASCII
        assert sent["headers"]["content-type"] == "text/plain; charset=utf-8"
        assert sent["body"] == call.body
    else:
        assert sent["headers"]["content-type"] == call.media_type
        assert sent["body"] == call.body


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(("name", "resource", "op"), CASES)
def test_every_operation_sends_the_spec_request_and_returns_the_typed_example(
    name: str, resource: str, op: Operation, mode: str, request: pytest.FixtureRequest
) -> None:
    module, server = package_and_mock(request, name)
    call = plan(server.app, op)

    def invoke(client: Any) -> Any:
        return getattr(getattr(client, resource), op.method_name)(**call.kwargs)

    runner = _call_sync if mode == "sync" else _call_async
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = runner(module, client_kwargs(name, server), invoke)
    deprecations = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    assert bool(deprecations) == bool(op.warning), [str(w.message) for w in caught]

    assert_sent(name, server, op, call)

    expected = expected_result(module, server.app, op, call)
    assert result == expected
    assert type(result) is type(expected)
    if isinstance(expected, list):
        assert [type(item) for item in result] == [type(item) for item in expected]


# -- any arguments the spec accepts ---------------------------------------------------------

HEADER_VALUE = r"^(?:[\x21-\x7e](?:[\x20-\x7e\t]*[\x21-\x7e])?)?$"  # RFC 9110 field-value


def drawn(data: st.DataObject) -> Sample:
    """A `Sample` drawing each value from its schema."""

    def sample(app: MockApp, doc: Any, where: Pointer) -> Any:
        holder = doc.get(where)
        schema = holder.get("schema", {})
        wanted = drawable(app.specs, doc, schema, non_empty=holder.get("in") == "path")
        if holder.get("in") == "header" and wanted.get("type") == "string":
            wanted["pattern"] = HEADER_VALUE  # what HTTP carries; the rest is refused
        return data.draw(from_schema(wanted), label=str(holder.get("name", "body")))

    return sample


DRAWN = settings(
    max_examples=8,
    derandomize=True,
    deadline=None,
    # hypothesis-jsonschema filters some schemas' draws itself (required keys of an open
    # object, patterns), more or less with the hash seed
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)


def call_quietly(
    module: ModuleType,
    name: str,
    server: MockServer,
    resource: str,
    op: Operation,
    kwargs: dict[str, Any],
    mode: str,
) -> Any:
    """`op` called with `kwargs` on a sync or async client (`mode`) of `name` pointed at
    `server`, its DeprecationWarning (if any) left unsaid."""

    def invoke(client: Any) -> Any:
        return getattr(getattr(client, resource), op.method_name)(**kwargs)

    runner = _call_sync if mode == "sync" else _call_async
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return runner(module, client_kwargs(name, server), invoke)


@pytest.mark.parametrize(("name", "resource", "op"), CASES)
@DRAWN
@given(data=st.data(), mode=st.sampled_from(["sync", "async"]))
def test_every_operation_sends_any_arguments_its_schemas_accept_as_given(
    name: str,
    resource: str,
    op: Operation,
    request: pytest.FixtureRequest,
    data: st.DataObject,
    mode: str,
) -> None:
    module, server = package_and_mock(request, name)
    call = plan(server.app, op, drawn(data))
    result = call_quietly(module, name, server, resource, op, call.kwargs, mode)
    assert_sent(name, server, op, call)
    assert result == expected_result(module, server.app, op, call)


def _answer_schema(app: MockApp, op: Operation) -> tuple[Any, Any]:
    """The document and schema of `op`'s JSON success answer."""
    found = answer_schema(app.specs, app.doc, _mock_operation(app, op.operation_id).pointer)
    assert found is not None
    doc, pointer = found
    return doc, doc.get(pointer)


JSON_ANSWERS = [case for case in CASES if case.values[2].response.media_type == "application/json"]


@pytest.mark.parametrize(("name", "resource", "op"), JSON_ANSWERS)
@DRAWN
@given(data=st.data(), mode=st.sampled_from(["sync", "async"]))
def test_every_operation_returns_any_answer_its_schema_accepts_keeping_every_field(
    name: str,
    resource: str,
    op: Operation,
    request: pytest.FixtureRequest,
    data: st.DataObject,
    mode: str,
) -> None:
    module, server = package_and_mock(request, name)
    doc, schema = _answer_schema(server.app, op)
    answer = data.draw(from_schema(drawable(server.app.specs, doc, schema, closed=False)))
    envelope = server.app.doc.data.get("x-envelope")
    if envelope is not None:  # a success, or the client raises the platform's error
        answer[envelope["code"]] = envelope["success"][0]
    server.fault(operation=op.operation_id, status=200, body=answer)
    call = plan(server.app, op)
    result = call_quietly(module, name, server, resource, op, call.kwargs, mode)
    data_part = answer.get(envelope["data"]) if op.response.unwrap and envelope else answer
    returned = return_type(module, op)
    assert result == returned.validate_python(data_part)
    assert returned.dump_python(result, mode="json", by_alias=True, exclude_unset=True) == data_part


@pytest.mark.parametrize("name", APIS)
def test_the_model_covers_every_canonical_operation_of_the_spec(name: str) -> None:
    """The parametrisation above is complete: every operationId the spec documents is
    a client method, except the `x-alias-of` twins clients deliberately leave out."""
    specs = load(spec_files_in(SPECS / name))
    rest = next(d for d in specs.roots if d.kind == "openapi")
    documented = {op["operationId"] for _, _, _, op in iter_operations(rest.data)}
    aliases = {
        op["operationId"] for _, _, _, op in iter_operations(rest.data) if "x-alias-of" in op
    }
    called = {op.operation_id for op in MODELS[name].operations}
    assert called == documented - aliases


@pytest.mark.parametrize("name", APIS)
def test_every_model_operation_is_a_method_of_both_clients(
    name: str, request: pytest.FixtureRequest
) -> None:
    module: ModuleType = request.getfixturevalue(name)
    for resource in MODELS[name].resources:
        for client_class in (module.Client, module.AsyncClient):
            resource_class = client_class.__annotations__[resource.name]
            owner = getattr(module._resources, resource_class)
            for op in resource.operations:
                assert callable(getattr(owner, op.method_name)), (client_class, op.method_name)
                if op.pagination:
                    assert callable(getattr(owner, op.iter_method_name))


# The document leaves its 必须 columns empty; like the other bodies, these take their required
# fields from Lanying's public reference, so a call without one stops before it is sent.
@pytest.mark.parametrize(
    ("call", "argument"),
    [
        pytest.param(
            lambda c: c.user.change_password(new_password="n"),
            "old_password",
            id="change_password-old_password",
        ),
        pytest.param(
            lambda c: c.user.change_password(old_password="o"),
            "new_password",
            id="change_password-new_password",
        ),
        pytest.param(lambda c: c.user.disable_users(), "list_", id="disable_users-list"),
        pytest.param(lambda c: c.user.enable_users(), "list_", id="enable_users-list"),
        pytest.param(lambda c: c.user.bind_push_tags(), "tags", id="bind_push_tags-tags"),
        pytest.param(lambda c: c.user.unbind_push_tags(), "tags", id="unbind_push_tags-tags"),
        pytest.param(
            lambda c: c.user.batch_set_avatars(list_=[{"avatar": "https://a.example/1.png"}]),
            "list_",
            id="batch_set_avatars-user_id",
        ),
    ],
)
def test_lanying_call_without_a_body_field_the_reference_requires_is_refused_before_sending(
    lanying: ModuleType, lanying_mock: MockServer, call: Callable[[Any], Any], argument: str
) -> None:
    with (
        lanying.Client(access_token="t", app_id="1", base_url=lanying_mock.url) as client,
        pytest.raises(TypeError, match=f"'{argument}'"),
    ):
        call(client)
    assert lanying_mock.requests() == []
