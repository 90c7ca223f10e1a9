"""Unions of objects without a discriminator: response models keep unknown fields, so an
object validates as any variant whose required fields it has. The package of
tests/specs/subset_unions/ is generated, type-checked and called against a recording HTTP
server on 127.0.0.1: each variant's payload must come back as that variant."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from gen_support import (
    RecordingServer,
    generate_to,
    imported,
    mypy_strict,
    one_schema_package,
    one_schema_problem,
    pyright_strict,
    spec_folder,
)
from mockserver import TEST_SPECS, generated_package

from generator.render._models import models_file

NAME = "subset_unions"


generated, api = generated_package(TEST_SPECS / NAME)


@pytest.fixture
def client(api: ModuleType, wire: RecordingServer) -> Iterator[Any]:
    with api.Client(base_url=wire.url) as client:
        yield client


@pytest.mark.usefixtures("api")  # it generates the package into `generated`
def test_unions_package_passes_mypy_strict(generated: Path) -> None:
    assert mypy_strict(generated, [NAME])[NAME] == []


@pytest.mark.usefixtures("api")  # it generates the package into `generated`
def test_unions_package_passes_pyright_strict(generated: Path) -> None:
    report = pyright_strict(generated, [NAME])
    assert not report[NAME], "\n".join(report[NAME])


@pytest.mark.parametrize(
    ("payload", "variant"),
    [({"name": "Rex", "bark": True}, "Dog"), ({"bark": False}, "Dog"), ({"meow": True}, "Cat")],
)
def test_an_answer_of_variants_with_only_optional_fields_is_the_variant_its_keys_name(
    api: ModuleType, client: Any, wire: RecordingServer, payload: dict[str, Any], variant: str
) -> None:
    wire.reply(payload)
    pet = client.default.get_pet()
    assert type(pet.root) is getattr(api, variant) and pet.root.model_dump(exclude_unset=True) == (
        payload
    )


def test_an_object_naming_no_field_of_any_variant_is_the_first_listed(
    api: ModuleType, client: Any, wire: RecordingServer
) -> None:
    wire.reply({"name": "Tom"})  # a field both variants declare
    assert type(client.default.get_pet().root) is api.Cat
    wire.reply({"colour": "red"})
    assert type(client.default.get_pet().root) is api.Cat


def test_an_object_with_a_field_only_the_wider_variant_declares_is_that_variant(
    api: ModuleType, client: Any, wire: RecordingServer
) -> None:
    wire.reply({"point": {"x": 1, "y": 2, "z": 3}})
    assert type(client.default.get_shelter().point) is api.Point3
    wire.reply({"point": {"x": 1, "y": 2}})
    assert type(client.default.get_shelter().point) is api.Point


def test_variants_declaring_the_same_field_are_told_apart_by_its_type(
    api: ModuleType, client: Any, wire: RecordingServer
) -> None:
    wire.reply({"tag": {"value": "a"}})
    assert type(client.default.get_shelter().tag) is api.Label
    wire.reply({"tag": {"value": 7}})
    assert type(client.default.get_shelter().tag) is api.Count


def test_a_nullable_union_takes_null_or_the_variant_whose_required_field_is_there(
    api: ModuleType, client: Any, wire: RecordingServer
) -> None:
    wire.reply({"contact": {"number": "123"}})
    assert type(client.default.get_shelter().contact) is api.Phone
    wire.reply({"contact": {"address": "a@b.test"}})
    assert type(client.default.get_shelter().contact) is api.Email
    wire.reply({"contact": None})
    assert client.default.get_shelter().contact is None


def test_unions_in_arrays_and_maps_pick_each_items_variant(
    api: ModuleType, client: Any, wire: RecordingServer
) -> None:
    wire.reply(
        {
            "pets": [{"bark": True}, {"meow": True}],
            "rooms": {"a": {"bark": True}, "b": {"meow": False}, "c": "empty"},
        }
    )
    shelter = client.default.get_shelter()
    assert [type(pet) for pet in shelter.pets] == [api.Dog, api.Cat]
    assert [type(room) for room in shelter.rooms.values()] == [api.Dog, api.Cat, str]


def test_a_union_of_sent_models_sends_the_object_given_and_reads_the_answer_by_its_keys(
    api: ModuleType, client: Any, wire: RecordingServer
) -> None:
    wire.reply({"bark": True})
    pet = client.default.adopt(pet={"bark": True})
    assert wire.last.json() == {"pet": {"bark": True}}
    assert type(pet.root) is api.Dog


def test_an_argument_error_inside_a_union_of_models_is_located_by_the_values_keys_alone(
    api: ModuleType, client: Any, wire: RecordingServer
) -> None:
    """Not `CatParam.meow`: pydantic's label of the member is no key of the value."""
    with pytest.raises(api.InvalidArgument) as caught:
        client.default.adopt(pet={"meow": "purr"})
    assert caught.value.reason == "meow: Input should be a valid boolean, unable to interpret input"
    assert wire.requests == []


