"""Constraints a spec states on values passed whole (path, query and header parameters, a
body that is no model, their items and map values): the client refuses a value breaking one
before anything is sent, naming the argument (and the item or key), and sends one keeping
them. tests/specs/subset_constraints (3.1) and subset_constraints30 (3.0's boolean
exclusiveMinimum/exclusiveMaximum) are generated outside the repository and called over real
HTTP against `botspec mock` on 127.0.0.1, which records every request it receives and checks
each against the spec (a value the client let through wrongly would fail the call there)."""

from __future__ import annotations

import inspect
import json
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pydantic
import pytest
from gen_support import SPECS, mypy_strict, pyright_strict
from mockserver import TEST_SPECS, MockServer, generate_into, generated_package, served

from generator.load import load
from generator.model import build
from generator.problems import SpecError

SPEC = TEST_SPECS / "subset_constraints"
SPEC30 = TEST_SPECS / "subset_constraints30"

generated, api = generated_package(SPEC)
_server, mock = served(SPEC, "mock")
_server30, mock30 = served(SPEC30, "mock30")


@pytest.fixture(scope="module")
def api30(generated: Path) -> ModuleType:
    return generate_into(SPEC30, generated)


@pytest.fixture
def client(api: ModuleType, mock: MockServer) -> Iterator[Any]:
    with api.Client(base_url=mock.url, max_retries=0) as client:
        yield client


def refused(call: Any, mock: MockServer, **arguments: Any) -> str:
    """The message of the InvalidArgument `call(**arguments)` raises; nothing was sent."""
    with pytest.raises(TypeError) as caught:
        call(**arguments)
    assert type(caught.value).__name__ == "InvalidArgument"
    assert mock.requests() == [], "sent although refused"
    return str(caught.value)


# -- the generated surface -------------------------------------------------------------------


@pytest.mark.usefixtures("api", "api30")  # they generate the packages into `generated`
def test_constrained_packages_pass_mypy_and_pyright_strict(generated: Path) -> None:
    names = ["subset_constraints", "subset_constraints30"]
    assert mypy_strict(generated, names) == {name: [] for name in names}
    assert pyright_strict(generated, names) == {name: [] for name in names}


def test_signatures_keep_the_plain_types_the_endpoint_table_carries_the_constraints(
    api: ModuleType,
) -> None:
    method = api.Client(base_url="http://x.test").default.list_items
    parameters = inspect.signature(method).parameters
    assert parameters["limit"].annotation == "int | None"
    assert parameters["tags"].annotation == "list[str] | None"
    source = Path(api._endpoints.__file__).read_text(encoding="utf-8")
    assert '"limit": Argument("limit", "query", Annotated[int, Field(ge=1, le=50)])' in source


# -- parameters ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"code": "abc"}, "argument 'code': String should match pattern '^[a-z]{2}[0-9]$'"),
        ({"limit": 51}, "argument 'limit': Input should be less than or equal to 50"),
        ({"limit": 0}, "argument 'limit': Input should be greater than or equal to 1"),
        ({"ratio": 0}, "argument 'ratio': Input should be greater than 0"),
        ({"ratio": 1.0}, "argument 'ratio': Input should be less than 1"),
        ({"step": 7}, "argument 'step': Input should be a multiple of 5"),
        ({"tags": []}, "argument 'tags': List should have at least 1 item"),
        ({"tags": ["a", "b", "c"]}, "argument 'tags': List should have at most 2 items"),
        ({"tags": ["ok", "long"]}, "argument 'tags': 1: String should have at most 3 characters"),
        ({"x_trace": "abc"}, "argument 'x_trace': String should have at least 4 characters"),
        ({"x_trace": "abcdefghi"}, "argument 'x_trace': String should have at most 8 characters"),
        ({"near": "abc"}, "argument 'near': String should match pattern"),
        ({"mode": "slow"}, "argument 'mode': Input should be 'fast'"),
        ({"level": 6}, "argument 'level': Input should be less than or equal to 5"),
    ],
)
def test_a_parameter_breaking_its_constraint_is_refused_before_sending(
    client: Any, mock: MockServer, arguments: dict[str, Any], message: str
) -> None:
    call = {"code": "ab1", **arguments}
    text = refused(client.default.list_items, mock, **call)
    assert text.startswith("default.list_items(): " + message), text


