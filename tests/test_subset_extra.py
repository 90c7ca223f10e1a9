"""Request bodies with properties and `additionalProperties`: the declared fields are keyword
arguments, the extra ones go in `extra_fields=`. tests/specs/subset_extra is generated outside
the repository and called over real HTTP against `botspec mock` on 127.0.0.1, which checks
each JSON body against the spec (a wrongly typed extra field that got through would fail the
call)."""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs

import pytest
from gen_support import mypy_strict, pyright_strict
from mockserver import TEST_SPECS, MockServer, generated_package, served

SPEC = TEST_SPECS / "subset_extra"

generated, api = generated_package(SPEC)
_server, mock = served(SPEC, "mock")


@pytest.fixture
def client(api: ModuleType, mock: MockServer) -> Iterator[Any]:
    with api.Client(base_url=mock.url, max_retries=0) as client:
        yield client


def sent_json(mock: MockServer, operation: str) -> Any:
    return json.loads(mock.last(operation)["body"])


# -- the generated surface -------------------------------------------------------------------


def test_extra_fields_package_passes_mypy_and_pyright_strict(
    api: ModuleType, generated: Path
) -> None:
    assert mypy_strict(generated, ["subset_extra"]) == {"subset_extra": []}
    assert pyright_strict(generated, ["subset_extra"]) == {"subset_extra": []}


def test_a_method_takes_extra_fields_exactly_where_its_body_model_takes_extra_fields(
    api: ModuleType,
) -> None:
    for constant in vars(api._endpoints).values():
        if not isinstance(constant, api._base_client.Endpoint) or constant.body_model is None:
            continue
        resource, method = constant.call.removesuffix("()").split(".")
        takes = (
            "extra_fields"
            in inspect.signature(
                getattr(getattr(api.Client(base_url="http://x.test"), resource), method)
            ).parameters
        )
        allows = constant.body_model.model_config["extra"] == "allow"
        assert takes == allows, constant.operation
    plain = api.Client(base_url="http://x.test").plain
    for method in (plain.create_closed, plain.create_silent, plain.create_sibling):
        assert "extra_fields" not in inspect.signature(method).parameters


def test_extra_fields_are_typed_as_a_mapping_of_the_spec_type_in_every_twin(
    api: ModuleType,
) -> None:
    clients = [api.Client(base_url="http://x.test"), api.AsyncClient(base_url="http://x.test")]
    for extra in (c.extra for c in clients):
        for method in (extra.create_counter, extra.with_raw_response.create_counter):
            parameter = inspect.signature(method).parameters["extra_fields"]
            assert parameter.annotation == "Mapping[str, int] | None"
            assert parameter.default is None
    annotations = {
        name: inspect.signature(getattr(clients[0].extra, name)).parameters["extra_fields"]
        for name in ("create_note", "create_tag", "set_limits", "create_layout")
    }
    assert {name: p.annotation for name, p in annotations.items()} == {
        "create_note": "Mapping[str, Any] | None",
        "create_tag": "Mapping[str, Any] | None",
        "set_limits": "Mapping[str, int | None] | None",
        "create_layout": "Mapping[str, PanelParam] | None",
    }


def test_the_docstring_lists_extra_fields(api: ModuleType) -> None:
    for client in (api.Client(base_url="http://x.test"), api.AsyncClient(base_url="http://x.test")):
        doc = " ".join(client.extra.create_counter.__doc__.split())
        assert "extra_fields: Fields to send beside the declared ones, by their names on the" in doc
        assert "a declared field's name is refused (pass it as its own argument)." in doc


def test_a_declared_field_named_extra_fields_yields_the_name_to_the_extra_fields(
    api: ModuleType, client: Any, mock: MockServer
) -> None:
    label = client.extra.create_label
    parameters = [name for name in inspect.signature(label).parameters if "extra_f" in name]
    assert parameters == ["extra_fields_query", "extra_fields_2", "extra_fields_", "extra_fields"]
    assert "extra_fields_2: extra_fields. Sent as `extra_fields`." in " ".join(
        label.__doc__.split()
    )
    label(extra_fields_query="q", extra_fields_2="a", extra_fields_=1, extra_fields={"more": "x"})
    assert sent_json(mock, "createLabel") == {"extra_fields": "a", "extra_fields_": 1, "more": "x"}
    assert mock.last("createLabel")["query"] == [["extra_fields", "q"]]
    with pytest.raises(api.InvalidArgument) as caught:
        label(extra_fields={"extra_fields": "b"})
    assert caught.value.reason == "names a declared field: pass it as extra_fields_2= instead"