def test_paged_items_of_a_union_are_each_the_variant_their_keys_name(
    api: ModuleType, client: Any, wire: RecordingServer
) -> None:
    wire.reply({"pets": [{"bark": True}, {"meow": True}], "next": None})
    pets = list(client.default.iter_pets())
    assert [type(pet.root) for pet in pets] == [api.Dog, api.Cat]


@pytest.mark.parametrize(
    ("payload", "read_as"),
    [
        ({"meow": True, "paws": 4}, "Cat"),  # Cat declares `meow`
        ({"apples": 3, "pears": 0}, "dict"),  # Cat declares none of them; the map takes them
        ({"apples": "many"}, "Cat"),  # the map refuses it; Cat keeps unknown fields
        ({}, "Cat"),  # no key for either: the first listed
    ],
)
def test_an_answer_of_a_model_or_a_map_is_read_alike_from_json_and_from_python(
    api: ModuleType, client: Any, wire: RecordingServer, payload: dict[str, Any], read_as: str
) -> None:
    wire.reply(payload)
    from_json = client.default.get_tally().root
    from_python = api.GetTallyResponse.model_validate(payload).root
    assert type(from_json).__name__ == type(from_python).__name__ == read_as
    assert from_json == from_python


def test_fields_and_items_of_a_model_or_a_map_are_read_alike_from_json_and_from_python(
    api: ModuleType, client: Any, wire: RecordingServer
) -> None:
    payload = {
        "scores": {"x": 1, "y": 2},
        "notes": [{"meow": False}, {"text": "hi"}, {"count": 2}],
        "extra": {"colour": "red"},
    }
    wire.reply(payload)
    from_json = client.default.get_shelter()
    from_python = api.Shelter.model_validate(payload)
    assert from_json == from_python
    assert type(from_json.scores) is api.Point
    assert [type(note) for note in from_json.notes] == [api.Cat, dict, api.Cat]
    assert from_json.extra == {"colour": "red"}  # the free-form object, not a Dog of no field
    wire.reply({"scores": {"a": 1.5}, "extra": {"bark": True}})
    shelter = client.default.get_shelter()
    assert shelter.scores == {"a": 1.5} and type(shelter.extra) is api.Dog


def test_a_map_beside_a_model_picks_its_values_variants_as_a_field_does(
    api: ModuleType, client: Any, wire: RecordingServer
) -> None:
    # Point3 is listed first: pydantic alone would take {"x", "y"} for it.
    wire.reply({"spots": {"a": {"x": 1, "y": 2}, "b": {"x": 1, "y": 2, "z": 3}}})
    spots = client.default.get_shelter().spots
    assert {key: type(spot) for key, spot in spots.items()} == {"a": api.Point, "b": api.Point3}


_SAME = "{type: object, properties: {a: {type: string}, n: {type: integer, description: %s}}}"


def test_variants_declaring_the_same_properties_of_the_same_types_are_refused_at_the_union(
    tmp_path: Path,
) -> None:
    union = "{oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]}"
    line, where, message = one_schema_problem(
        tmp_path, "same", union, others={"A": _SAME % "x", "B": _SAME % "y"}
    )
    assert (line, where) == (17, "components.schemas.X.oneOf")
    assert "A and B declare the same properties, of the same types" in message


def test_unions_of_models_are_picked_alike_wherever_the_chunks_end() -> None:
    model = {"type": "object", "properties": {"a": {"type": "string"}}}
    union = {"anyOf": [{"$ref": "#/$defs/A"}, {"$ref": "#/$defs/B"}]}
    holder = {"type": "object", "properties": {"u": union, "l": {"type": "array", "items": union}}}
    defs = {"A": model, "B": {**model, "properties": {"b": {"type": "integer"}}}, "H": holder}
    whole = models_file({"$defs": defs}, {}, spread=0)
    assert "u: Annotated[A | B | None, _best_fit(A, B)] = None" in whole
    assert "list[Annotated[A | B, _best_fit(A, B)]]" in whole
    assert models_file({"$defs": defs}, {}, spread=1) == whole