def test_parameters_keeping_their_constraints_are_sent(client: Any, mock: MockServer) -> None:
    client.default.list_items(
        code="ab1",
        limit=50,
        ratio=0.5,
        step=10,
        tags=["a", "abc"],
        x_trace="abcd",
        near="a1",
        mode="fast",
        level=5,  # `type: [integer, 'null']`: the mock reads the text as an integer
    )
    sent = mock.last("listItems")
    assert sent["path"] == "/items/ab1"
    assert sorted(map(tuple, sent["query"])) == [
        ("level", "5"),
        ("limit", "50"),
        ("mode", "fast"),
        ("near", "a1"),
        ("ratio", "0.5"),
        ("step", "10"),
        ("tags", "a"),
        ("tags", "abc"),
    ]
    assert sent["headers"]["x-trace"] == "abcd"


def test_constraints_beside_any_of_hold_for_each_member_of_their_type(
    client: Any, mock: MockServer
) -> None:
    call = client.default.list_items
    too_long = refused(call, mock, code="ab1", key="abcd")
    assert too_long.endswith("argument 'key': String should have at most 3 characters"), too_long
    # The member of the value's type names the problem, and pydantic's labels of the
    # members (`constrained-int`) are no part of where it is.
    too_big = refused(call, mock, code="ab1", key=6)
    assert too_big.endswith("argument 'key': Input should be less than or equal to 5"), too_big
    call(code="ab1", key="abc")
    call(code="ab1", key=5)
    assert [r["query"] for r in mock.requests("listItems")] == [[["key", "abc"]], [["key", "5"]]]


def test_a_lookahead_pattern_is_checked_by_pythons_re(client: Any, mock: MockServer) -> None:
    # Rust's regex engine (pydantic's default) has no lookaround: the runtime type compiles
    # the pattern with Python's re, as the models do, instead of failing at the first call.
    text = refused(client.default.list_items, mock, code="ab1", near="xyz")
    assert "argument 'near': String should match pattern '^(?=.*[0-9])[a-z0-9]+$'" in text
    client.default.list_items(code="ab1", near="x9y")
    assert mock.last("listItems")["query"] == [["near", "x9y"]]


def test_openapi_30_boolean_exclusive_bounds_are_enforced(
    api30: ModuleType, mock30: MockServer
) -> None:
    with api30.Client(base_url=mock30.url, max_retries=0) as client:
        call = client.default.get_range
        for value in (1, 5):
            assert "argument 'open'" in refused(call, mock30, open=value)
        assert "argument 'closed'" in refused(call, mock30, closed=0)
        assert "argument 'level'" in refused(call, mock30, level=6)
        call(open=2, closed=1, level=5)
        call(open=4, closed=5, level=None)
    sent = [dict(r["query"]) for r in mock30.requests("getRange")]
    assert sent == [{"open": "2", "closed": "1", "level": "5"}, {"open": "4", "closed": "5"}]


# -- whole bodies ----------------------------------------------------------------------------


def test_an_array_body_breaking_its_or_its_items_constraints_is_refused_before_sending(
    client: Any, mock: MockServer
) -> None:
    call = client.default.create_batch
    assert "argument 'body': List should have at most 2 items" in refused(
        call, mock, body=["a", "b", "c"]
    )
    assert "argument 'body': 0: String should have at most 3 characters" in refused(
        call, mock, body=["abcd"]
    )
    call(body=["abc", "d"])
    assert json.loads(mock.last("createBatch")["body"]) == ["abc", "d"]


def test_unique_items_stays_unchecked_on_a_body_as_on_a_model(
    client: Any, mock: MockServer
) -> None:
    # README: `uniqueItems` is ignored; the mock, which checks it, refuses the duplicates.
    with pytest.raises(Exception, match="HTTP 400") as caught:
        client.default.create_batch(body=["a", "a"])
    assert type(caught.value).__name__ == "BadRequestError"
    assert json.loads(mock.last("createBatch")["body"]) == ["a", "a"]


