"""Schema constructs of the supported subset, probed one by one: readOnly / writeOnly,
JSON bodies that are maps, discriminated unions with a null member, OpenAPI 3.0's
`nullable` beside composition. The packages of tests/specs/subset_schemas/ (3.1) and
tests/specs/subset_nullable30/ (3.0) are generated, type-checked and called against a
recording HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pydantic
import pytest
from gen_support import (
    TEST_SPECS,
    RecordingServer,
    generate_to,
    imported,
    mypy_strict,
    one_schema_package,
    one_schema_problem,
    pyright_strict,
    spec_folder,
    write_package,
)
from mockserver import MockServer

from generator.load import load
from generator.pipeline import generate_package
from generator.problems import SpecError, format_pointer
from generator.render._models import models_file
from generator.validate import validate

PACKAGES = ("subset_schemas", "subset_nullable30")


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    parent = tmp_path_factory.mktemp("subset")
    for name in PACKAGES:
        generate_to(TEST_SPECS / name, parent)
    return parent


@pytest.fixture(scope="module")
def api31(packages: Path) -> Iterator[ModuleType]:
    with imported(packages, "subset_schemas") as module:
        yield module


@pytest.fixture(scope="module")
def api30(packages: Path) -> Iterator[ModuleType]:
    with imported(packages, "subset_nullable30") as module:
        yield module


@pytest.fixture
def wire() -> Iterator[RecordingServer]:
    with RecordingServer() as server:
        yield server


@pytest.fixture
def client31(api31: ModuleType, wire: RecordingServer) -> Iterator[Any]:
    with api31.Client(base_url=wire.url) as client:
        yield client


@pytest.fixture
def client30(api30: ModuleType, wire: RecordingServer) -> Iterator[Any]:
    with api30.Client(base_url=wire.url) as client:
        yield client


@pytest.mark.parametrize("name", PACKAGES)
def test_subset_package_passes_mypy_strict(name: str, packages: Path) -> None:
    assert mypy_strict(packages, [name])[name] == []


@pytest.mark.parametrize("name", PACKAGES)
def test_subset_package_passes_pyright_strict(name: str, packages: Path) -> None:
    report = pyright_strict(packages, [name])
    assert not report[name], "\n".join(report[name])


# -- readOnly / writeOnly ------------------------------------------------------------------


def test_a_read_only_field_required_by_the_spec_need_not_be_sent(
    client31: Any, wire: RecordingServer
) -> None:
    wire.reply({"id": 7, "name": "Ann"})
    client31.users.create_user(name="Ann", password="secret")
    assert wire.last.json() == {"name": "Ann", "password": "secret"}


def test_a_write_only_field_required_by_the_spec_may_be_missing_from_an_answer(
    api31: ModuleType, client31: Any, wire: RecordingServer
) -> None:
    wire.reply({"id": 7, "name": "Ann"})
    user = client31.users.create_user(name="Ann", password="secret")
    assert isinstance(user, api31.User) and (user.id, user.password) == (7, None)


def test_an_array_body_sends_only_the_fields_given_not_the_unset_optional_ones(
    client31: Any, wire: RecordingServer
) -> None:
    wire.reply(None, status=204)
    client31.users.create_teams(body=[{"lead": {"name": "Ann", "password": "pw"}}])
    assert wire.last.json() == [{"lead": {"name": "Ann", "password": "pw"}}]


def test_a_read_only_field_of_a_nested_request_model_need_not_be_sent(
    client31: Any, wire: RecordingServer
) -> None:
    client31.users.create_team(lead={"name": "Ann", "password": "secret"})
    assert wire.last.json() == {"lead": {"name": "Ann", "password": "secret"}}


def test_a_write_only_field_is_still_required_in_a_request(
    api31: ModuleType, client31: Any, wire: RecordingServer
) -> None:
    with pytest.raises(api31.InvalidArgument, match="password"):
        client31.users.create_team(lead={"name": "Ann"})
    assert wire.requests == []


# -- allOf -----------------------------------------------------------------------------------


def test_a_field_required_beside_all_of_is_a_required_argument(
    api31: ModuleType, client31: Any, wire: RecordingServer
) -> None:
    parameters = inspect.signature(client31.users.create_child).parameters
    assert parameters["size"].default is inspect.Parameter.empty
    assert parameters["nick"].default is None
    client31.users.create_child(id="c1", size=3)
    assert wire.last.json() == {"id": "c1", "size": 3}


_BASE = "{type: object, properties: {kind: {type: [string, 'null']}, n: {type: number}}}"
_OVERRIDE = (
    "{allOf: [{$ref: '#/components/schemas/B'},"
    " {type: object, required: [kind], properties: {kind: %s, n: {type: integer}}}]}"
)


def test_a_field_given_a_type_its_base_excludes_is_refused_naming_both(tmp_path: Path) -> None:
    line, where, message = one_schema_problem(
        tmp_path, "clash", _OVERRIDE % "{type: integer}", others={"B": _BASE}
    )
    assert (line, where) == (17, "components.schemas.X")
    assert "X.kind is integer but the class it inherits it from (allOf) makes it string" in (
        message
    )


def test_a_field_narrowed_from_its_base_passes_mypy_strict(tmp_path: Path) -> None:
    one_schema_package(tmp_path, "narrow", _OVERRIDE % "{type: string}", others={"B": _BASE})
    assert mypy_strict(tmp_path / "out", ["narrow"])["narrow"] == []


@pytest.mark.parametrize("kind", ["{type: [string, integer]}", "{enum: [a, 1]}"])
def test_a_field_given_types_beyond_its_bases_is_refused_naming_both(
    tmp_path: Path, kind: str
) -> None:
    # allOf admits strings only; the subclass's `str | int` would contradict its base's `str`.
    line, where, message = one_schema_problem(
        tmp_path, "wider", _OVERRIDE % kind, others={"B": _BASE}
    )
    assert (line, where) == (17, "components.schemas.X")
    assert (
        "X.kind is integer/string but the class it inherits it from (allOf) makes it string: "
        in (message)
    )


def _ref(name: str) -> str:
    return f"{{$ref: '#/components/schemas/{name}'}}"


_OPTIONAL_BASE = "{type: object, properties: {a: %s}}"
_REQUIRED_BASE = "{type: object, required: [a], properties: {a: %s}}"
_SUBCLASS = "{allOf: [{$ref: '#/components/schemas/B'}, {properties: {a: %s}}]}"
_INHERITED = "the class it inherits it from (allOf)"
_ITEMS_AGAIN = f"declares the items of its list again, unlike {_INHERITED}: "
_KINDS = {
    "K": "{type: object, properties: {k: {type: string}}}",
    "S": f"{{allOf: [{_ref('K')}, {{properties: {{s: {{type: string}}}}}}]}}",
    "T": "{type: object, required: [t], properties: {t: {type: integer}}}",
}
_K_OR_T = f"{{oneOf: [{_ref('K')}, {_ref('T')}]}}"


@pytest.mark.parametrize(
    ("base", "ours", "refused"),
    [
        (
            _OPTIONAL_BASE % "{const: null}",
            "{type: integer}",
            f"is integer but {_INHERITED} makes it null: no value is both",
        ),
        (
            _REQUIRED_BASE % "{type: 'null'}",
            "{type: integer}",
            f"is integer but {_INHERITED} makes it null: no value is both",
        ),
        (
            _OPTIONAL_BASE % "{type: 'null'}",
            "{type: [integer, 'null']}",
            f"is integer but {_INHERITED} makes it null: allOf admits the values of both only",
        ),
        (
            _REQUIRED_BASE % "{type: string}",
            "{type: [string, 'null']}",
            f"admits null but {_INHERITED} requires a string: allOf admits the values of both",
        ),
        (
            _REQUIRED_BASE % "{type: string, format: byte}",
            "{type: string, format: binary}",
            f"is binary (bytes) but {_INHERITED} makes it a string (str): give both one format",
        ),
        (
            _REQUIRED_BASE % "{enum: [a]}",
            "{type: string, format: binary}",
            f"is binary (bytes) but {_INHERITED} makes it a string (str): give both one format",
        ),
        (
            _REQUIRED_BASE % "{type: array, items: {type: string}}",
            "{type: array, items: {type: integer}}",
            _ITEMS_AGAIN,
        ),
        (
            _REQUIRED_BASE % "{type: array, items: {type: integer}}",
            "{type: array, items: {type: number}}",
            _ITEMS_AGAIN,
        ),
        (
            _REQUIRED_BASE % "{type: array, items: {type: string}}",
            "{type: array, items: {type: [string, 'null']}}",
            _ITEMS_AGAIN,
        ),
        (
            _REQUIRED_BASE % "{type: array, items: {type: string}}",
            "{type: array, items: {type: string, format: binary}}",
            _ITEMS_AGAIN,
        ),
        (
            _REQUIRED_BASE % f"{{type: array, items: {_ref('K')}}}",
            f"{{type: array, items: {_ref('S')}}}",
            _ITEMS_AGAIN,
        ),
        (
            _REQUIRED_BASE % "{type: array, items: {enum: [a, b]}}",
            "{type: array, items: {enum: [a, b]}}",
            _ITEMS_AGAIN,
        ),
        (
            _REQUIRED_BASE % "{type: object, additionalProperties: {type: string}}",
            "{type: object, additionalProperties: {type: integer}}",
            f"declares the items of its map again, unlike {_INHERITED}: ",
        ),
        (
            _REQUIRED_BASE % _K_OR_T,
            "{type: object}",
            f"is object but {_INHERITED} makes it K | T: a field may be narrowed to a subclass"
            " of one of K | T only",
        ),
        (
            _REQUIRED_BASE % _K_OR_T,
            "{type: object, properties: {q: {type: string}}}",
            f"is XA but {_INHERITED} makes it K | T: a field may be narrowed to a subclass",
        ),
        (
            _REQUIRED_BASE % _ref("K"),
            "{type: object, additionalProperties: {const: 1}}",
            f"is a map but {_INHERITED} makes it K: a field may be narrowed to a subclass of K",
        ),
        (
            _REQUIRED_BASE % "{type: object, additionalProperties: {type: number}}",
            _ref("K"),
            f"is K but {_INHERITED} makes it a map, not a free-form object: a field may be"
            " narrowed to a model where its base's is a free-form object only",
        ),
        (
            _REQUIRED_BASE % "{type: object, minProperties: 1}",
            _ref("K"),
            f"is K but {_INHERITED} makes it a map, not a free-form object: a field may be"
            " narrowed to a model where its base's is a free-form object only",
        ),
        (
            _REQUIRED_BASE % "{type: string, format: binary}",
            "{enum: [a]}",
            f"lists its values but {_INHERITED} makes it binary (bytes): no listed str is bytes",
        ),
        (
            _OPTIONAL_BASE % "{type: object}",
            _K_OR_T,
            f"is K | T but {_INHERITED} makes it a free-form object: a field may be narrowed"
            " there to one model, not a union",
        ),
        (
            _OPTIONAL_BASE % f"{{anyOf: [{_ref('K')}, {{type: 'null'}}]}}",
            "{type: object}",
            f"is object but {_INHERITED} makes it K: a field may be narrowed to a subclass of K",
        ),
    ],
)
def test_a_field_whose_annotation_would_contradict_its_bases_is_refused_naming_both(
    tmp_path: Path, base: str, ours: str, refused: str
) -> None:
    # Each subclass's annotation contradicted its base's (`a: int | None` over `a: None`,
    # `a: str | None` over a required `a: str`, `bytes` over `str`, `list[S]` over `list[K]`,
    # lists being invariant, `dict[str, K | T]` over `K | T`, `K` over `dict[str, float]`,
    # `XA | bytes` over `bytes`): the models failed mypy --strict (found by fuzzing).
    line, where, message = one_schema_problem(
        tmp_path, "clash", _SUBCLASS % ours, others={"B": base, **_KINDS}
    )
    assert (line, where) == (17, "components.schemas.X")
    assert message.startswith(f"X.a {refused}")


def test_a_field_declared_again_admitting_anything_keeps_the_type_it_inherits(
    tmp_path: Path,
) -> None:
    # `M.a: {description: ...}` is `str` still (allOf holds both): X's `a: Literal[1]` over
    # it failed mypy --strict, the check having compared it with M's `{}` (found by fuzzing).
    middle = f"{{allOf: [{_ref('B')}, {{properties: {{a: {{description: Any value.}}}}}}]}}"
    others = {"B": _OPTIONAL_BASE % "{type: string}", "M": middle}
    schema = f"{{allOf: [{_ref('M')}, {{properties: {{a: {{const: 1}}}}}}]}}"
    line, where, message = one_schema_problem(tmp_path, "chain", schema, others=others)
    assert (line, where) == (17, "components.schemas.X")
    assert message.startswith(f"X.a is integer but {_INHERITED} makes it string: no value is both")


@pytest.mark.parametrize(
    ("base", "ours"),
    [
        (_OPTIONAL_BASE % "{type: string}", "{type: [string, 'null']}"),
        (_REQUIRED_BASE % "{type: [string, 'null']}", "{type: string}"),
        (_REQUIRED_BASE % "{type: 'null'}", "{const: null}"),
        (_REQUIRED_BASE % "{type: string, format: binary}", "{type: string, maxLength: 3}"),
        (_REQUIRED_BASE % "{type: string, minLength: 1}", "{type: string, enum: [a]}"),
        (_OPTIONAL_BASE % "{type: string, maxLength: 3}", "{type: string, enum: [a, null]}"),
        (
            _OPTIONAL_BASE % "{anyOf: [{type: string}, {type: integer}]}",
            "{type: string, maxLength: 3}",
        ),
        (_REQUIRED_BASE % "{type: integer, minimum: 0}", "{enum: [1, 2]}"),
        (
            _REQUIRED_BASE % "{type: array, items: {type: string}}",
            "{type: array, items: {type: string, maxLength: 3}}",
        ),
        (
            _REQUIRED_BASE % "{type: array, items: {type: string}}",
            "{type: array, items: {type: string, format: uuid, description: Id}, maxItems: 3}",
        ),
        (
            _REQUIRED_BASE % "{type: array, items: {type: number}}",
            "{type: array, items: {type: integer}}",
        ),
        (
            _REQUIRED_BASE % f"{{type: array, items: {_ref('K')}}}",
            f"{{type: array, items: {_ref('K')}, minItems: 1}}",
        ),
        (
            _REQUIRED_BASE % "{type: object, additionalProperties: {type: string}}",
            "{type: object, additionalProperties: {type: string}, maxProperties: 3}",
        ),
        (_REQUIRED_BASE % _K_OR_T, _ref("S")),
        (_REQUIRED_BASE % _ref("K"), "{type: object, additionalProperties: true}"),
        (_OPTIONAL_BASE % "{type: object}", _ref("K")),
        (_REQUIRED_BASE % _K_OR_T, _K_OR_T),
    ],
)
def test_a_field_kept_within_its_bases_python_type_passes_mypy_strict(
    tmp_path: Path, base: str, ours: str
) -> None:
    # An optional base field is `str | None` already, a nullable one may be narrowed, a list
    # may be constrained while its items keep their type, and an enum narrowing a constrained
    # base is opened by a plain `str`, not a class the model tool made of it (found by fuzzing).
    one_schema_package(tmp_path, "kept", _SUBCLASS % ours, others={"B": base, **_KINDS})
    assert mypy_strict(tmp_path / "out", ["kept"])["kept"] == []


def test_a_field_its_base_types_by_a_union_of_models_given_a_string_is_refused(
    tmp_path: Path,
) -> None:
    # The base's type was unknown to the check, as any reference to a model or union was:
    # the models failed mypy --strict (found by fuzzing).
    union = f"{{oneOf: [{_ref('C')}, {_ref('S')}]}}"
    base = f"{{type: object, properties: {{kind: {union}}}}}"
    shapes = {"C": "{type: object, properties: {r: {type: number}}}", "S": "{type: object}"}
    line, where, message = one_schema_problem(
        tmp_path, "clash", _OVERRIDE % "{type: string}", others={"B": base, **shapes}
    )
    assert (line, where) == (17, "components.schemas.X")
    assert message.startswith(
        "X.kind is string but the class it inherits it from (allOf) makes it object: "
        "no value is both"
    )


@pytest.mark.parametrize(
    ("kind", "refused"),
    [
        (_ref("O"), "O"),
        (_ref("S"), None),
        (f"{{oneOf: [{_ref('S')}, {_ref('O')}]}}", "S | O"),
        (f"{{anyOf: [{_ref('S')}, {{type: 'null'}}]}}", "S | None"),
        (f"{{oneOf: [{_ref('S')}, {_ref('T')}]}}", "S | T"),
        ("{type: integer}", "integer"),
    ],
)
def test_a_field_its_base_types_by_a_class_may_be_narrowed_to_a_subclass_only(
    tmp_path: Path, kind: str, refused: str | None
) -> None:
    # Base.kind is a K; the subclass makes it O (no K: refused), S (a K: narrowed), a union,
    # null included, refused even of subclasses of K (the model tool merges each member with
    # K into a class of its own, which is no K either), or an integer, which no K is.
    base = f"{{type: object, properties: {{kind: {_ref('K')}}}}}"
    model = "{type: object, properties: {a: {type: string}}}"
    others = {
        "B": base,
        "K": model,
        "O": model,
        "S": f"{{allOf: [{_ref('K')}, {{properties: {{b: {{type: string}}}}}}]}}",
        "T": f"{{allOf: [{_ref('K')}, {{properties: {{c: {{type: integer}}}}}}]}}",
    }
    subclass = f"{{allOf: [{_ref('B')}, {{properties: {{kind: %s}}}}]}}"
    if refused is None:
        one_schema_package(tmp_path, "sub", subclass % kind, others=others)
        assert mypy_strict(tmp_path / "out", ["sub"])["sub"] == []
        return
    line, where, message = one_schema_problem(tmp_path, "other", subclass % kind, others=others)
    assert (line, where) == (17, "components.schemas.X")
    assert f"X.kind is {refused} but the class it inherits it from (allOf) makes it K" in (message)


@pytest.mark.parametrize(
    "data",
    ["{type: object}", "{type: object, additionalProperties: {description: Any value.}}"],
    ids=["object", "object-of-described-values"],
)
def test_an_envelope_free_form_data_narrowed_to_a_model_by_a_subclass_passes_mypy_strict(
    tmp_path: Path, data: str
) -> None:
    # Envelope.data is any object; UserEnvelope's is a User, which no dict[str, Any] is.
    others = {
        "Envelope": f"{{type: object, properties: {{code: {{type: integer}}, data: {data}}}}}",
        "User": "{type: object, properties: {id: {type: string}}}",
    }
    schema = "{allOf: [{$ref: '#/components/schemas/Envelope'}, {properties: {data: %s}}]}"
    user = "{$ref: '#/components/schemas/User'}"
    out = one_schema_package(tmp_path, "envelope", schema % user, others=others)
    assert mypy_strict(out.parent, ["envelope"])["envelope"] == []
    with imported(out.parent, "envelope") as module:
        answer = module.X.model_validate({"code": 0, "data": {"id": "7"}})
        assert answer.data == module.User(id="7")
        assert module.Envelope.model_validate({"data": {"any": [1]}}).data == {"any": [1]}


def test_a_field_narrowed_to_an_enum_of_strings_naming_no_type_passes_mypy_strict(
    tmp_path: Path,
) -> None:
    # Its class is a StrEnum, a str as the base's field is, not a plain Enum.
    one_schema_package(tmp_path, "strenum", _OVERRIDE % "{enum: [a, b]}", others={"B": _BASE})
    assert mypy_strict(tmp_path / "out", ["strenum"])["strenum"] == []
    with imported(tmp_path / "out", "strenum") as module:
        assert issubclass(module.XKind, str)


# -- JSON bodies with no properties ----------------------------------------------------------


def test_a_json_map_body_is_one_body_argument_sent_as_an_object(
    client31: Any, wire: RecordingServer
) -> None:
    client31.misc.put_scores(body={"ann": 3, "bob": 5})
    assert wire.last.json() == {"ann": 3, "bob": 5}
    assert wire.last.headers["content-type"] == "application/json"


def test_a_json_map_body_of_the_wrong_value_type_is_refused_before_sending(
    api31: ModuleType, client31: Any, wire: RecordingServer
) -> None:
    with pytest.raises(api31.InvalidArgument, match="'body'"):
        client31.misc.put_scores(body={"ann": "three"})
    assert wire.requests == []


def test_a_free_form_json_object_body_is_sent_as_given(
    client31: Any, wire: RecordingServer
) -> None:
    client31.misc.put_settings(body={"theme": "dark", "limits": [1, 2]})
    assert wire.last.json() == {"theme": "dark", "limits": [1, 2]}


def test_a_free_form_body_holding_what_json_cannot_carry_is_refused_before_sending(
    api31: ModuleType, client31: Any, wire: RecordingServer
) -> None:
    with pytest.raises(api31.InvalidArgument, match="argument 'body': Unable to serialize"):
        client31.misc.put_settings(body={"theme": object()})
    assert wire.requests == []


def test_a_required_body_of_any_value_sends_none_as_null(
    client31: Any, wire: RecordingServer
) -> None:
    # `schema: {}` admits null as it admits anything: None is that null, not a missing body.
    client31.misc.put_anything(body=None)
    assert wire.last.body == b"null"
    client31.misc.put_anything(body=[1, "two"])
    assert wire.last.json() == [1, "two"]


def test_a_union_with_a_member_of_any_value_is_any_value_and_none_sends_null(
    client31: Any, wire: RecordingServer
) -> None:
    # `anyOf: [boolean, {}]`: the `{}` member admits null; it was typed `bool | Any` and
    # None refused as a missing body.
    signature = inspect.signature(client31.misc.put_flag_or_anything)
    assert signature.parameters["body"].annotation == "Any"
    client31.misc.put_flag_or_anything(body=None)
    assert wire.last.body == b"null"
    client31.misc.put_flag_or_anything(body=True)
    assert wire.last.json() is True


def test_an_enum_listing_null_is_a_class_of_its_other_values_and_none_sends_null(
    api31: ModuleType, client31: Any, wire: RecordingServer
) -> None:
    assert [m.value for m in api31.SetMoodRequestMood] == ["happy"]
    client31.misc.set_mood(mood=None)
    assert wire.last.json() == {"mood": None}
    client31.misc.set_mood(mood=api31.SetMoodRequestMood.HAPPY)
    assert wire.last.json() == {"mood": "happy"}


def test_a_required_field_whose_const_is_null_sends_none_as_null(
    client31: Any, wire: RecordingServer
) -> None:
    client31.misc.reset_value(value=None)
    assert wire.last.json() == {"value": None}


# -- defaults --------------------------------------------------------------------------------


def test_an_enum_field_left_out_of_an_answer_takes_the_spec_default_member(
    api31: ModuleType, client31: Any, wire: RecordingServer
) -> None:
    wire.reply({"pet": None})
    owner = client31.misc.get_owner()
    assert owner.mode is api31.OwnerMode.SLOW and owner.level is api31.Level.INTEGER_2


def test_an_optional_field_whose_enum_lists_only_null_sends_none_as_null_and_not_given_not(
    client31: Any, wire: RecordingServer
) -> None:
    # Such an enum is `const: null`, inline or a component; as a class of one member None
    # meant "not given".
    client31.misc.set_marker(marker=None)
    assert wire.last.json() == {"marker": None}
    client31.misc.set_marker(nothing=None)
    assert wire.last.json() == {"nothing": None}
    client31.misc.set_marker()
    assert wire.last.json() == {}


def test_a_nullable_received_enum_whose_only_value_is_null_imports_and_takes_null(
    tmp_path: Path,
) -> None:
    # An open enum is `Kind | <its values' types>` tried left to right: here there are none.
    schema = "{type: object, properties: {y: {anyOf: [{enum: [null]}, {type: 'null'}]}}}"
    out = one_schema_package(tmp_path, "only_null", schema)
    with imported(out.parent, "only_null") as module:
        assert module.X.model_validate({"y": None}).model_dump(exclude_unset=True) == {"y": None}


def test_an_enum_default_of_a_sent_model_is_its_member_and_is_not_sent(
    api31: ModuleType, client31: Any, wire: RecordingServer
) -> None:
    assert api31.Team.model_fields["visibility"].default is api31.TeamVisibility.PRIVATE
    client31.users.create_team(lead={"name": "Ann", "password": "secret"})
    assert "visibility" not in wire.last.json()


def test_a_default_beside_a_ref_or_all_of_fills_a_field_left_out_of_an_answer(
    api31: ModuleType, client31: Any, wire: RecordingServer
) -> None:
    wire.reply({"pet": None})
    owner = client31.misc.get_owner()
    assert owner.settings == api31.Settings(theme="dark", level=api31.Level.INTEGER_3)
    assert owner.settings.level is api31.Level.INTEGER_3
    assert owner.wrapped == api31.Settings(theme="light")
    assert owner.levels == [api31.Level.INTEGER_1, api31.Level.INTEGER_3]
    assert all(isinstance(level, api31.Level) for level in owner.levels)
    assert owner.history == [api31.Settings(theme="old")]


def test_a_model_default_is_made_afresh_for_each_answer(
    client31: Any, wire: RecordingServer
) -> None:
    wire.reply({"pet": None})
    wire.reply({"pet": None})
    first, second = client31.misc.get_owner(), client31.misc.get_owner()
    first.settings.theme = "changed"
    first.history.append(first.settings)
    assert (second.settings.theme, len(second.history)) == ("dark", 1)


def test_a_default_list_of_models_whose_items_admit_null_passes_mypy_strict(
    tmp_path: Path,
) -> None:
    # The factory's literal holds models only; the field's items admit None too.
    items = "{anyOf: [{$ref: '#/components/schemas/S'}, {type: 'null'}]}"
    schema = "{type: object, properties: {h: {type: array, items: %s, default: [{t: old}]}}}"
    others = {"S": "{type: object, properties: {t: {type: string}}}"}
    out = one_schema_package(tmp_path, "history", schema % items, others=others)
    assert mypy_strict(out.parent, ["history"])["history"] == []
    with imported(out.parent, "history") as module:
        assert module.X.model_validate({}).h == [module.S(t="old")]


def test_a_model_default_of_a_sent_model_is_its_twin_and_is_not_sent(
    api31: ModuleType, client31: Any, wire: RecordingServer
) -> None:
    team = api31.Team(lead=api31.UserParam(name="Ann", password="pw"))
    assert team.settings == api31.SettingsParam(theme="dark")
    client31.users.create_team(lead={"name": "Ann", "password": "secret"})
    assert "settings" not in wire.last.json()


_DEFAULTED = "{type: object, properties: {s: {$ref: '#/components/schemas/S', default: %s}}}"


@pytest.mark.parametrize(
    ("schema", "default", "reason"),
    [
        ("{type: object, properties: {n: {type: integer}}}", "{n: x}", " at ['n']: 'x' is not"),
        ("{type: string, enum: [a, b]}", "c", ": 'c' is not one of ['a', 'b']"),
        ("{type: array, items: {type: integer}}", "[1, x]", " at [1]: 'x' is not"),
    ],
)
def test_a_default_beside_a_ref_that_its_schema_refuses_is_a_located_problem(
    tmp_path: Path, schema: str, default: str, reason: str
) -> None:
    line, where, message = one_schema_problem(
        tmp_path, "bad", _DEFAULTED % default, others={"S": schema}
    )
    pointer = "components.schemas.X.properties.s.default"
    assert (line, where) == (17, pointer)
    assert f"the default does not match its schema{reason}" in message


_SELF_DEFAULT = (
    "{type: object, properties: {n: {type: integer},"
    " next: {anyOf: [{$ref: '#/components/schemas/X'}, {type: 'null'}], default: %s}}}"
)


def test_a_default_that_would_build_itself_without_end_is_refused_at_its_class(
    tmp_path: Path,
) -> None:
    line, where, message = one_schema_problem(tmp_path, "endless", _SELF_DEFAULT % "{n: 1}")
    assert (line, where) == (17, "components.schemas.X")
    assert "the default of 'next' holds a model whose own defaults build it again" in (message)


def test_a_default_that_refers_to_its_own_class_and_ends_is_built(tmp_path: Path) -> None:
    out = one_schema_package(tmp_path, "ends", _SELF_DEFAULT % "{n: 1, next: null}")
    with imported(out.parent, "ends") as module:
        value = module.X.model_validate_json(b"{}")
        assert (value.next.n, value.next.next) == (1, None)


# -- discriminated unions with a null member -------------------------------------------------


def test_a_discriminated_union_with_a_null_member_decodes_each_variant_and_null(
    api31: ModuleType, client31: Any, wire: RecordingServer
) -> None:
    wire.reply({"petType": "dog", "bark": True})
    pet = client31.misc.get_pet()
    assert isinstance(pet.root, api31.Dog) and pet.root.bark is True
    wire.reply({"petType": "cat"})
    assert isinstance(client31.misc.get_pet().root, api31.Cat)
    wire.reply(b"null", content_type="application/json")
    assert client31.misc.get_pet() is None


def test_a_required_field_holding_a_nullable_discriminated_union_takes_null_or_a_variant(
    api31: ModuleType, client31: Any, wire: RecordingServer
) -> None:
    wire.reply({"pet": None, "other": {"petType": "dog"}})
    owner = client31.misc.get_owner()
    assert owner.pet is None and isinstance(owner.other.root, api31.Dog)


def test_a_variant_tagged_by_its_schema_name_is_sent_with_that_tag_from_its_twin(
    api31: ModuleType, client31: Any, wire: RecordingServer
) -> None:
    wire.reply({"kind": "Bird"})
    animal = client31.misc.adopt(animal={"kind": "Fish", "fins": 2})
    assert wire.last.json() == {"animal": {"kind": "Fish", "fins": 2}}
    assert isinstance(animal.root, api31.Bird)
    wire.reply({"kind": "Fish"})
    client31.misc.adopt(animal=api31.FishParam(kind="Fish"))
    assert wire.last.json() == {"animal": {"kind": "Fish"}}


# -- discriminated unions with inline variants -----------------------------------------------

_INLINE_UNION = (
    "{oneOf: [{type: object, required: [kind], properties: {kind: %s, x: {type: integer}}},"
    " {$ref: '#/components/schemas/B'}], discriminator: {propertyName: kind}}"
)
_B = "{type: object, required: [kind], properties: {kind: {type: string}}}"


def test_an_inline_variant_without_a_tag_value_is_refused_at_its_location(
    tmp_path: Path,
) -> None:
    line, where, message = one_schema_problem(
        tmp_path, "inline", _INLINE_UNION % "{type: string}", others={"B": _B}
    )
    assert (line, where) == (17, "components.schemas.X.oneOf[0]")
    assert "inline variant of a discriminated union has no tag" in message


def test_an_inline_variant_tagged_by_a_const_decodes_by_it(tmp_path: Path) -> None:
    out = one_schema_package(tmp_path, "inline", _INLINE_UNION % "{const: a}", others={"B": _B})
    with imported(out.parent, "inline") as module:
        assert type(module.X.model_validate({"kind": "a"}).root).__name__ == "XVariant1"
        assert isinstance(module.X.model_validate({"kind": "B"}).root, module.B)


# -- OpenAPI 3.0: nullable beside oneOf, anyOf, allOf, properties ----------------------------


def test_openapi30_nullable_beside_one_of_admits_a_null_answer(
    api30: ModuleType, client30: Any, wire: RecordingServer
) -> None:
    wire.reply(b"null", content_type="application/json")
    assert client30.default.get_thing() is None
    wire.reply({"b": 2})
    assert isinstance(client30.default.get_thing().root, api30.B)


def test_openapi30_nullable_beside_composition_admits_null_in_required_fields(
    client30: Any, wire: RecordingServer
) -> None:
    wire.reply({"any_of": None, "all_of": None, "pet": None, "obj": None, "colour": None})
    holder = client30.default.get_holder()
    assert (holder.any_of, holder.all_of, holder.pet, holder.obj) == (None, None, None, None)
    assert holder.colour is None


def test_openapi30_a_required_nullable_enum_sends_none_as_null(
    api30: ModuleType, client30: Any, wire: RecordingServer
) -> None:
    client30.default.paint(colour=None)
    assert wire.last.json() == {"colour": None}
    client30.default.paint(colour=api30.PaintRequestColour.RED)
    assert wire.last.json() == {"colour": "red"}


def test_openapi30_null_examples_of_a_nullable_enum_and_all_of_are_valid() -> None:
    # openapi-schema-validator reads `nullable` beside `type` only: "None is not one of".
    assert validate(load([TEST_SPECS / "subset_nullable30" / "openapi.yaml"])) == []


def test_openapi30_botspec_mock_takes_the_null_a_nullable_enum_sends(api30: ModuleType) -> None:
    with MockServer(TEST_SPECS / "subset_nullable30") as mock:
        with api30.Client(base_url=mock.url) as client:
            client.default.paint(colour=None)  # the mock answered 400
        assert json.loads(mock.last("paint")["body"]) == {"colour": None}


def test_openapi30_nullable_discriminated_union_still_decodes_by_its_tag(
    api30: ModuleType, client30: Any, wire: RecordingServer
) -> None:
    wire.reply(
        {
            "any_of": 3,
            "all_of": {"a": "x", "b": 1},
            "pet": {"kind": "Dog"},
            "obj": {},
            "colour": "red",
        }
    )
    holder = client30.default.get_holder()
    assert isinstance(holder.pet.root, api30.Dog) and holder.any_of == 3
    assert (holder.all_of.a, holder.all_of.b) == ("x", 1)


def test_openapi30_a_class_admitting_null_is_still_a_base_class_through_all_of(
    api30: ModuleType, client30: Any, wire: RecordingServer
) -> None:
    assert issubclass(api30.Child, api30.NullableBase)
    wire.reply({"a": "x", "b": 1})
    child = client30.default.get_child()
    assert isinstance(child, api30.Child) and (child.a, child.b) == ("x", 1)


@pytest.mark.parametrize(
    ("target", "answer", "decoded"),
    [
        ("{type: string, enum: [a, b]}", b'"a"', "a"),
        ("{type: array, items: {type: integer}}", b"[1, 2]", [1, 2]),
        ("{type: object, additionalProperties: {type: integer}}", b'{"k": 1}', {"k": 1}),
    ],
)
def test_a_component_wrapping_an_enum_array_or_map_in_all_of_is_that_value_not_an_empty_model(
    tmp_path: Path, target: str, answer: bytes, decoded: Any
) -> None:
    # 3.0's way to describe (or null) a $ref: no class inherits from an enum or an array.
    wrapper = "{allOf: [{$ref: '#/components/schemas/T'}], description: Described.}"
    out = one_schema_package(tmp_path, "wrapped", wrapper, others={"T": target})
    assert mypy_strict(out.parent, ["wrapped"])["wrapped"] == []
    with imported(out.parent, "wrapped") as module:
        value = pydantic.TypeAdapter(module._endpoints.GET_X.response).validate_json(answer)
        assert getattr(value, "value", value) == decoded


def test_openapi30_a_class_admitting_null_that_refers_to_itself_admits_null_there_too(
    client30: Any, wire: RecordingServer
) -> None:
    wire.reply({"v": 1, "next": {"v": 2, "next": None}})
    chain = client30.default.get_chain()
    assert (chain.v, chain.next.v, chain.next.next) == (1, 2, None)
    wire.reply(b"null", content_type="application/json")
    assert client30.default.get_chain() is None


# -- the models file in chunks ---------------------------------------------------------------


def test_variants_of_a_discriminated_union_are_tagged_wherever_the_chunks_end() -> None:
    cat = {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}}
    defs = {
        "Cat": cat,
        "Dog": cat,
        "Pet": {
            "oneOf": [{"$ref": "#/$defs/Cat"}, {"$ref": "#/$defs/Dog"}],
            "discriminator": {"propertyName": "kind"},
        },
    }
    whole = models_file({"$defs": defs}, {}, spread=0)
    assert 'kind: Literal["Cat"]' in whole
    assert models_file({"$defs": defs}, {}, spread=1) == whole


# -- problems --------------------------------------------------------------------------------


def test_a_problem_in_a_request_twin_is_located_at_the_schema_it_comes_from(
    tmp_path: Path,
) -> None:
    spec = tmp_path / "twins"
    spec.mkdir()
    (spec / "openapi.yaml").write_text(
        "openapi: 3.1.0\n"
        "info: {title: T, version: '1'}\n"
        "servers: [{url: 'https://api.example.test'}]\n"
        "paths:\n"
        "  /x:\n"
        "    post:\n"
        "      operationId: postX\n"
        "      summary: Post x\n"
        "      requestBody:\n"
        "        content:\n"
        "          application/json:\n"
        "            schema: {$ref: '#/components/schemas/X'}\n"
        "      responses:\n"
        "        '200':\n"
        "          description: OK\n"
        "          content:\n"
        "            application/json:\n"
        "              schema: {$ref: '#/components/schemas/X'}\n"
        "components:\n"
        "  schemas:\n"
        "    X:\n"
        "      type: object\n"
        "      properties:\n"
        "        ratio: {const: 1.5}\n",
        encoding="utf-8",
    )
    with pytest.raises(SpecError) as caught:
        generate_package(spec, jobs=1)
    problems = caught.value.problems
    assert {p.message.split(":")[0] for p in problems} == {"model X", "model XParam"}
    assert all(p.file.endswith("openapi.yaml") and p.line == 21 for p in problems), problems


# -- typed additionalProperties beside properties --------------------------------------------

_COUNTS = "{type: object, properties: {total: {type: integer}}, additionalProperties: %s}"
# A user's code reading the extra fields of an answer as the spec types them.
_READS_EXTRAS = (
    "from typed import X\n\n\n"
    "def extras_total(x: X) -> int:\n"
    "    return sum(x.__pydantic_extra__.values())\n"
)


def test_typed_extra_fields_of_an_answer_are_checked_and_typed_for_type_checkers(
    tmp_path: Path,
) -> None:
    out = one_schema_package(tmp_path, "typed", _COUNTS % "{type: integer}")
    (out.parent / "usage").mkdir()
    (out.parent / "usage" / "__init__.py").write_text(_READS_EXTRAS, encoding="utf-8")
    assert mypy_strict(out.parent, ["typed", "usage"]) == {"typed": [], "usage": []}
    assert pyright_strict(out.parent, ["typed", "usage"]) == {"typed": [], "usage": []}
    with imported(out.parent, "typed") as module:
        assert module.X.model_validate({"total": 1, "a": 2}).__pydantic_extra__ == {"a": 2}
        with pytest.raises(ValueError, match="a\n  Input should be a valid integer"):
            module.X.model_validate({"a": "x"})


def test_a_numeric_format_on_a_string_is_dropped_and_the_value_stays_text(
    tmp_path: Path,
) -> None:
    # `format: int64` on a string (an ID too long for some clients' numbers) was kept for
    # datamodel-code-generator, which refused it: generation stopped, at no schema.
    schema = "{type: object, properties: {id: {type: string, format: int64}, n: %s}}"
    out = one_schema_package(tmp_path, "ids", schema % "{type: integer, format: binary}")
    with imported(out.parent, "ids") as module:
        answer = module.X.model_validate({"id": "9007199254740993", "n": 2})
        assert (answer.id, answer.n) == ("9007199254740993", 2)


@pytest.mark.parametrize(
    ("version", "schema"),
    [
        ("3.1.0", "{type: [object, 'null'], properties: {a: {type: integer}}}"),
        ("3.0.3", "{type: object, nullable: true, properties: {a: {type: integer}}}"),
    ],
)
def test_an_answer_of_an_object_class_whose_type_admits_null_decodes_null_to_none(
    tmp_path: Path, version: str, schema: str
) -> None:
    # A model instance is never null: the null goes beside the class (`X | None`).
    spec = tmp_path / "maybe"
    spec.mkdir()
    answer = "responses: {'200': {description: OK, content: {application/json: {schema: %s}}}}"
    (spec / "openapi.yaml").write_text(
        f"openapi: {version}\ninfo: {{title: Case, version: '1'}}\n"
        "servers: [{url: 'https://api.example.test'}]\n"
        f"paths: {{/x: {{get: {{operationId: getX, summary: Get x, {answer % schema}}}}}}}\n",
        encoding="utf-8",
    )
    out = write_package(generate_package(spec, jobs=1), tmp_path / "out")
    with imported(out.parent, "maybe") as module:
        adapter = pydantic.TypeAdapter(module._endpoints.GET_X.response)
        assert adapter.validate_json(b"null") is None
        assert adapter.validate_json(b'{"a": 1}').a == 1


def test_a_class_named_dict_beside_typed_extra_fields_is_the_class_its_users_import(
    tmp_path: Path,
) -> None:
    # The models' typed extra fields are first written with typing's `Dict`, which then
    # took the spec's `Dict` class name from under the endpoint table that imports it.
    schema = "{type: object, properties: {d: {$ref: '#/components/schemas/Dict'}}, %s}"
    extra = "additionalProperties: {type: integer}"
    dict_class = "{type: object, properties: {a: {type: string}}}"
    out = one_schema_package(tmp_path, "dicts", schema % extra, others={"Dict": dict_class})
    with imported(out.parent, "dicts") as module:
        answer = module.X.model_validate({"d": {"a": "x"}, "n": 1})
        assert answer.d == module.DictModel(a="x")


def test_a_sent_class_named_as_what_the_sent_models_import_is_renamed(tmp_path: Path) -> None:
    # A class only sent derives from `_SentModel`, which imports typing's `ClassVar`.
    spec = spec_folder(
        tmp_path,
        "classvar",
        "openapi: 3.1.0\ninfo: {title: Case, version: '1'}\n"
        "servers: [{url: 'https://api.example.test'}]\n"
        "paths: {/x: {post: {operationId: postX, summary: Post x, requestBody: {content:"
        " {application/json: {schema: {$ref: '#/components/schemas/ClassVar'}}}},"
        " responses: {'204': {description: Done}}}}}\n"
        "components: {schemas: {ClassVar: {type: object, properties: {a: {type: string}}}}}\n",
    )
    out = write_package(generate_package(spec, jobs=1), tmp_path / "out")
    assert "class ClassVarModel(_SentModel):" in (out / "_models.py").read_text(encoding="utf-8")
    assert mypy_strict(out.parent, ["classvar"])["classvar"] == []


def test_an_answer_closed_by_the_spec_still_keeps_unknown_fields(tmp_path: Path) -> None:
    out = one_schema_package(tmp_path, "closed", _COUNTS % "false")
    with imported(out.parent, "closed") as module:
        assert module.X.model_validate({"a": "x"}).model_extra == {"a": "x"}


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_json_string_answer_is_decoded_not_returned_with_its_quotes(
    api31: ModuleType, wire: RecordingServer, mode: str
) -> None:
    wire.reply(b'"2024-01-02T03:04:05Z"', content_type="application/json")
    if mode == "sync":
        with api31.Client(base_url=wire.url) as client:
            answer = client.misc.get_clock()
    else:

        async def call() -> Any:
            async with api31.AsyncClient(base_url=wire.url) as client:
                return await client.misc.get_clock()

        answer = asyncio.run(call())
    assert answer == "2024-01-02T03:04:05Z"


def test_a_json_string_answer_that_is_no_json_is_a_decode_error(
    api31: ModuleType, client31: Any, wire: RecordingServer
) -> None:
    wire.reply(b"2024-01-02", content_type="application/json")
    with pytest.raises(api31.DecodeError, match=r"^misc\.get_clock\(\): cannot decode"):
        client31.misc.get_clock()


def test_a_multipart_body_of_no_parts_is_sent_as_an_empty_form(
    client31: Any, wire: RecordingServer
) -> None:
    wire.reply(status=204)
    client31.misc.add_attachment()
    sent = wire.last
    assert sent.headers["content-type"] == "multipart/form-data; boundary=botspec-form-of-no-parts"
    assert sent.body == b"--botspec-form-of-no-parts--\r\n"
    client31.misc.add_attachment(note="hi")
    assert wire.last.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b'name="note"\r\n\r\nhi\r\n' in wire.last.body


# -- allOf of values --------------------------------------------------------------------------

_VALUE_ALL_OF = """\
openapi: 3.1.0
info: {title: Values, version: "1"}
servers: [{url: "https://api.example.test"}]
paths:
  /v:
    get:
      operationId: getValue
      summary: Get the value
      responses:
        "200":
          description: The value
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Holder'}
components:
  schemas:
    Holder:
      type: object
      properties:
        v: {$ref: '#/components/schemas/Value'}
    Value: %s
    Id: {type: string}
    Level: {type: string, enum: [low, high]}
    Ids: {type: array, items: {$ref: '#/components/schemas/Id'}}