def test_a_wrongly_typed_body_field_is_named_by_its_argument_not_a_parameter_of_its_name(
    api: ModuleType, client: Any, mock: MockServer
) -> None:
    with pytest.raises(api.InvalidArgument) as caught:
        client.extra.create_label(extra_fields_query="q", extra_fields_2=5)
    assert caught.value.argument == "extra_fields_2"
    assert mock.requests() == []


# -- sending ----------------------------------------------------------------------------------


def test_typed_extra_fields_are_sent_beside_the_declared_ones(
    client: Any, mock: MockServer
) -> None:
    assert client.extra.create_counter(name="c", extra_fields={"apples": 3, "pears": 0}) is None
    assert sent_json(mock, "createCounter") == {"name": "c", "apples": 3, "pears": 0}


def test_no_extra_fields_or_none_sends_the_declared_fields_only(
    client: Any, mock: MockServer
) -> None:
    client.extra.create_counter(name="c", extra_fields=None)
    client.extra.create_counter(name="d", extra_fields={})
    assert [json.loads(r["body"]) for r in mock.requests("createCounter")] == [
        {"name": "c"},
        {"name": "d"},
    ]


def test_extra_fields_of_any_value_take_any_json_value(client: Any, mock: MockServer) -> None:
    value = {"n": 1, "list": [1, "two", None], "nested": {"ok": True}}
    client.extra.create_note(title="t", extra_fields=value)
    assert sent_json(mock, "createNote") == {"title": "t", **value}
    client.extra.create_tag(extra_fields={"colour": "red"})
    assert sent_json(mock, "createTag") == {"colour": "red"}


def test_nullable_extra_fields_send_none_as_null(client: Any, mock: MockServer) -> None:
    client.extra.set_limits(extra_fields={"daily": None, "hourly": 5})
    assert sent_json(mock, "setLimits") == {"daily": None, "hourly": 5}


def test_model_extra_fields_are_built_as_the_closed_request_twin(
    api: ModuleType, client: Any, mock: MockServer
) -> None:
    client.extra.create_layout(
        name="home", extra_fields={"left": {"width": 3}, "right": api.PanelParam(width=4)}
    )
    assert sent_json(mock, "createLayout") == {
        "name": "home",
        "left": {"width": 3},
        "right": {"width": 4},
    }
    with pytest.raises(api.InvalidArgument, match=r"argument 'extra_fields\['left'\]': wdth"):
        client.extra.create_layout(extra_fields={"left": {"width": 3, "wdth": 3}})
    assert len(mock.requests("createLayout")) == 1


def test_unevaluated_properties_beside_all_of_type_the_extra_fields_not_the_inherited_ones(
    api: ModuleType, client: Any, mock: MockServer
) -> None:
    client.extra.create_child(id="c1", extra_fields={"pinned": True})
    assert sent_json(mock, "createChild") == {"id": "c1", "pinned": True}
    with pytest.raises(api.InvalidArgument) as caught:
        client.extra.create_child(id="c2", extra_fields={"pinned": "maybe"})
    assert caught.value.argument == "extra_fields['pinned']"
    assert len(mock.requests("createChild")) == 1


def test_unevaluated_properties_false_closes_a_composition_but_not_its_members_fields(
    api: ModuleType, client: Any, mock: MockServer
) -> None:
    client.plain.create_sibling(id="s1", nick="n")
    assert sent_json(mock, "createSibling") == {"id": "s1", "nick": "n"}
    assert api.CreateSiblingRequest.model_config["extra"] == "forbid"


# -- typed extra fields in compositions (sent, checked, and read back) -------------------------


def test_typed_extra_fields_of_an_all_of_member_are_the_composed_class_extra_fields(
    api: ModuleType, client: Any, mock: MockServer
) -> None:
    parameter = inspect.signature(client.composed.create_tally).parameters["extra_fields"]
    assert parameter.annotation == "Mapping[str, int] | None"
    mock.fault(operation="createTally", status=200, body={"total": 2, "label": "t", "pears": 4})
    tally = client.composed.create_tally(total=2, label="t", extra_fields={"pears": 4})
    assert sent_json(mock, "createTally") == {"total": 2, "label": "t", "pears": 4}
    assert (tally.total, tally.__pydantic_extra__) == (2, {"pears": 4})
    with pytest.raises(api.InvalidArgument) as caught:
        client.composed.create_tally(extra_fields={"pears": "four"})
    assert caught.value.argument == "extra_fields['pears']"
    with pytest.raises(ValueError, match="pears\n  Input should be a valid integer"):
        api.Tally.model_validate({"label": "t", "pears": "four"})
    assert len(mock.requests("createTally")) == 1