def test_a_map_body_with_constrained_values_names_the_key_breaking_them(
    client: Any, mock: MockServer
) -> None:
    text = refused(client.default.set_scores, mock, body={"ann": 100, "bob": 101})
    assert "argument 'body': bob: Input should be less than or equal to 100" in text
    client.default.set_scores(body={"ann": 100, "bob": 0})
    assert json.loads(mock.last("setScores")["body"]) == {"ann": 100, "bob": 0}


def test_constrained_items_and_union_members_scalars_or_arrays_are_plain_values_not_classes(
    api: ModuleType, client: Any, mock: MockServer
) -> None:
    # datamodel-code-generator made a root model class of each (`ShardItem(RootModel[int])`):
    # a value read was `ShardItem(root=1)`, not 1, and a caller had to build one to pass it.
    roots = [
        name
        for name, value in vars(api._models).items()
        if isinstance(value, type)
        and issubclass(value, pydantic.RootModel)
        and value.__module__ == api._models.__name__
    ]
    assert roots == []
    assert "argument 'shard': 0: Input should be greater than or equal to 0" in refused(
        client.default.place, mock, shard=[-1, 4]
    )
    assert "argument 'key'" in refused(client.default.place, mock, shard=[0, 4], key="abcd")
    placement = client.default.place(shard=[0, 4], key="abc")
    assert json.loads(mock.last("place")["body"]) == {"shard": [0, 4], "key": "abc"}
    assert (placement.shard, placement.key) == ([1, 4], "abc")
    assert [type(index) for index in placement.shard] == [int, int]
    assert api.Placement.model_validate({"shard": [0, 1], "route": ["a"]}).route == ["a"]
    with pytest.raises(pydantic.ValidationError):
        api.Placement.model_validate({"shard": [0, 1], "route": []})


def test_a_text_body_longer_than_its_max_length_is_refused(client: Any, mock: MockServer) -> None:
    text = refused(client.default.post_note, mock, body="too long")
    assert "argument 'body': String should have at most 5 characters" in text
    client.default.post_note(body="short")
    assert mock.last("postNote")["body"] == "short"


# -- the real packages -----------------------------------------------------------------------


def test_lanying_refuses_an_hour_outside_0_to_23_before_sending(
    lanying: ModuleType, lanying_mock: MockServer
) -> None:
    with lanying.Client(
        access_token="t", app_id="4321", base_url=lanying_mock.url, max_retries=0
    ) as client:
        text = refused(
            client.user.set_no_push_hours, lanying_mock, no_push_end_hour=24, no_push_start_hour=0
        )
        assert "argument 'no_push_end_hour': Input should be less than or equal to 23" in text
        assert "greater than or equal to 1" in refused(
            client.user.list_users, lanying_mock, page_num=0
        )
        client.user.set_no_push_hours(no_push_end_hour=23, no_push_start_hour=0)
    assert dict(lanying_mock.last("setNoPushHours")["query"]) == {
        "no_push_end_hour": "23",
        "no_push_start_hour": "0",
    }


def test_lanying_bounds_an_integer_parameter_by_its_format_before_sending(
    lanying: ModuleType, lanying_mock: MockServer
) -> None:
    """`format: int64` (`user_id`) and `int32` (`page_size`): a larger Python int is no
    value of the spec's, and a server would read it wrapped or not at all."""
    with lanying.Client(
        access_token="t", app_id="4321", base_url=lanying_mock.url, max_retries=0
    ) as client:
        text = refused(client.user.get_profile, lanying_mock, user_id=2**63)
        assert (
            "argument 'user_id': Input should be less than or equal to 9223372036854775807" in text
        )
        assert (
            "argument 'user_id': Input should be greater than or equal to -9223372036854775808"
            in (refused(client.user.get_profile, lanying_mock, user_id=-(2**63) - 1))
        )
        assert "argument 'page_size': Input should be less than or equal to 2147483647" in (
            refused(client.user.list_users, lanying_mock, page_size=2**31)
        )
        client.user.get_profile(user_id=2**63 - 1)
        client.user.list_users(page_size=2**31 - 1)
    assert lanying_mock.last("getProfile")["headers"]["user_id"] == str(2**63 - 1)
    assert ["page_size", str(2**31 - 1)] in lanying_mock.last("listUsers")["query"]


_CONSTRAINTS = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}
_CONSTRAINTS |= {"minLength", "maxLength", "pattern", "minItems", "maxItems"}