def test_an_enum_beside_models_in_a_union_is_left_to_pydantic_and_objects_still_pick_a_model(
    tmp_path: Path,
) -> None:
    # The picker tries models on objects; an enum class handed to it failed on every object.
    variant = "{type: object, required: [%s], properties: {%s: {type: string}}}"
    union = (
        "{type: object, properties: {p: {anyOf: [{enum: [1, a]},"
        " {$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]}}}"
    )
    others = {"A": variant % ("a", "a"), "B": variant % ("b", "b")}
    out = one_schema_package(tmp_path, "enum_beside", union, others=others)
    assert mypy_strict(out.parent, ["enum_beside"])["enum_beside"] == []
    with imported(out.parent, "enum_beside") as module:
        assert isinstance(module.X.model_validate({"p": {"b": "x"}}).p, module.B)
        assert module.X.model_validate({"p": "a"}).p.value == "a"


def test_a_variant_named_as_what_the_union_picker_imports_is_renamed(tmp_path: Path) -> None:
    variant = "{type: object, properties: {%s: {type: string}}}"
    names = ["WrapValidator", "ValidationError", "TypeAdapter", "ValidatorFunctionWrapHandler"]
    refs = ", ".join(f"{{$ref: '#/components/schemas/{name}'}}" for name in names)
    others = {name: variant % f"p{i}" for i, name in enumerate(names)}
    out = one_schema_package(tmp_path, "named", f"{{anyOf: [{refs}]}}", others=others)
    models = (out / "_models.py").read_text(encoding="utf-8")
    assert all(f"class {name}Model(" in models for name in names)
    assert mypy_strict(out.parent, ["named"])["named"] == []


def test_a_schema_named_as_the_type_alias_helper_the_models_import_is_renamed(
    tmp_path: Path,
) -> None:
    # A map of constrained strings in a union is a `TypeAliasType(...)` of
    # datamodel-code-generator's, which then renamed the spec's class on its own: the
    # package's __init__ imported a name the models file did not have (found by fuzzing).
    items = (
        "{oneOf: [{$ref: '#/components/schemas/TypeAliasType'}, {type: object, properties: {},"
        " additionalProperties: {type: string, pattern: '^[a-z]+$'}}]}"
    )
    others = {"TypeAliasType": "{type: object, properties: {a: {type: integer}}}"}
    out = one_schema_package(tmp_path, "aliased", f"{{type: array, items: {items}}}", others=others)
    models = (out / "_models.py").read_text(encoding="utf-8")
    assert "TypeAliasType(" in models and "class TypeAliasTypeModel(" in models
    assert mypy_strict(out.parent, ["aliased"])["aliased"] == []


_PET_STREAM = """\
asyncapi: 2.6.0
info: {title: Pet stream, version: "1"}
x-frame: {opcode: op, type: t, data: d}
channels:
  stream:
    subscribe:
      operationId: receiveStream
      summary: Frames the platform pushes
      message: {$ref: '#/components/messages/PetSeen'}
components:
  messages:
    PetSeen:
      name: petSeen
      summary: A pet was seen.
      x-opcode: 0
      payload:
        type: object
        required: [op, t, d]
        properties:
          op: {type: integer, const: 0}
          t: {type: string, const: PET_SEEN}
          d:
            oneOf:
              - $ref: '#/components/schemas/Cat'
              - $ref: '#/components/schemas/Dog'
  schemas:
    Cat:
      type: object
      properties: {name: {type: string}, meow: {type: boolean}}
    Dog:
      type: object
      properties: {name: {type: string}, bark: {type: boolean}}
"""


@pytest.mark.parametrize(
    ("data", "variant"), [(b'{"bark":true}', "Dog"), (b'{"meow":true}', "Cat")]
)
def test_a_received_frame_field_that_is_a_union_of_models_is_the_variant_its_keys_name(
    tmp_path: Path, data: bytes, variant: str
) -> None:
    generate_to(spec_folder(tmp_path, "petstream", _PET_STREAM, "asyncapi.yaml"), tmp_path / "out")
    with imported(tmp_path / "out", "petstream") as module:
        event = module.parse_event(b'{"op":0,"t":"PET_SEEN","d":' + data + b"}")
        assert type(event.d.root) is getattr(module, variant)


# The first lines of the OpenAPI 3.1 documents below.
_HEAD = """\
openapi: 3.1.0
info: {title: Values, version: "1"}
servers: [{url: "https://api.example.test"}]
"""
# POST /v, with the body's properties after it.
_SET_VALUE = _HEAD + """\
paths:
  /v:
    post:
      operationId: setValue
      summary: Set the value
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
"""
_STRING_OR_NUMBER = _SET_VALUE + """\
                v: {oneOf: [{type: number}, {type: string, enum: ["1", x]}]}
      responses:
        "200":
          description: The value kept
          content:
            application/json:
              schema:
                type: object
                properties:
                  v: {anyOf: [{type: boolean}, {type: string, enum: ["true", x]}, {type: "null"}]}
"""