def test_typed_extra_fields_of_a_base_class_are_its_subclass_extra_fields(
    api: ModuleType, client: Any, mock: MockServer
) -> None:
    parameter = inspect.signature(client.composed.create_score).parameters["extra_fields"]
    assert parameter.annotation == "Mapping[str, int] | None"
    mock.fault(operation="createScore", status=200, body={"total": 1, "bonus": 2, "round3": 5})
    score = client.composed.create_score(total=1, bonus=2, extra_fields={"round3": 5})
    assert sent_json(mock, "createScore") == {"total": 1, "bonus": 2, "round3": 5}
    assert score.__pydantic_extra__ == {"round3": 5}
    with pytest.raises(api.InvalidArgument):
        client.composed.create_score(extra_fields={"round3": 5.5})
    assert len(mock.requests("createScore")) == 1


def test_union_variants_with_typed_extra_fields_are_sent_checked_and_read_typed(
    api: ModuleType, client: Any, mock: MockServer
) -> None:
    circle = {"kind": "circle", "radius": 1.5, "spokes": 3}
    client.composed.create_shape(body=api.ShapeParam.model_validate(circle))
    square = {"kind": "square", "left": {"width": 2}}
    client.composed.create_shape(body=api.ShapeParam.model_validate(square))
    assert [json.loads(r["body"]) for r in mock.requests("createShape")] == [circle, square]
    for wrong, where in (
        ({**circle, "spokes": "three"}, "spokes"),  # by the value's keys: no member's tag
        ({**square, "left": {"wdth": 2}}, "left.wdth"),  # the typo, not the field it misses
    ):
        with pytest.raises(api.InvalidArgument) as caught:
            client.composed.create_shape(body=wrong)
        assert (caught.value.argument, caught.value.reason.split(":")[0]) == ("body", where)
    assert len(mock.requests("createShape")) == 2
    mock.fault(operation="createShape", status=200, body={"kind": "square", "top": {"width": 1}})
    shape = client.composed.create_shape(body=api.ShapeParam.model_validate(circle))
    assert isinstance(shape.root, api.Square)
    assert shape.root.__pydantic_extra__ == {"top": api.Panel(width=1)}


def test_extra_fields_holding_arrays_of_models_are_built_as_request_twins(
    api: ModuleType, client: Any, mock: MockServer
) -> None:
    client.composed.create_shelf(
        name="s", extra_fields={"top": [{"width": 1}, api.PanelParam(width=2)]}
    )
    assert sent_json(mock, "createShelf") == {"name": "s", "top": [{"width": 1}, {"width": 2}]}
    with pytest.raises(api.InvalidArgument, match=r"argument 'extra_fields\['top'\]'"):
        client.composed.create_shelf(extra_fields={"top": [{"wdth": 1}]})
    assert len(mock.requests("createShelf")) == 1


def test_enum_extra_fields_are_checked_when_sent_and_open_when_received(
    api: ModuleType, client: Any, mock: MockServer
) -> None:
    mock.fault(operation="setFlags", status=200, body={"owner": "o", "a": "low", "b": "new"})
    flags = client.composed.set_flags(owner="o", extra_fields={"a": api.Kind.LOW, "b": "high"})
    assert sent_json(mock, "setFlags") == {"owner": "o", "a": "low", "b": "high"}
    assert flags.__pydantic_extra__ == {"a": api.Kind.LOW, "b": "new"}
    assert type(flags.__pydantic_extra__["a"]) is api.Kind
    with pytest.raises(api.InvalidArgument) as caught:
        client.composed.set_flags(extra_fields={"c": "medium"})
    assert caught.value.argument == "extra_fields['c']"
    assert len(mock.requests("setFlags")) == 1


def test_form_extra_fields_are_sent_as_form_fields(client: Any, mock: MockServer) -> None:
    client.extra.submit_form(who="ann", extra_fields={"note": "hi there"})
    assert parse_qs(mock.last("submitForm")["body"]) == {"who": ["ann"], "note": ["hi there"]}


