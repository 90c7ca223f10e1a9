"""What `botspec mock` answers where the spec shows no example: tests/specs/mock_answers,
served on 127.0.0.1 and called with plain httpx and with its own generated client (generated
outside the repository), which must decode every answer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from jsonschema.exceptions import ValidationError
from mockserver import SPECS, TEST_SPECS, MockServer, generated_package, served

from generator.load import Document, SpecSet, iter_operations, load
from generator.mock._values import ValueMaker
from generator.pipeline import spec_files_in
from generator.problems import Pointer
from generator.validate import EndlessSchema, SchemaValidators, validate

SPEC = TEST_SPECS / "mock_answers"

generated, api = generated_package(SPEC)
_server, mock = served(SPEC, "mock")


@pytest.fixture
def client(api: ModuleType, mock: MockServer) -> Iterator[Any]:
    with api.Client(base_url=mock.url) as client:
        yield client


# -- which response ------------------------------------------------------------------


def test_an_operation_whose_only_response_is_default_is_answered_from_it(
    mock: MockServer, client: Any
) -> None:
    response = httpx.get(mock.url + "/default-only")
    assert response.status_code == 200
    assert response.json() == {"x": 0}
    assert client.answers.get_default_only().x == 0


def test_an_operation_listing_only_errors_is_answered_200_without_a_body(
    mock: MockServer, client: Any
) -> None:
    response = httpx.delete(mock.url + "/errors-only")
    assert (response.status_code, response.content) == (200, b"")
    assert client.answers.delete_errors_only() is None


# -- media types ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "method", "media"),
    [
        ("/media/charset", "get_charset", "application/json; charset=utf-8"),
        ("/media/problem", "get_problem", "application/problem+json"),
        ("/media/vendor", "get_vendor", "application/vnd.answers.point+json"),
    ],
)
def test_a_json_answer_of_any_json_media_type_is_json_in_that_media_type(
    mock: MockServer, client: Any, path: str, method: str, media: str
) -> None:
    response = httpx.get(mock.url + path)
    assert response.headers["content-type"] == media
    assert response.json() == {"x": 0, "y": "string"}
    assert getattr(client.media, method)().x == 0


def test_a_text_answer_is_text_in_its_own_media_type(mock: MockServer, client: Any) -> None:
    response = httpx.get(mock.url + "/media/csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert response.text == "string"
    assert client.media.get_csv() == "string"


# -- values made up from the schema ------------------------------------------------------


def _answer(mock: MockServer, path: str) -> Any:
    response = httpx.get(mock.url + path)
    assert response.status_code == 200, response.text
    return response.json()


def test_made_up_numbers_keep_within_bounds_exclusive_ones_too_and_to_their_step(
    mock: MockServer, client: Any
) -> None:
    numbers = _answer(mock, "/values/numbers")
    assert numbers["above"] > 0
    assert numbers["below"] < -3
    assert 0 < numbers["between"] < 1
    assert numbers["floor"] >= 10
    assert numbers["ceiling"] <= -5
    assert numbers["step"] >= 7 and numbers["step"] % 5 == 0
    assert numbers["cents"] >= 0.3
    assert client.values.get_numbers().cents == numbers["cents"]  # its multiple_of too


def test_made_up_strings_keep_to_lengths_formats_patterns_and_listed_values_or_are_left_out(
    mock: MockServer, client: Any
) -> None:
    strings = _answer(mock, "/values/strings")
    assert len(strings["long"]) >= 10
    assert len(strings["short"]) <= 3
    assert datetime.fromisoformat(strings["when"]).tzinfo is not None
    assert date.fromisoformat(strings["day"])
    assert httpx.URL(strings["link"]).scheme == "https"
    assert re.fullmatch("[0-9]{3,}", strings["digits"])
    assert strings["shown"] == "abc1"  # no string written from a lookahead: its example
    assert (strings["listed"], strings["fixed"]) == ("ok", "fixed")
    assert "unmatched" not in strings  # optional, and no string written meets its lookahead
    assert client.values.get_strings().digits == strings["digits"]


def test_made_up_arrays_hold_as_many_items_as_min_items_asks_and_max_items_allows(
    mock: MockServer,
) -> None:
    assert _answer(mock, "/values/arrays") == {"pair": [1, 1], "none": []}


def test_a_union_member_is_tagged_with_the_mapping_key_that_names_it(
    mock: MockServer, client: Any, api: ModuleType
) -> None:
    assert _answer(mock, "/values/pet") == {"pet": {"kind": "cat", "meow": False}}
    pet = client.values.get_pet().pet.root
    assert isinstance(pet, api.Cat)
    assert pet.kind == "cat"


def test_a_union_member_the_mapping_leaves_out_is_tagged_with_its_schema_name(
    mock: MockServer, client: Any, api: ModuleType
) -> None:
    assert _answer(mock, "/values/animal") == {"kind": "Fish", "fins": 0}
    assert isinstance(client.values.get_animal().root, api.Fish)


_UNMATCHABLE = """\
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /code:
    get:
      operationId: getCode
      summary: Get a code
      responses:
        "200":
          description: A code
          content:
            application/json:
              schema:
                type: object
                required: [code]
                properties:
                  code: {type: string, pattern: "^(?=.*[0-9])[a-z]+$"}
                  note: {type: string, pattern: "^(?=.*[0-9])[a-z]+$"}