def test_a_string_enum_beside_a_number_or_boolean_keeps_a_listed_string_a_string(
    tmp_path: Path,
) -> None:
    # pydantic's smart mode matches an enum strictly to its members only: "1" became 1.0.
    out = _strict_package(tmp_path, "values", _STRING_OR_NUMBER)
    with imported(out.parent, "values") as module:
        sent = module.SetValueRequest
        assert sent(v="1").model_dump_json() == '{"v":"1"}'
        assert sent(v=1).model_dump_json() == '{"v":1.0}'
        received = module.SetValueResponse
        assert received.model_validate_json('{"v": "true"}').v.value == "true"
        assert received.model_validate_json('{"v": true}').v is True
        assert received.model_validate_json('{"v": null}').v is None


_BINARY_OR_NUMBER = _SET_VALUE + """\
                v: {oneOf: [{type: integer}, {type: string, format: binary}]}
                w: {type: array, items: {anyOf: [{type: number}, {$ref: '#/components/schemas/Blob'}]}}
      responses:
        "204": {description: Kept}
components:
  schemas:
    Blob: {type: string, format: binary}
"""


def test_a_binary_string_beside_a_number_refuses_a_str_rather_than_send_a_number(
    tmp_path: Path,
) -> None:
    # "1" was sent as the number 1 (found by fuzzing); an argument's type is checked strictly
    # now, and a str is no `bytes` (README, "Argument types").
    with _client_on_the_wire(tmp_path, "binary_values", _BINARY_OR_NUMBER) as (client, wire):
        wire.reply(status=204)
        client.default.set_value(v=1, w=[b"2", 3.5])
        sent = wire.last.json()
        for v, w in (("1", [3]), (1, ["2"])):
            with pytest.raises(TypeError, match=r"argument '[vw]'"):  # InvalidArgument
                client.default.set_value(v=v, w=w)
    assert sent == {"v": 1, "w": ["2", 3.5]}
    assert len(wire.requests) == 1


# GET /v, with what the API declares beside its paths in the first %s.
_GET_VALUE = _HEAD + """\
%s
paths:
  /v:
    get:
      operationId: getValue
      summary: Get the value
"""
_STRING_OR_NUMBER_QUERY = (_GET_VALUE % "") + """\
      parameters:
        - name: v
          in: query
          schema: {oneOf: [{type: number}, {type: string, enum: ["1", x]}]}
      responses:
        "204": {description: Nothing}
"""


def test_a_string_enum_beside_a_number_passed_whole_keeps_a_listed_string_a_string(
    tmp_path: Path,
) -> None:
    with _client_on_the_wire(tmp_path, "query_values", _STRING_OR_NUMBER_QUERY) as (client, wire):
        sent = []
        for value in ("1", 1.5, 2):
            wire.reply(status=204)
            client.default.get_value(v=value)
            sent.append(wire.last.query["v"])
    assert sent == [["1"], ["1.5"], ["2.0"]]


_STRING_OR_NUMBER_ANSWER = _GET_VALUE + """\
      responses:
        "200":
          description: The value
          content:
            application/json:
              schema: %s
"""
_VALUE = "{oneOf: [{type: number}, {type: string, enum: ['1', x]}]}"
_ENVELOPE = "x-envelope: {code: code, message: message, data: data, success: [0]}"


@pytest.mark.parametrize(
    ("envelope", "schema", "wrap"),
    [
        ("", _VALUE, lambda value: value),
        (
            _ENVELOPE,
            f"{{type: object, properties: {{code: {{type: integer}}, data: {_VALUE}}}}}",
            lambda value: {"code": 0, "data": value},
        ),
    ],
    ids=["whole", "enveloped"],
)
def test_a_string_enum_beside_a_number_returned_whole_keeps_a_listed_string_a_string(
    tmp_path: Path, envelope: str, schema: str, wrap: Callable[[Any], Any]
) -> None:
    spec = _STRING_OR_NUMBER_ANSWER % (envelope, schema)
    with _client_on_the_wire(tmp_path, "answer_values", spec) as (client, wire):
        answers = []
        for value in ("1", 1, 2.5, "x"):
            wire.reply(json.dumps(wrap(value)).encode(), content_type="application/json")
            answers.append(client.default.get_value())
    assert [getattr(a, "value", a) for a in answers] == ["1", 1.0, 2.5, "x"]
    assert [type(a).__name__ for a in answers][1:3] == ["float", "float"]


