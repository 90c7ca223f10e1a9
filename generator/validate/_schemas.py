"""Validators for the schemas of a document set, in the dialect of the document they serve.

Used for examples (every example must match the schema it illustrates) and by the mock
server (request parameters and bodies). python jsonschema, referencing and, for OpenAPI,
openapi-schema-validator are imported on first use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from generator.load import Document, SpecSet
from generator.problems import Pointer

if TYPE_CHECKING:
    from jsonschema.protocols import Validator


class SchemaValidators:
    """A validator for the schema at any (document, pointer) of `specs`, in `root`'s dialect:
    OpenAPI 3.1 (JSON Schema 2020-12 with OpenAPI's formats), OpenAPI 3.0, or draft 7 for
    AsyncAPI payloads. Every document of the set is registered under its file URI, so
    references across files resolve."""

    def __init__(self, root: Document, specs: SpecSet) -> None:
        from referencing import Registry

        self._validator_class, spec = _dialect(root)
        self._registry: Registry[Any] = Registry().with_resources(
            (d.path.as_uri(), spec.create_resource(d.data)) for d in specs.documents.values()
        )
        self._specs = specs
        self._endless: dict[tuple[Path, Pointer], bool] = {}  # whether each holds itself in place
        self._leads: dict[tuple[Path, Pointer], bool] = {}  # whether each leads to such a one

    def at(self, doc: Document, schema_pointer: Pointer) -> Validator:
        """The validator of the schema at `schema_pointer`; EndlessSchema if it, or a schema
        it leads to, holds itself in place (jsonschema would recurse until the interpreter's
        limit, where an error in its Rust parts is a panic no handler of RecursionError
        catches)."""
        if self._leads_to_endless((doc, schema_pointer)):
            raise EndlessSchema(f"{doc.name}: {schema_pointer}")
        return self._validator_class(
            {"$ref": _schema_uri(doc, schema_pointer)}, registry=self._registry
        )

    def _leads_to_endless(self, node: _Node) -> bool:
        """Whether the schema at `node`, or one it leads to in place or through a part of the
        value (`properties`, `items`...), holds itself in place: a value having that part
        is checked without end (`{additionalProperties: {$ref: A}}`, A holding itself)."""
        start = (node[0].path, node[1])
        if start not in self._leads:
            self._leads[start] = self._walk_to_endless(node)
        return self._leads[start]

    def _walk_to_endless(self, node: _Node) -> bool:
        seen: set[tuple[Path, Pointer]] = set()
        pending = [node]
        while pending:
            node = pending.pop()
            key = (node[0].path, node[1])
            if key in seen:
                continue
            seen.add(key)
            if self._holds_itself(node, []):
                return True
            pending += self._in_place(node) + _into_value(node)
        return False

    def _holds_itself(self, node: _Node, path: list[tuple[Path, Pointer]]) -> bool:
        """Whether the schema at `node` reaches itself, or a schema that does, through
        keywords that apply to the same value (`$ref`, `allOf`, `oneOf`...): checking any
        value against it never ends. Through `properties` or `items` a check goes one level
        into the value (`_leads_to_endless`)."""
        doc, pointer = node
        key = (doc.path, pointer)
        if key in path:
            return True
        if key not in self._endless:
            path.append(key)
            self._endless[key] = any(self._holds_itself(n, path) for n in self._in_place(node))
            path.pop()
        return self._endless[key]

    def _in_place(self, node: _Node) -> list[_Node]:
        schema = _schema_at(node)
        out: list[_Node] = []
        if isinstance(schema.get("$ref"), str):
            try:
                target, target_pointer, _ = self._specs.resolve(node[0], schema["$ref"])
            except (KeyError, TypeError, ValueError):
                return []  # reported by the $ref check
            out.append((target, target_pointer))
        # dependentSchemas: the value itself, when it has the property named
        return out + _subschemas(node, _IN_PLACE_MAPS, _IN_PLACE, _IN_PLACE_LISTS)


class EndlessSchema(RecursionError):
    """A schema holding itself in place (`A: {oneOf: [{$ref: A}, ...]}`): a value cannot be
    checked against it. Where a check raises RecursionError, this is what it means."""


_Node = tuple[Document, Pointer]
_IN_PLACE_LISTS = ("allOf", "anyOf", "oneOf")
_IN_PLACE = ("not", "if", "then", "else")
_IN_PLACE_MAPS = ("dependentSchemas", "dependencies")
# Keywords whose schemas check a part of the value: by name, one, or by position.
_INTO_VALUE_MAPS = ("properties", "patternProperties")
_INTO_VALUE_ONE = (
    *("items", "additionalProperties", "additionalItems", "contains", "propertyNames"),
    *("unevaluatedProperties", "unevaluatedItems"),
)
_INTO_VALUE_LISTS = ("prefixItems", "items")


def _schema_at(node: _Node) -> dict[str, Any]:
    """The schema object at `node`; empty where there is none (a boolean schema, a dangling
    pointer: reported by other checks)."""
    doc, pointer = node
    try:
        schema = doc.get(pointer)
    except (KeyError, TypeError, ValueError):
        return {}
    return schema if isinstance(schema, dict) else {}


def _into_value(node: _Node) -> list[_Node]:
    """The schemas of `node`'s schema that check a part of the value: `$ref`s among them are
    followed by `_in_place` once they are walked."""
    return _subschemas(node, _INTO_VALUE_MAPS, _INTO_VALUE_ONE, _INTO_VALUE_LISTS)


def _subschemas(
    node: _Node, by_name: tuple[str, ...], single: tuple[str, ...], by_position: tuple[str, ...]
) -> list[_Node]:
    """The schemas `node`'s schema holds under keywords whose value maps names to schemas
    (`by_name`), is one schema (`single`), or lists them (`by_position`)."""
    doc, pointer = node
    schema = _schema_at(node)
    out: list[_Node] = []
    for key in by_name:
        if isinstance(schema.get(key), dict):
            out += [(doc, (*pointer, key, name)) for name in schema[key]]
    out += [(doc, (*pointer, key)) for key in single if isinstance(schema.get(key), dict)]
    for key in by_position:
        if isinstance(schema.get(key), list):
            out += [(doc, (*pointer, key, i)) for i in range(len(schema[key]))]
    return out


def _schema_uri(doc: Document, pointer: Pointer) -> str:
    return (
        doc.path.as_uri()
        + "#"
        + "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in pointer)
    )


def _dialect(doc: Document) -> tuple[type[Validator], Any]:
    from referencing.jsonschema import DRAFT7, DRAFT202012

    if doc.kind == "asyncapi":
        from jsonschema import Draft7Validator

        return Draft7Validator, DRAFT7
    from openapi_schema_validator import OAS31Validator

    if doc.openapi31:
        return OAS31Validator, DRAFT202012
    return _oas30_validator(), DRAFT7


# Keywords a value of a schema saying `nullable: true` need not pass when it is null.
_NULLABLE_BESIDE = ("enum", "allOf", "anyOf", "oneOf")


@cache
def _oas30_validator() -> type[Validator]:
    """openapi-schema-validator's OpenAPI 3.0 validator, whose `nullable: true` admits null
    beside `type` only; the models admit it beside an `enum` that does not list it and beside
    `allOf`/`anyOf`/`oneOf` too, so examples and the mock take the null the client sends."""
    from jsonschema.validators import extend
    from openapi_schema_validator import OAS30Validator

    keywords = {key: _admitting_null(OAS30Validator.VALIDATORS[key]) for key in _NULLABLE_BESIDE}
    extended = extend(OAS30Validator, validators=keywords)  # type: ignore[no-untyped-call]
    return cast("type[Validator]", extended)


def _admitting_null(keyword: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    def check(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[Any]:
        if instance is None and schema.get("nullable") is True:
            return
        yield from keyword(validator, value, instance, schema)

    return check
