"""What a spec says of a value beyond its type (bounds, lengths, a pattern), written as the
pydantic `Field` its runtime type carries: `Annotated[int, Field(le=5)]`.

A model's fields carry theirs already (datamodel-code-generator writes them); these are for
values passed whole (parameters, a body that is no model), which the client checks against
their runtime type alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

_NUMBER = {
    "minimum": "ge",
    "maximum": "le",
    "exclusiveMinimum": "gt",
    "exclusiveMaximum": "lt",
    "multipleOf": "multiple_of",
}
# JSON Schema keyword -> `Field` argument, by the JSON type the keyword applies to: another
# type's keywords say nothing of a value (`maxLength` of a number). `uniqueItems` is left
# out, as the models leave it (README).
_KEYWORDS: dict[str, dict[str, str]] = {
    "integer": _NUMBER,
    "number": _NUMBER,
    "string": {"minLength": "min_length", "maxLength": "max_length", "pattern": "pattern"},
    "array": {"minItems": "min_length", "maxItems": "max_length"},
}
# OpenAPI 3.0's exclusiveMinimum/exclusiveMaximum: a flag making minimum/maximum exclusive.
_FLAGS = {"exclusiveMinimum": ("minimum", "ge", "gt"), "exclusiveMaximum": ("maximum", "le", "lt")}
# The bounds an integer's `format` sets (OpenAPI's data types), as Python source: a value
# beyond them is no int64 a server reads, whatever Python's ints hold.
_FORMAT_BOUNDS = {
    "int32": {"ge": "-(2**31)", "le": "2**31 - 1"},
    "int64": {"ge": "-(2**63)", "le": "2**63 - 1"},
}


KEYWORDS = frozenset(key for keywords in _KEYWORDS.values() for key in keywords)


def spread(union: dict[str, Any], member: Any) -> Any:
    """A member of `union` (`oneOf`/`anyOf`) with the constraints stated beside it, which
    hold for every member (each keeping those of its own type, as the models do); a class
    (`$ref`) checks its own."""
    outer = {key: union[key] for key in KEYWORDS if key in union}
    if not outer or not isinstance(member, dict) or "$ref" in member:
        return member
    return {**outer, **member}


# What else a keyword says of one JSON type's values only: the array's items, the object's
# members. (Another type's values pass them, as they pass its constraints.)
_OF_TYPE = {
    "array": ("items", "uniqueItems"),
    "object": ("properties", "additionalProperties", "required"),
}


def typed_members(schema: dict[str, Any]) -> list[dict[str, Any]] | None:
    """A schema of several types stating constraints of some (`type: [string, integer]`,
    `pattern`) as a union of one member per type (null last), each carrying the keywords of
    its own type: what the same schema written as `anyOf` says, which the models can write
    (`Annotated[str, Field(pattern=...)] | int`). None when it is no such schema, or its
    enum, const or union says more than its members would (`typed_union`)."""
    if not _typed_apart(schema) or {"oneOf", "anyOf"} & schema.keys():
        return None
    types = schema["type"]
    members = [
        {"type": kind, **_typed_keywords(schema, [kind])}
        for kind in dict.fromkeys(t for t in types if t != "null")
    ]
    return [*members, {"type": "null"}] if "null" in types else members


def typed_union(schema: dict[str, Any]) -> dict[str, Any] | None:
    """A schema of several types stating constraints of some beside `oneOf`/`anyOf`, with its
    type and its types' keywords moved into each inline member, whose own type narrows them
    and whose own keywords win (as `spread` has them): members `typed_members` then splits.
    None when it is no such schema, or it describes an object's members beside the union."""
    key = next((k for k in ("oneOf", "anyOf") if isinstance(schema.get(k), list)), None)
    if key is None or not _typed_apart(schema) or _typed_keywords(schema, ["object"]):
        return None
    members = [_narrowed(schema, member) for member in schema[key]]
    return {**without_typed(schema), key: members}


def typed_conflict(schema: dict[str, Any]) -> str | None:
    """A keyword `typed_union` would move into an inline member stating it too (both would
    hold, which one `Field` per type cannot say: two patterns); None if none is."""
    key = next((k for k in ("oneOf", "anyOf") if isinstance(schema.get(k), list)), None)
    if key is None or not _typed_apart(schema):
        return None
    moved = _typed_keywords(schema, schema["type"]).keys()
    for member in schema[key]:
        if isinstance(member, dict) and "$ref" not in member and moved & member.keys():
            return sorted(moved & member.keys())[0]
    return None


def _narrowed(outer: dict[str, Any], member: Any) -> Any:
    """An inline `member` of `outer`'s union, typed as both say, with `outer`'s keywords of
    those types (`typed_union`)."""
    if not isinstance(member, dict) or "$ref" in member:
        return member
    own = member.get("type", outer["type"])
    own = own if isinstance(own, list) else [own]
    kinds = [t for t in own if t in outer["type"] or (t == "integer" and "number" in outer["type"])]
    if not kinds:  # a member of no type the outer names admits nothing; as the spec says
        return member
    typed = {"type": kinds[0] if len(kinds) == 1 else kinds}
    return {**_typed_keywords(outer, kinds), **member, **typed}


def _typed_apart(schema: dict[str, Any]) -> bool:
    """Whether `schema` has several types (null aside) and states keywords of some, and no
    enum, const, allOf or discriminator that says more of its values."""
    types = schema.get("type")
    if not isinstance(types, list) or len(set(types) - {"null"}) < 2:
        return False
    if {"enum", "const", "allOf", "discriminator"} & schema.keys():
        return False
    return any(key in schema for kind in types for key in _KEYWORDS.get(kind, {}))