_BYTES_OR_STR = "{anyOf: [{type: string, format: binary}, {type: string}]}"
_BLOB_OR_STR = "{anyOf: [{$ref: '#/components/schemas/Blob'}, {type: string}]}"
_BYTES_OR_STR_FIELDS = (
    f"{{type: object, properties: {{v: {_BYTES_OR_STR},"
    f" w: {{type: array, items: {_BYTES_OR_STR}}}, x: {_BLOB_OR_STR}}}}}"
)
_BLOB = """\
components:
  schemas:
    Blob: {type: string, format: binary}
"""


@pytest.mark.parametrize(
    ("schema", "body", "read"),
    [
        (_BYTES_OR_STR, "abc", lambda answer: [answer]),
        (_BLOB_OR_STR, "abc", lambda answer: [answer]),
        (f"{{type: array, items: {_BYTES_OR_STR}}}", ["abc"], lambda answer: answer),
        (
            _BYTES_OR_STR_FIELDS,
            {"v": "abc", "w": ["abc"], "x": "abc"},
            lambda answer: [answer.v, *answer.w, answer.x],
        ),
    ],
    ids=["whole", "named-binary", "items", "fields-and-items"],
)
def test_a_string_beside_a_binary_string_is_read_from_json_as_a_str(
    tmp_path: Path, schema: str, body: Any, read: Callable[[Any], list[Any]]
) -> None:
    # pydantic's smart mode takes a JSON string for bytes as readily as for str, and took the
    # first member: the client answered b"abc" where a model built from Python held "abc"
    # (found by fuzzing).
    spec = _STRING_OR_NUMBER_ANSWER % ("", schema) + _BLOB
    with _client_on_the_wire(tmp_path, "bytes_or_str", spec) as (client, wire):
        wire.reply(json.dumps(body).encode(), content_type="application/json")
        values = read(client.default.get_value())
    assert values and all(value == "abc" for value in values)


_LEVEL_OR_BYTES = "{anyOf: [{type: string, format: binary}, {type: string, enum: [low, high]}]}"


@pytest.mark.parametrize(
    ("schema", "wrap", "read"),
    [
        (_LEVEL_OR_BYTES, lambda value: value, lambda answer: answer),
        (
            f"{{type: object, properties: {{v: {_LEVEL_OR_BYTES}}}}}",
            lambda value: {"v": value},
            lambda answer: answer.v,
        ),
    ],
    ids=["whole", "field"],
)
def test_a_listed_string_beside_a_binary_string_is_read_as_the_member_from_json_as_from_python(
    tmp_path: Path, schema: str, wrap: Callable[[str], Any], read: Callable[[Any], Any]
) -> None:
    # In smart mode a JSON "low" is exactly bytes but not the enum's member: the client read
    # b"low" where a model built from Python held the member (found by fuzzing).
    spec = _STRING_OR_NUMBER_ANSWER % ("", schema)
    with _client_on_the_wire(tmp_path, "level_or_bytes", spec) as (client, wire):
        answers = []
        for value in ("low", "other"):
            wire.reply(json.dumps(wrap(value)).encode(), content_type="application/json")
            answers.append(read(client.default.get_value()))
    listed, other = answers
    assert not isinstance(listed, bytes) and listed.value == "low"
    assert other == b"other"  # not listed: the binary string


def test_a_model_built_from_python_keeps_str_and_bytes_beside_a_binary_string(
    tmp_path: Path,
) -> None:
    spec = _STRING_OR_NUMBER_ANSWER % ("", _BYTES_OR_STR_FIELDS) + _BLOB
    out = _strict_package(tmp_path, "bytes_or_str", spec)
    with imported(out.parent, "bytes_or_str") as module:
        model = module.GetValueResponse
        data = {"v": "abc", "w": ["d"], "x": "e"}
        assert model.model_validate(data) == model.model_validate_json(json.dumps(data))
        built = model.model_validate({"v": b"abc", "w": [b"d"], "x": b"e"})
        assert (built.v, built.w, built.x) == (b"abc", [b"d"], b"e")