"""


@pytest.mark.parametrize(
    ("schema", "value", "refused"),
    [
        ("{allOf: [{type: string}]}", "abc", None),
        ("{allOf: [{type: string}, {maxLength: 3}]}", "abc", "abcd"),
        ("{allOf: [{type: integer, minimum: 1}, {maximum: 5}]}", 5, 6),
        ("{allOf: [{type: array, items: {type: string}}]}", ["a"], None),
        ("{allOf: [{$ref: '#/components/schemas/Id'}, {maxLength: 3}]}", "abc", "abcd"),
        ("{allOf: [{$ref: '#/components/schemas/Id'}], maxLength: 3}", "abc", "abcd"),
        ("{allOf: [{$ref: '#/components/schemas/Level'}, {description: A level.}]}", "low", None),
        ("{allOf: [{$ref: '#/components/schemas/Ids'}, {maxItems: 1}]}", ["abc"], ["a", "b"]),
    ],
)
def test_an_all_of_of_values_is_the_value_its_members_describe_together(
    tmp_path: Path, schema: str, value: Any, refused: Any
) -> None:
    # An allOf of what no object is became an empty model, refusing every value the spec
    # admits, or was refused as "allOf of a string and an object" with no object in it.
    out = generate_to(
        spec_folder(tmp_path, "value_all_of", _VALUE_ALL_OF % schema), tmp_path / "out"
    )
    assert mypy_strict(out.parent, ["value_all_of"])["value_all_of"] == []
    with (
        imported(out.parent, "value_all_of") as module,
        RecordingServer() as wire,
        module.Client(base_url=wire.url) as client,
    ):
        wire.reply(json.dumps({"v": value}).encode(), content_type="application/json")
        read = client.default.get_value().v
        assert getattr(read, "root", getattr(read, "value", read)) == value
        if refused is not None:
            with pytest.raises(pydantic.ValidationError):
                module.Holder.model_validate({"v": refused})


def test_all_of_members_giving_one_keyword_two_values_are_refused_at_the_second(
    tmp_path: Path,
) -> None:
    schema = "{allOf: [{type: string}, {type: integer}]}"
    with pytest.raises(SpecError) as caught:
        generate_package(spec_folder(tmp_path, "two_types", _VALUE_ALL_OF % schema), "two_types")
    [problem] = caught.value.problems
    line = (_VALUE_ALL_OF % schema).splitlines().index(f"    Value: {schema}") + 1
    assert (problem.line, format_pointer(problem.pointer)) == (
        line,
        "components.schemas.Value.allOf[1].type",
    )
    assert "'type' two values" in problem.message


@pytest.mark.parametrize(
    ("schema", "merged"),
    [
        ("{allOf: [{type: string}, {maxLength: 3}]}", "{type: string, maxLength: 3}"),
        (
            "{allOf: [{$ref: '#/components/schemas/Id'}, {maxLength: 3}]}",
            "{type: string, maxLength: 3}",
        ),
        (
            "{allOf: [{type: integer, minimum: 1}, {maximum: 5}]}",
            "{type: integer, minimum: 1, maximum: 5}",
        ),
    ],
)
def test_an_all_of_of_values_makes_the_models_its_merged_schema_makes(
    tmp_path: Path, schema: str, merged: str
) -> None:
    # Referred to, it was a class of its own (a RootModel) where the same schema written
    # whole is inlined into the field.
    models = [
        generate_package(spec_folder(tmp_path, name, _VALUE_ALL_OF % text), name).files[
            "_models.py"
        ]
        for name, text in (("as_all_of", schema), ("whole", merged))
    ]
    assert models[0] == models[1]
