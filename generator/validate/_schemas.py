"""Validators for the schemas of a document set, in the dialect of the document they serve.

Used for examples (every example must match the schema it illustrates) and by the mock
server (request parameters and bodies). python jsonschema, referencing and, for OpenAPI,
openapi-schema-validator are imported on first use.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

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

    def at(self, doc: Document, schema_pointer: Pointer) -> Validator:
        """The validator of the schema at `schema_pointer`; EndlessSchema if it holds itself
        in place (jsonschema would recurse until the interpreter's limit, where an error in
        its Rust parts is a panic no handler of RecursionError catches)."""
        if self._holds_itself((doc, schema_pointer), []):
            raise EndlessSchema(f"{doc.name}: {schema_pointer}")
        return self._validator_class(
            {"$ref": _schema_uri(doc, schema_pointer)}, registry=self._registry
        )

    def _holds_itself(self, node: _Node, path: list[tuple[Path, Pointer]]) -> bool:
        """Whether the schema at `node` reaches itself, or a schema that does, through
        keywords that apply to the same value (`$ref`, `allOf`, `oneOf`...): checking any
        value against it never ends. Through `properties` or `items` a check goes one level
        into the value, and ends with it."""
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
        doc, pointer = node
        try:
            schema = doc.get(pointer)
        except (KeyError, TypeError, ValueError):
            return []
        if not isinstance(schema, dict):
            return []
        out: list[_Node] = []
        if isinstance(schema.get("$ref"), str):
            try:
                target, target_pointer, _ = self._specs.resolve(doc, schema["$ref"])
            except (KeyError, TypeError, ValueError):
                return []  # reported by the $ref check
            out.append((target, target_pointer))
        for key in _IN_PLACE_LISTS:
            if isinstance(schema.get(key), list):
                out += [(doc, (*pointer, key, i)) for i in range(len(schema[key]))]
        out += [(doc, (*pointer, key)) for key in _IN_PLACE if isinstance(schema.get(key), dict)]
        return out


class EndlessSchema(RecursionError):
    """A schema holding itself in place (`A: {oneOf: [{$ref: A}, ...]}`): a value cannot be
    checked against it. Where a check raises RecursionError, this is what it means."""


_Node = tuple[Document, Pointer]
_IN_PLACE_LISTS = ("allOf", "anyOf", "oneOf")
_IN_PLACE = ("not", "if", "then", "else")


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
    from openapi_schema_validator import OAS30Validator, OAS31Validator

    if doc.openapi31:
        return OAS31Validator, DRAFT202012
    return OAS30Validator, DRAFT7