_NESTED_VALUES = _STRING_OR_NUMBER_ANSWER % ("", "{$ref: '#/components/schemas/Values'}") + """\
components:
  schemas:
    Level: {type: string, enum: ["1", "true"]}
    LevelOrNumbers:
      type: array
      items: {oneOf: [{type: number}, {$ref: '#/components/schemas/Level'}]}
    Values:
      type: object
      properties:
        list: {type: array, items: {oneOf: [{type: number}, {$ref: '#/components/schemas/Level'}]}}
        map:
          type: object
          additionalProperties: {anyOf: [{type: integer}, {$ref: '#/components/schemas/Level'}]}
        nullable_list:
          anyOf:
            - type: array
              items: {anyOf: [{type: boolean}, {$ref: '#/components/schemas/Level'}]}
            - type: "null"
        named_list: {$ref: '#/components/schemas/LevelOrNumbers'}
"""


def test_a_string_enum_beside_a_number_inside_an_array_or_map_keeps_a_listed_string_a_string(
    tmp_path: Path,
) -> None:
    # Only a field's own union was ordered: "1" in a list or map of such unions became 1.0,
    # 1 or True.
    values = {
        "list": ["1", 2],
        "map": {"a": "1", "b": 3},
        "nullable_list": ["true", True],
        "named_list": ["1", 1],
    }
    with _client_on_the_wire(tmp_path, "nested_values", _NESTED_VALUES) as (client, wire):
        wire.reply(json.dumps(values).encode(), content_type="application/json")
        answer = client.default.get_value()
        built = type(answer).model_validate(values)  # from Python objects, not JSON
    for got in (answer, built):
        dumped = {
            name: [getattr(v, "value", v) for v in value]
            for name, value in got.model_dump(by_alias=True, exclude_none=True).items()
            if isinstance(value, list)
        }
        assert dumped == {
            "list": ["1", 2.0],
            "nullable_list": ["true", True],
            "named_list": ["1", 1.0],
        }
        assert [type(v).__name__ for v in got.list_] == ["Level", "float"]
        assert {k: getattr(v, "value", v) for k, v in got.map.items()} == {"a": "1", "b": 3}
        assert type(got.map["a"]).__name__ == "Level"


_STRING_OR_NUMBER_PAGES = _HEAD + """\
paths:
  /values:
    get:
      operationId: listValues
      summary: List the values
      parameters:
        - {name: page, in: query, schema: {type: integer}}
      x-pagination: {style: page, page-param: page, items: /items}
      responses:
        "200":
          description: A page of values
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: VALUE}
""".replace("VALUE", _VALUE)


def test_a_string_enum_beside_a_number_among_a_page_s_items_keeps_a_listed_string_a_string(
    tmp_path: Path,
) -> None:
    spec = _STRING_OR_NUMBER_PAGES
    with _client_on_the_wire(tmp_path, "page_values", spec) as (client, wire):
        wire.reply({"items": ["1", 1, "x", 2.5]})
        wire.reply({"items": []})
        items = list(client.default.iter_values())
    assert [getattr(a, "value", a) for a in items] == ["1", 1.0, "x", 2.5]
    assert [type(a).__name__ for a in items][1::2] == ["float", "float"]


_IMPLICIT_TAGS = _HEAD + """\
paths:
  /pet:
    get:
      operationId: getPet
      summary: Get the pet
      responses:
        "200":
          description: The pet
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Holder"}
    put:
      operationId: setPet
      summary: Set the pet
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Holder"}
      responses:
        "204": {description: Done}
components:
  schemas:
    Holder:
      type: object
      properties:
        pet:
          oneOf:
            - $ref: "#/components/schemas/class"
            - $ref: "#/components/schemas/dog-x"
            - $ref: "#/components/schemas/Cat"
          discriminator: {propertyName: kind, mapping: {c: "#/components/schemas/Cat"}}
    class:
      type: object
      required: [kind]
      properties: {kind: {type: string}, size: {type: integer}}
    dog-x:
      type: object
      required: [kind]
      properties: {kind: {type: string}, bark: {type: boolean}}
    Cat:
      type: object
      required: [kind]
      properties: {kind: {type: string}}
"""


def test_a_variant_the_mapping_leaves_out_is_tagged_by_its_schema_name_not_its_class_name(
    tmp_path: Path,
) -> None:
    # OpenAPI tags such a variant by its schema's name; the classes `Class` and `DogX` were
    # tagged "Class" and "DogX", so the platform's "class" and "dog-x" decoded as nothing.
    with _client_on_the_wire(tmp_path, "implicit_tags", _IMPLICIT_TAGS) as (client, wire):
        got = []
        for tag in ("class", "dog-x", "c"):
            wire.reply({"pet": {"kind": tag}})
            got.append(type(client.default.get_pet().pet.root).__name__)
        wire.reply(status=204)
        client.default.set_pet(pet={"kind": "dog-x", "bark": True})
        sent = wire.last.json()
    assert got == ["Class", "DogX", "Cat"]
    assert sent == {"pet": {"kind": "dog-x", "bark": True}}


