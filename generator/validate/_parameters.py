"""Parameters the client could not put on the wire as the spec says.

A path, query or header parameter goes out as text. The model stage refuses objects, and
arrays outside the query; a schema admitting any value (`{}`, `true`, or one without a type)
or a binary string (`format: binary`) slipped past it: typed `Any` or `bytes`, the client
sent Python's repr of the value (`{'a': 1}`, `b'x'`). And null has no text form: a
required parameter admitting it was typed `str | None`, its None refused when called. Such
a parameter is refused here, located at its schema (or at its items, in a query array).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator.load import (
    Document,
    SpecSet,
    followed,
    is_binary,
    iter_operations,
    operation_parameters,
    type_kinds,
)
from generator.problems import Pointer, Problem
from generator.validate._schemas import SchemaValidators

_SUBSET = "outside botspec's supported subset"
_ANY, _BINARY = "any", "binary"
_VALUES = {_ANY: "values of any type", _BINARY: "binary strings (format: binary)"}
# Keywords that give a schema a type, or that the model stage refuses on their own (it says
# so): a schema with none of them admits any value.
_NOT_ANY = frozenset(
    {"type", "enum", "const", "properties", "additionalProperties", "patternProperties"}
    | {"not", "if", "then", "else", "prefixItems", "contains", "dependentSchemas", "$dynamicRef"}
)
_SENT_AS_TEXT = ("path", "query", "header")


def check(doc: Document, specs: SpecSet) -> list[Problem]:
    if doc.kind != "openapi":
        return []
    problems: dict[Problem, None] = {}
    nulls = _Nulls(doc, specs)
    for op_pointer, *_ in iter_operations(doc.data):
        for where, pointer, param in _parameters(doc, specs, op_pointer):
            problem = _unsendable(specs, where, pointer, param["in"])
            problem = problem or nulls.required(where, pointer, param)
            problem = problem or _reserved(where, pointer, param)
            if problem is not None:
                problems.setdefault(problem)
    return list(problems)


def _parameters(
    doc: Document, specs: SpecSet, op_pointer: Pointer
) -> Iterable[tuple[Document, Pointer, dict[str, Any]]]:
    """(document, pointer, parameter) of the parameters sent as text of an operation and its
    path item, as the model merges them, where each is written."""
    return [
        (where, at, param)
        for where, at, param in operation_parameters(specs, doc, op_pointer)
        if "schema" in param and param.get("in") in _SENT_AS_TEXT  # `content`: the model refuses
    ]


class _Nulls:
    """A required parameter whose schema admits null: None has no text form, so the client
    refused the None its type allowed (`str | None`, 'is required, got None')."""

    def __init__(self, doc: Document, specs: SpecSet) -> None:
        self.doc = doc
        self.specs = specs
        self.validators: SchemaValidators | None = None

    def required(self, doc: Document, pointer: Pointer, param: dict[str, Any]) -> Problem | None:
        location = param["in"]
        if not (param.get("required") is True or location == "path"):
            return None
        schema_pointer = (*pointer, "schema")
        if self.validators is None:
            self.validators = SchemaValidators(self.doc, self.specs)
        try:
            admits_null = self.validators.at(doc, schema_pointer).is_valid(None)
        except Exception:  # a malformed or endless schema is reported on its own
            return None
        if not admits_null:
            return None
        what = "path" if location == "path" else f"required {location}"
        optional = "" if location == "path" else ", or make the parameter optional"
        message = f"{what} parameters admitting null are {_SUBSET}: null has no text form"
        return doc.problem(schema_pointer, f"{message} (drop null from the schema{optional})")


def _unsendable(specs: SpecSet, doc: Document, pointer: Pointer, location: str) -> Problem | None:
    schema_pointer = (*pointer, "schema")
    kind = _kind(specs, doc, schema_pointer)
    if kind is not None:
        message = f"{_VALUES[kind]} in {location} parameters are {_SUBSET}"
        return doc.problem(schema_pointer, message + _hint(kind, "the schema"))
    if location != "query":
        return None  # arrays are the model's to refuse
    items = _items(specs, doc, schema_pointer)
    if items is None:
        return None
    items_doc, items_pointer = items
    kind = _kind(specs, items_doc, items_pointer) if items_pointer else _ANY
    if kind is None:
        return None
    # At the items where the parameter writes them, else at its schema.
    inline = items_doc is doc and items_pointer == (*schema_pointer, "items")
    at = (*schema_pointer, "items") if inline else schema_pointer
    message = f"query arrays of {_VALUES[kind]} are {_SUBSET}"
    return doc.problem(at, message + _hint(kind, "the items"))


def _reserved(doc: Document, pointer: Pointer, param: dict[str, Any]) -> Problem | None:
    """`allowReserved: true`: the client percent-encodes `/?#&...` in a query value all
    the same (OpenAPI ignores it elsewhere)."""
    if param["in"] != "query" or param.get("allowReserved", False) is False:
        return None
    message = f"query parameters with allowReserved: true are {_SUBSET}"
    return doc.problem((*pointer, "allowReserved"), message + " (reserved characters are escaped)")


def _hint(kind: str, what: str) -> str:
    return f" (give {what} a type)" if kind == _ANY else ""


def _items(
    specs: SpecSet, doc: Document, pointer: Pointer
) -> tuple[Document, Pointer | None] | None:
    """Where the items of the array schema at `pointer` are written (no pointer: it gives
    none, any value is one); None for a schema that is no array."""
    doc, pointer, schema = followed(specs, doc, pointer, doc.get(pointer))
    if not (isinstance(schema, dict) and "array" in type_kinds(schema.get("type"))):
        return None
    return doc, (*pointer, "items") if "items" in schema else None


def _kind(
    specs: SpecSet, doc: Document, pointer: Pointer, seen: frozenset[Any] = frozenset()
) -> str | None:
    """`_ANY` for a schema admitting any value, `_BINARY` for a binary string (or a union or
    `allOf` holding one); None for any other (and one met again inside itself)."""
    doc, pointer, schema = followed(specs, doc, pointer, doc.get(pointer))
    if schema is True:
        return _ANY
    if not isinstance(schema, dict) or "$ref" in schema or (doc.path, pointer) in seen:
        return None  # a `$ref` leading nowhere is reported on its own
    seen = seen | {(doc.path, pointer)}
    if is_binary(schema):
        return _BINARY
    parts = {
        key: [_kind(specs, doc, (*pointer, key, i), seen) for i in range(len(schema[key]))]
        for key in ("allOf", "anyOf", "oneOf")
        if isinstance(schema.get(key), list)
    }
    if any(_BINARY in found for found in parts.values()):
        return _BINARY
    union = parts.get("anyOf", []) + parts.get("oneOf", [])
    if _NOT_ANY & schema.keys() or (union and _ANY not in union):
        return None
    return _ANY if all(found == _ANY for found in parts.get("allOf", [])) else None