def test_async_client_and_raw_response_send_extra_fields(api: ModuleType, mock: MockServer) -> None:
    async def run() -> int:
        async with api.AsyncClient(base_url=mock.url) as client:
            await client.extra.create_counter(name="a", extra_fields={"x": 1})
            raw = await client.extra.with_raw_response.create_counter(
                name="b", extra_fields={"y": 2}
            )
            return int(raw.status_code)

    assert asyncio.run(run()) == 204
    with api.Client(base_url=mock.url) as client:
        assert (
            client.extra.with_raw_response.create_counter(
                name="c", extra_fields={"z": 3}
            ).status_code
            == 204
        )
    assert [json.loads(r["body"]) for r in mock.requests("createCounter")] == [
        {"name": "a", "x": 1},
        {"name": "b", "y": 2},
        {"name": "c", "z": 3},
    ]


# -- refused before sending -------------------------------------------------------------------


def test_a_wrongly_typed_extra_value_is_refused_before_sending_naming_its_key(
    api: ModuleType, client: Any, mock: MockServer
) -> None:
    with pytest.raises(api.InvalidArgument) as caught:
        client.extra.create_counter(name="c", extra_fields={"apples": 3, "pears": "many"})
    assert caught.value.argument == "extra_fields['pears']"
    assert str(caught.value).startswith(
        "extra.create_counter(): argument 'extra_fields['pears']': Input should be a valid integer"
    )
    assert mock.requests() == []


@pytest.mark.parametrize("key", ["name", "displayName", "display_name"])
def test_an_extra_key_naming_a_declared_field_is_refused_naming_its_argument(
    api: ModuleType, client: Any, mock: MockServer, key: str
) -> None:
    argument = "name" if key == "name" else "display_name"
    with pytest.raises(api.InvalidArgument) as caught:
        client.extra.create_counter(name="c", extra_fields={key: 1})
    assert caught.value.argument == f"extra_fields[{key!r}]"
    assert caught.value.reason == f"names a declared field: pass it as {argument}= instead"
    assert mock.requests() == []


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ([("a", 1)], "must be a mapping, got list"),
        ({1: 1}, "keys must be str, got int 1"),
    ],
)
def test_extra_fields_that_are_no_mapping_of_str_keys_are_refused(
    api: ModuleType, client: Any, mock: MockServer, value: Any, reason: str
) -> None:
    with pytest.raises(api.InvalidArgument) as caught:
        client.extra.create_counter(name="c", extra_fields=value)
    assert (caught.value.argument, caught.value.reason) == ("extra_fields", reason)
    assert mock.requests() == []


def test_an_any_extra_value_json_cannot_carry_is_refused_naming_its_key(
    api: ModuleType, client: Any, mock: MockServer
) -> None:
    with pytest.raises(api.InvalidArgument) as caught:
        client.extra.create_note(title="t", extra_fields={"ok": 1, "bad": object()})
    assert caught.value.argument == "extra_fields['bad']"
    assert "Unable to serialize unknown type" in caught.value.reason
    assert mock.requests() == []


# -- type checkers ----------------------------------------------------------------------------

_USAGE = """\
from subset_extra import Client, PanelParam


def send(client: Client, counts: dict[str, int]) -> None:
    client.extra.create_counter(name="c", extra_fields=counts)
    client.extra.create_counter(name="c", extra_fields={"apples": 3})
    client.extra.create_note(extra_fields={"any": [1, "two", None]})
    client.extra.create_layout(extra_fields={"left": PanelParam(width=3)})
    client.composed.create_tally(label="t", extra_fields=counts)
    client.composed.create_shelf(extra_fields={"top": [PanelParam(width=3)]})
    client.extra.with_raw_response.create_counter(name="c", extra_fields=counts)
"""
_MISUSE = """\
from subset_extra import Client


def send(client: Client) -> None:
    client.extra.create_counter(name="c", extra_fields={"apples": "three"})
"""


def test_user_code_passing_extra_fields_is_type_checked(api: ModuleType, generated: Path) -> None:
    for name, text in (("usage", _USAGE), ("misuse", _MISUSE)):
        (generated / name).mkdir(exist_ok=True)
        (generated / name / "__init__.py").write_text(text, encoding="utf-8")
    report = mypy_strict(generated, ["subset_extra", "usage", "misuse"])
    assert (report["subset_extra"], report["usage"]) == ([], [])
    assert len(report["misuse"]) == 1 and "[dict-item]" in report["misuse"][0], report["misuse"]
    pyright = pyright_strict(generated, ["usage"])
    assert pyright["usage"] == [], pyright["usage"]