def test_a_mapping_value_naming_a_schema_by_its_name_tags_that_schema(tmp_path: Path) -> None:
    # OpenAPI reads `cat: Cat` as #/components/schemas/Cat; it was refused as a `$ref` 'Cat'
    # that does not resolve.
    variant = "{type: object, required: [pet-type], properties: {pet-type: {type: string}}}"
    union = (
        "{oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}],"
        " discriminator: {propertyName: pet-type, mapping: {cat: Cat}}}"
    )
    out = one_schema_package(tmp_path, "named", union, others={"Cat": variant, "Dog": variant})
    assert mypy_strict(out.parent, ["named"])["named"] == []
    with imported(out.parent, "named") as module:
        read = [
            module.X.model_validate_json(f'{{"pet-type": "{tag}"}}').root for tag in ("cat", "Dog")
        ]
        assert [type(pet).__name__ for pet in read] == ["Cat", "Dog"]


_CLASS_NAMED_AS_A_PROPERTY = _HEAD + """\
paths:
  /doc:
    get:
      operationId: getDoc
      summary: Get the document
      responses:
        "200":
          description: The document
          content:
            application/json:
              schema:
                type: object
                properties:
                  holder: {$ref: "#/components/schemas/Holder"}
                  doc: {$ref: "#/components/schemas/Json"}
components:
  schemas:
    Holder:
      type: object
      properties:
        json:
          anyOf:
            - {type: boolean}
            - {type: array, items: {type: string, maxLength: 5}, minItems: 1}
    Json:
      type: object
      properties:
        children: {type: array, items: {$ref: "#/components/schemas/Json"}}
"""


def test_a_class_keeps_its_name_where_the_model_tool_names_an_inline_union_member_alike(
    tmp_path: Path,
) -> None:
    # datamodel-code-generator names the constrained array of `Holder.json` `Json` itself;
    # met first, it took the name, and the spec's `Json` became `Json1`, so the client read
    # the answer as a list.
    out = _strict_package(tmp_path, "names", _CLASS_NAMED_AS_A_PROPERTY)
    with imported(out.parent, "names") as module:
        page = module.GetDocResponse.model_validate_json(
            '{"holder": {"json": ["ab"]}, "doc": {"children": []}}'
        )
        assert type(page.doc) is module.Json
        assert page.doc.children == []
        assert page.holder.json_ == ["ab"]  # a plain list, of plain strings


@contextmanager
def _client_on_the_wire(tmp_path: Path, name: str, spec: str) -> Iterator[tuple[Any, Any]]:
    """A client of package `name` (`_strict_package`) and the local server it calls."""
    from gen_support import RecordingServer

    out = _strict_package(tmp_path, name, spec)
    with (
        imported(out.parent, name) as module,
        RecordingServer() as wire,
        module.Client(base_url=wire.url) as client,
    ):
        yield client, wire


def _strict_package(tmp_path: Path, name: str, spec: str) -> Path:
    """Package `name` generated from the OpenAPI text `spec`, checked by `mypy --strict`."""
    out = generate_to(spec_folder(tmp_path, name, spec), tmp_path / "out")
    assert mypy_strict(out.parent, [name])[name] == []
    return out


_CAT_OR_DOG = (
    "{oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}],"
    " discriminator: {propertyName: petType}}"
)


def test_a_variant_declaring_no_tag_property_gets_one_and_decodes_by_its_tag(
    tmp_path: Path,
) -> None:
    # datamodel-code-generator refused the union, naming no class (found by fuzzing).
    others = {
        "Cat": "{type: object, required: [petType], properties: {petType: {type: string}}}",
        "Dog": "{type: object, properties: {bark: {type: boolean}}}",
    }
    out = one_schema_package(tmp_path, "undeclared", _CAT_OR_DOG, others=others)
    assert mypy_strict(out.parent, ["undeclared"])["undeclared"] == []
    with imported(out.parent, "undeclared") as module:
        dog = module.X.model_validate_json('{"petType": "Dog", "bark": true}').root
        assert (type(dog).__name__, dog.pet_type, dog.bark) == ("Dog", "Dog", True)
        assert type(module.X.model_validate_json('{"petType": "Cat"}').root).__name__ == "Cat"