@pytest.mark.parametrize("name", ["kook", "lanying", "qqbot"])
def test_every_constrained_parameter_of_the_real_specs_carries_its_constraints(
    name: str,
) -> None:
    specs = load([SPECS / name / "openapi.yaml"])
    api = build(specs, name)
    for op in api.operations:
        for arg in op.arguments:
            if arg.location in ("path", "query", "header"):
                schema = _parameter_schema(specs, op.operation_id, arg.name)
                has = bool(_CONSTRAINTS & set(schema)) or _bounded_by_format(schema)
                assert (arg.checked is not None) == has, (op.operation_id, arg.name, arg.checked)


def _bounded_by_format(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "integer" and schema.get("format") in ("int32", "int64")


def _parameter_schema(specs: Any, operation_id: str, wire: str) -> dict[str, Any]:
    """The schema (its `$ref`s followed) of parameter `wire` of an operation."""
    doc = specs.roots[0]
    for path_item in doc.data["paths"].values():
        for op in path_item.values():
            if not isinstance(op, dict) or op.get("operationId") != operation_id:
                continue
            for param in [*(path_item.get("parameters") or []), *(op.get("parameters") or [])]:
                where, found = doc, param
                while "$ref" in found:
                    where, _, found = specs.resolve(where, found["$ref"])
                if found["name"] == wire:
                    schema = found["schema"]
                    while "$ref" in schema:
                        where, _, schema = specs.resolve(where, schema["$ref"])
                    return dict(schema)
    raise AssertionError(f"{operation_id} has no parameter {wire}")


# -- generate time ---------------------------------------------------------------------------


def test_a_pattern_no_regex_engine_of_pydantic_reads_is_a_located_error(tmp_path: Path) -> None:
    # The validate stage refuses it first (`is not a 'regex'`); the model stage, run on its
    # own, refuses it too rather than write a type that fails when the package is used.
    spec = tmp_path / "openapi.yaml"
    spec.write_text(
        textwrap.dedent("""\
            openapi: 3.1.0
            info: {title: P, version: '1'}
            paths:
              /x:
                get:
                  operationId: getX
                  parameters:
                    - {name: q, in: query, schema: {type: string, pattern: '(unclosed'}}
                  responses: {'204': {description: Done.}}
            """),
        encoding="utf-8",
    )
    with pytest.raises(SpecError) as caught:
        build(load([spec]), "p")
    problem = caught.value.problems[0]
    assert Path(problem.file).resolve() == spec.resolve()
    assert (problem.line, problem.pointer) == (
        8,
        ("paths", "/x", "get", "parameters", 0, "schema", "pattern"),
    )
    assert problem.message.startswith("pattern '(unclosed' is read by neither of pydantic's regex")


@pytest.mark.parametrize("spec", [SPEC, SPEC30], ids=lambda p: p.name)
def test_the_endpoint_table_is_rendered_black_clean_however_long_its_runtime_types(
    spec: Path,
) -> None:
    # The format stage then needs one black pass (long `Argument(...)` lines are split as
    # black splits them).
    import black

    from generator.format import MODE
    from generator.pipeline import spec_files_in
    from generator.render import render

    rendered = render(build(load(spec_files_in(spec)), spec.name))["_endpoints.py"]
    assert black.format_str(rendered, mode=MODE) == rendered


def test_a_constraint_beside_a_union_whose_members_state_their_own_is_a_located_error(
    tmp_path: Path,
) -> None:
    # Both would hold: one `Field` per member type cannot say so, and neither may be dropped.
    spec = tmp_path / "openapi.yaml"
    spec.write_text(
        textwrap.dedent("""\
            openapi: 3.1.0
            info: {title: P, version: '1'}
            paths:
              /x:
                get:
                  operationId: getX
                  parameters:
                    - name: q
                      in: query
                      schema: {anyOf: [{type: string, maxLength: 9}, {type: integer}], maxLength: 3}
                  responses: {'204': {description: Done.}}
            """),
        encoding="utf-8",
    )
    with pytest.raises(SpecError) as caught:
        build(load([spec]), "p")
    problem = caught.value.problems[0]
    assert (problem.line, problem.pointer[-1]) == (10, "schema")
    assert problem.message.startswith("'maxLength' beside oneOf/anyOf whose members state")