"""


def test_a_required_value_no_string_made_up_matches_is_a_500_naming_its_pattern(
    tmp_path: Path,
) -> None:
    (tmp_path / "openapi.yaml").write_text(_UNMATCHABLE, encoding="utf-8")
    with MockServer(tmp_path) as server:
        response = httpx.get(server.url + "/code")
    assert response.status_code == 500
    message = response.json()["message"]
    assert message.startswith("getCode: botspec mock made no answer: ")
    assert message.endswith(
        f"{tmp_path.name}/openapi.yaml:17 (paths./code.get.responses.200.content"
        ".application/json.schema.properties.code.pattern): no value made up for it satisfies"
        " 'pattern' ('string' does not match '^(?=.*[0-9])[a-z]+$'); give the schema an example"
    )


# -- every made-up value against its schema ------------------------------------------------

# Test spec folders holding no OpenAPI document the mock serves: broken ones, events only.
NOT_SERVED = {"broken", "events"}
SERVED = [SPECS / name for name in ("kook", "lanying", "qqbot")] + sorted(
    p for p in TEST_SPECS.iterdir() if p.is_dir() and p.name not in NOT_SERVED
)


def _response_schemas(doc: Document, specs: SpecSet) -> Iterator[tuple[Document, Pointer]]:
    """Where every response schema of `doc`'s operations is, errors' included."""
    for op_pointer, _, _, op in iter_operations(doc.data):
        for status in op.get("responses") or {}:
            at = (*op_pointer, "responses", status)
            where, pointer, response = specs.follow(doc, at, doc.get(at))
            for media, content in (response.get("content") or {}).items():
                if "schema" in content:
                    yield where, (*pointer, "content", media, "schema")


def _overlap(error: ValidationError) -> bool:
    """A value more than one oneOf member accepts: members that overlap (told apart only
    by a discriminator's tag, or all of whose fields are optional) admit no other."""
    return error.validator == "oneOf" and "is valid under each of" in error.message


@pytest.mark.parametrize("folder", SERVED, ids=lambda p: p.name)
def test_every_answer_the_mock_makes_up_validates_against_its_response_schema(
    folder: Path,
) -> None:
    specs = load(spec_files_in(folder))
    assert validate(specs) == []
    roots = [doc for doc in specs.roots if doc.kind == "openapi"]
    assert roots
    refused = []
    for doc in roots:
        values, validators = ValueMaker(doc, specs), SchemaValidators(doc, specs)
        for where, pointer in _response_schemas(doc, specs):
            value = values.value(where, pointer)
            try:
                errors = list(validators.at(where, pointer).iter_errors(value))
            except EndlessSchema:  # holds itself in place: no value can be checked
                continue
            refused += [f"{where.name} {pointer}: {e.message}" for e in errors if not _overlap(e)]
    assert refused == []


def _made(schema: dict[str, Any], version: str = "3.1.0") -> tuple[Any, Any]:
    """The value the mock makes up for `schema`, and the schema's validator."""
    doc = Document(Path("/virtual/openapi.yaml").resolve(), {"openapi": version, "s": schema}, {})
    specs = SpecSet(roots=[doc], documents={doc.path: doc})
    return ValueMaker(doc, specs).value(doc, ("s",)), SchemaValidators(doc, specs).at(doc, ("s",))


PROPERTIES = settings(max_examples=150, derandomize=True, deadline=None)


@PROPERTIES
@given(data=st.data(), integer=st.booleans(), version=st.sampled_from(["3.1.0", "3.0.3"]))
def test_a_made_up_number_meets_any_bounds_and_step_some_number_meets(
    data: st.DataObject, integer: bool, version: str
) -> None:
    steps = st.integers(1, 40) | (st.nothing() if integer else st.sampled_from([0.5, 0.1, 0.01]))
    step = data.draw(st.none() | steps, label="multipleOf")
    witness = data.draw(st.integers(-10_000, 10_000), label="witness") * (step or 1)
    gaps = st.integers(0, 60) if integer else st.sampled_from([0, 0.001, 0.5, 3, 40])
    schema: dict[str, Any] = {"type": "integer" if integer else "number"}
    if step:
        schema["multipleOf"] = step
    for name, side in (("Minimum", -1), ("Maximum", 1)):
        gap = data.draw(st.none() | gaps, label=name)
        exclusive = data.draw(st.booleans(), label=f"exclusive{name}") and bool(gap)
        if gap is None:
            continue
        if exclusive and version == "3.0.3":  # 3.0: a boolean beside the bound
            schema[name.lower()] = witness + side * gap
            schema[f"exclusive{name}"] = True
        else:
            schema[f"exclusive{name}" if exclusive else name.lower()] = witness + side * gap
    value, check = _made(schema, version)
    assume(check.is_valid(witness))  # a float step's multiples may fail jsonschema's check
    assert check.is_valid(value), (schema, value)


_PATTERNS = [
    "^[0-9]+$",
    "^[a-z]{2}[0-9]$",
    "^[A-Z][a-z]*$",
    "^(ab|cd)+$",
    "^[^0-9]+$",
    r"^\d{3}-\d{4}$",
    "^[a-f0-9]{8,}$",
    r"^\w+@\w+\.com$",
    "x",
]


@PROPERTIES
@given(data=st.data(), pattern=st.none() | st.sampled_from(_PATTERNS))
def test_a_made_up_string_meets_any_lengths_and_pattern_some_string_meets(
    data: st.DataObject, pattern: str | None
) -> None:
    texts = st.text(max_size=12) if pattern is None else st.from_regex(pattern, fullmatch=True)
    witness = data.draw(texts, label="witness")
    schema: dict[str, Any] = {"type": "string"}
    if pattern is not None:
        schema["pattern"] = pattern
    if data.draw(st.booleans(), label="minLength"):
        schema["minLength"] = len(witness) - data.draw(st.integers(0, len(witness)))
    if pattern is None and data.draw(st.booleans(), label="maxLength"):
        schema["maxLength"] = len(witness) + data.draw(st.integers(0, 8))
    value, check = _made(schema)
    assert check.is_valid(witness)
    assert check.is_valid(value), (schema, value)


@PROPERTIES
@given(least=st.integers(0, 6), more=st.none() | st.integers(0, 6))
def test_a_made_up_array_holds_as_many_items_as_its_bounds_allow(
    least: int, more: int | None
) -> None:
    schema: dict[str, Any] = {"type": "array", "items": {"type": "integer"}, "minItems": least}
    if more is not None:
        schema["maxItems"] = least + more
    value, check = _made(schema)
    assert check.is_valid(value), (schema, value)
    assert len(value) == max(least, min(1, least + (more if more is not None else 1)))