_PETS = _HEAD + """\
paths:
  /pet:
    get:
      operationId: getPet
      summary: Get a pet
      responses:
        "200":
          description: The pet
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
    put:
      operationId: putPet
      summary: Put a pet
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      responses:
        "204": {description: Kept}
  /cat:
    get:
      operationId: getCat
      summary: Get the cat
      responses:
        "200":
          description: The cat, alone
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Cat'}
  /nest:
    get:
      operationId: getNest
      summary: Get a nest
      responses:
        "200":
          description: Its owner, tagged by kind
          content:
            application/json:
              schema:
                oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Owl'}]
                discriminator: {propertyName: kind}
components:
  schemas:
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: petType, mapping: {cat: '#/components/schemas/Cat'}}
    Cat:
      type: object
      properties: {petType: {type: string}, kind: {type: string}, meow: {type: boolean}}
    Dog:
      type: object
      required: [petType]
      properties: {petType: {type: string}, bark: {type: boolean}}
    Owl:
      type: object
      properties: {kind: {type: string}, hoot: {type: boolean}}
"""


def test_a_received_variant_whose_tag_the_spec_leaves_optional_reads_without_it(
    tmp_path: Path,
) -> None:
    # datamodel-code-generator makes every tag field required: a cat answered alone, or by a
    # union tagging it by another property, failed to decode without its petType.
    with _client_on_the_wire(tmp_path, "pets", _PETS) as (client, wire):
        wire.reply(b'{"meow": true}', content_type="application/json")
        cat = client.default.get_cat()
        wire.reply(b'{"kind": "Cat", "meow": true}', content_type="application/json")
        nested = client.default.get_nest().root
        wire.reply(b'{"petType": "Dog"}', content_type="application/json")
        dog = client.default.get_pet().root
        wire.reply(b'{"bark": true}', content_type="application/json")
        with pytest.raises(Exception, match="petType") as caught:  # the union needs it
            client.default.get_pet()
    assert type(caught.value).__name__ == "DecodeError"
    assert (type(cat).__name__, cat.pet_type, cat.meow) == ("Cat", "cat", True)
    assert (type(nested).__name__, nested.pet_type, nested.kind) == ("Cat", "cat", "Cat")
    assert type(dog).__name__ == "Dog"


def test_a_sent_variant_keeps_its_tag_required_and_sends_it(tmp_path: Path) -> None:
    # A request sends the fields that were set: a defaulted tag would not be sent.
    out = _strict_package(tmp_path, "sent_pets", _PETS)
    with imported(out.parent, "sent_pets") as module:
        fields = module.CatParam.model_fields
        assert (
            fields["pet_type"].is_required()
            and not module.Cat.model_fields["pet_type"].is_required()
        )
        with RecordingServer() as wire, module.Client(base_url=wire.url) as client:
            wire.reply(status=204)
            client.default.put_pet(body=module.CatParam(pet_type="cat", meow=True))
            assert wire.last.json() == {"petType": "cat", "meow": True}


def test_a_class_holding_in_a_union_a_subclass_that_redeclares_its_field_is_located_there(
    tmp_path: Path,
) -> None:
    # datamodel-code-generator recurses without end on it and says only "Schema nesting is
    # too deep", naming no class: it was located at the spec's first line (found by fuzzing).
    others = {
        "Env": "{type: object, properties: {message: {anyOf: [{$ref: '#/components/schemas/Sub'},"
        " {type: 'null'}]}, data: {}}}",
        "Sub": "{allOf: [{$ref: '#/components/schemas/Env'}, {properties: {data: {type: object}}}]}",
    }
    line, where, message = one_schema_problem(
        tmp_path, "deep", "{$ref: '#/components/schemas/Sub'}", others=others
    )
    assert (line, where) == (18, "components.schemas.Env")
    assert "(Env.message holds Sub in a union, and Sub inherits from Env, giving its 'data'" in (
        message
    )


def test_a_discriminator_the_model_tool_refuses_naming_no_class_is_located_at_the_union(
    tmp_path: Path,
) -> None:
    # datamodel-code-generator's refusal names the discriminator, no class: it was located
    # at the spec's first line. Dog's `pet_type` takes the Python name its tag would have.
    others = {
        "Cat": "{type: object, required: [petType], properties: {petType: {type: string}}}",
        "Dog": "{type: object, properties: {pet_type: {type: integer}, petType: {type: string}}}",
    }
    union = _CAT_OR_DOG
    line, where, message = one_schema_problem(tmp_path, "camel", union, others=others)
    assert (line, where) == (17, "components.schemas.X")
    assert message.startswith("model X: datamodel-code-generator cannot model it: ")
    assert "Discriminator 'petType'" in message