def _typed_keywords(schema: dict[str, Any], kinds: list[str]) -> dict[str, Any]:
    """The keywords of `schema` saying something of values of `kinds` only."""
    keys = [key for kind in kinds for key in (*_KEYWORDS.get(kind, {}), *_OF_TYPE.get(kind, ()))]
    return {key: schema[key] for key in keys if key in schema}


def without_typed(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` without its type and the keywords its `typed_members` carry."""
    typed = {key for keys in (*_KEYWORDS.values(), *_OF_TYPE.values()) for key in keys}
    return {key: value for key, value in schema.items() if key not in typed | {"type"}}


def union_conflict(schema: Any) -> str | None:
    """A constraint keyword stated beside a union one of whose members states constraints
    of its own (both would hold, which one `Field` per type cannot say); None if none is."""
    if isinstance(schema, list):
        return next(filter(None, map(union_conflict, schema)), None)
    if not isinstance(schema, dict):
        return None
    outer = sorted(KEYWORDS & schema.keys())
    for key in ("oneOf", "anyOf"):
        members = schema.get(key) if outer else None
        if isinstance(members, list) and any(KEYWORDS & m.keys() for m in members):
            return outer[0]
    values = (v for k, v in schema.items() if k not in ("default", "const", "enum"))
    return next(filter(None, map(union_conflict, values)), None)


def constrained(type_: str, schema: dict[str, Any], kind: str) -> str:
    """`type_`, the Python type of a `kind` value (a JSON type), carrying the constraints
    `schema` states on it."""
    arguments = field_arguments(schema, kind)
    if not arguments:
        return type_
    listed = ", ".join(f"{name}={value}" for name, value in sorted(arguments.items()))
    return f"Annotated[{type_}, Field({listed})]"


def field_arguments(schema: dict[str, Any], kind: str) -> dict[str, str]:
    """`Field` arguments, as Python source, for the constraints of `schema` on a `kind` value."""
    keywords = _KEYWORDS.get(kind, {})
    out = {arg: _literal(schema[key]) for key, arg in keywords.items() if key in schema}
    for key, (bound, inclusive, exclusive) in _FLAGS.items():
        if keywords is _NUMBER and isinstance(schema.get(key), bool):
            out.pop(exclusive)
            if schema[key] and bound in schema:
                out[exclusive] = out.pop(inclusive)
    if kind == "integer":
        for argument, bound in _FORMAT_BOUNDS.get(str(schema.get("format")), {}).items():
            if not {argument, _STRICTER[argument]} & out.keys():
                out[argument] = bound
    return out


_STRICTER = {"ge": "gt", "le": "lt"}


def _literal(value: Any) -> str:
    """A constraint's value as Python source; a pattern the Rust engine (pydantic's default)
    cannot read is compiled by Python's `re`, as the models then do."""
    if isinstance(value, str) and not rust_reads(value):
        return f"re.compile({value!r})"
    return repr(value)


@cache
def rust_reads(pattern: str) -> bool:
    """Whether pydantic's default regex engine (Rust's `regex`) compiles `pattern`."""
    from pydantic_core import SchemaError, SchemaValidator, core_schema

    try:
        SchemaValidator(core_schema.str_schema(pattern=pattern))
    except SchemaError:
        return False
    return True


def pattern_problem(pattern: str) -> str | None:
    """Why no regex engine of pydantic can check `pattern`; None when one can."""
    if rust_reads(pattern):
        return None
    try:
        re.compile(pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        return f"pattern {pattern!r} is read by neither of pydantic's regex engines ({exc})"
    return None


def union_members(type_: str) -> list[str]:
    """The members of a union type expression, `|` inside brackets and strings aside:
    `list[int | None] | str` -> ['list[int | None]', 'str']."""
    return split_outside(type_, "|")


def value_expression(type_: str) -> str:
    """A runtime type as an expression type checkers take outside an annotation, where `|`
    does not join an `Annotated` (pyright refuses it): one nullable member keeps its
    constraints outside, as the models write it (`Annotated[int | None, Field(le=5)]`),
    more are a `Union`."""
    members = union_members(type_)
    if len(members) == 1 or not any(m.startswith("Annotated[") for m in members):
        return type_
    others = [m for m in members if m != "None"]
    if len(others) == 1:
        inner, metadata = split_outside(others[0].removeprefix("Annotated[")[:-1], ",")
        return f"Annotated[{inner} | None, {metadata}]"
    return f"Union[{', '.join(members)}]"


def split_outside(text: str, separator: str) -> list[str]:
    """`text` split at `separator` outside brackets and string literals, parts stripped
    (a type expression's union members, a call's arguments)."""
    parts, depth, start = [], 0, 0
    for index, char, outside in code_chars(text):
        if outside and char in "([{":
            depth += 1
        elif outside and char in ")]}":
            depth -= 1
        elif outside and char == separator and depth == 0:
            parts.append(text[start:index].strip())
            start = index + 1
    return [*parts, text[start:].strip()]


def code_chars(text: str) -> Iterator[tuple[int, str, bool]]:
    """(index, character, whether it is outside string literals) of each character."""
    quote, escaped = "", False
    for index, char in enumerate(text):
        if quote:
            yield index, char, False
            quote = "" if char == quote and not escaped else quote
            escaped = char == "\\" and not escaped
        elif char in "'\"":
            quote = char
            yield index, char, False
        else:
            yield index, char, True
