"""How the model stage finishes a class's schema for datamodel-code-generator: a class
read from answers or events is opened (unknown fields kept, received enums taking values
the spec does not list), one only sent is closed, `readOnly` and `writeOnly` fields are
required on their side only, extra fields are said once, and unions datamodel-code-generator
would decode wrongly in pydantic's smart mode are tried left to right."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from generator.load import is_binary, type_kinds
from generator.model._extras import JSON_TYPES, PYTHON_TYPES, UNSAID, ref_name


def opened(schema: dict[str, Any]) -> dict[str, Any]:
    """A received object keeps unknown fields (typed extra fields stay typed)."""
    out = {k: v for k, v in schema.items() if k != "unevaluatedProperties"}
    if not isinstance(out.get("additionalProperties"), dict):
        out["additionalProperties"] = True
    return out


def open_enum_fields(schema: dict[str, Any], enums: Mapping[str, list[Any]]) -> dict[str, Any]:
    """A received enum field also takes values the spec does not list (a platform adds
    values over time): `DevicePlatform | int`, tried left to right so a known value is
    still the member."""
    return each_field(schema, lambda prop: open_enums(prop, enums))


def open_enums(schema: dict[str, Any], enums: Mapping[str, list[Any]]) -> dict[str, Any]:
    """A received value with each enum it holds opened (`_open_enum`): itself, its items, its
    map's values, at any depth, and those of the arrays and maps of a union."""
    out = _open_enum(schema, enums)
    if out is not schema:
        return out
    out = dict(schema)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            out[key] = open_enums(schema[key], enums)
    if (union := _union_key(schema)) is not None:
        out[union] = [m if _is_ref(m) else open_enums(m, enums) for m in schema[union]]
    return out


def _is_ref(member: Any) -> bool:
    return not isinstance(member, dict) or "$ref" in member


def each_field(
    schema: dict[str, Any], change: Callable[[dict[str, Any]], dict[str, Any]]
) -> dict[str, Any]:
    """`schema` with `change` made to each field's schema: its properties, those of its
    inline `allOf` members, and its extra fields'."""
    out = dict(schema)
    if isinstance(schema.get("properties"), dict):
        out["properties"] = {name: change(prop) for name, prop in schema["properties"].items()}
    if isinstance(schema.get("allOf"), list):
        out["allOf"] = [m if "$ref" in m else each_field(m, change) for m in schema["allOf"]]
    if isinstance(schema.get("additionalProperties"), dict):
        out["additionalProperties"] = change(schema["additionalProperties"])
    return out


def field_strings_first(prop: dict[str, Any], strings: Collection[str]) -> dict[str, Any]:
    """A field's union of strings pydantic's strict pass takes from no `str` (a string enum,
    a binary string) and a number, integer or boolean, tried left to right, those strings
    first (`strings_first`); the unions inside it ordered so too (`ordered_unions`)."""
    key = _union_key(prop)
    if key is not None and "union_mode" not in prop:
        ordered = strings_first(prop[key], strings)
        if ordered is not None:
            prop = {**prop, key: ordered, **LEFT_TO_RIGHT}
        elif (smart := str_first(prop[key])) is not None:
            prop = {**prop, key: smart}
    return _ordered_inner_unions(prop, strings)


def ordered_unions(schema: dict[str, Any], strings: Collection[str]) -> dict[str, Any]:
    """`schema` with its union and those it holds (as its items, its map's values, its
    members) ordered `strings_first`. datamodel-code-generator gives such a union no
    `union_mode`; in this order pydantic's smart mode takes a listed "1" for the enum's
    member, a "1" for the binary string."""
    key = _union_key(schema)
    if key is not None:
        members = strings_first(schema[key], strings) or schema[key]
        schema = {**schema, key: str_first(members) or members}
    return _ordered_inner_unions(schema, strings)


def _ordered_inner_unions(schema: dict[str, Any], strings: Collection[str]) -> dict[str, Any]:
    out = dict(schema)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            out[key] = ordered_unions(schema[key], strings)
    for key in ("oneOf", "anyOf", "allOf"):
        if isinstance(schema.get(key), list):
            out[key] = [
                ordered_unions(m, strings) if isinstance(m, dict) else m for m in schema[key]
            ]
    return out


def _union_key(schema: dict[str, Any]) -> str | None:
    return next((k for k in ("oneOf", "anyOf") if isinstance(schema.get(k), list)), None)


def strings_first(members: list[Any], strings: Collection[str]) -> list[Any] | None:
    """A union's members reordered to be tried left to right where pydantic's smart mode
    would read a string wrongly (None where it would not). The classes `strings` names
    (enums of strings, binary strings) go first, then inline binary strings, where they are
    - beside a number, integer or boolean: the strict pass matches no `str` to them (only an
      enum's member, `bytes`), and then takes "1" as the number 1.0;
    - or an enum beside a binary string: a JSON "a" is exactly `bytes`, but not the enum's
      member, so a listed "a" read from JSON became b"a" (from Python, the member)."""
    named = [m for m in members if isinstance(m, dict) and ref_name(m.get("$ref", "")) in strings]
    binary = [m for m in members if isinstance(m, dict) and "$ref" not in m and is_binary(m)]
    scalars = {"number", "integer", "boolean"}
    beside_scalar = any(type_kinds(m.get("type")) & scalars for m in members if isinstance(m, dict))
    first = [*named, *binary]
    if not first or not (beside_scalar or (named and binary)):
        return None
    return [*first, *(m for m in members if m not in first)]


def str_first(members: list[Any]) -> list[Any] | None:
    """A union in pydantic's smart mode of a binary string and a plain one, the plain strings
    first (None where it holds no such pair). Smart mode takes a JSON string for exactly a
    `bytes` as much as a `str`, and then the first member, but a Python `str` for a `str`
    only: without this order "x" read from JSON would be b"x", and "x" from Python "x"."""
    plain = [m for m in members if _is_plain_string(m)]
    if not plain or not any(isinstance(m, dict) and is_binary(m) for m in members):
        return None
    return [*plain, *(m for m in members if m not in plain)]


def _is_plain_string(member: Any) -> bool:
    """Whether a union member is read as a `str`, unconverted: no format, no listed values."""
    return (
        isinstance(member, dict)
        and member.get("type") == "string"
        and not {"format", "enum", "const", "$ref"} & member.keys()
    )


def _open_enum(prop: dict[str, Any], enums: Mapping[str, list[Any]]) -> dict[str, Any]:
    """`{$ref: Enum}` (or its nullable `anyOf`) -> `anyOf: [{$ref: Enum}, <its values' types>]`."""
    members = [{"$ref": prop["$ref"]}] if "$ref" in prop else prop.get("anyOf")
    if not isinstance(members, list):
        return prop
    refs = [m for m in members if "$ref" in m and ref_name(m["$ref"]) in enums]
    nulls = [m for m in members if m == {"type": "null"}]
    if len(refs) != 1 or len(refs) + len(nulls) != len(members):
        return prop
    kinds = value_kinds(enums[ref_name(refs[0]["$ref"])])
    if not kinds:  # null its one value: nothing to open, and no union to order
        return prop
    notes = {k: v for k, v in prop.items() if k not in ("$ref", "anyOf")}
    others = [{"type": kind} for kind in kinds]
    return {"anyOf": [*refs, *others, *nulls], **notes, **LEFT_TO_RIGHT}


def open_enum_types(defs: Mapping[str, Any]) -> set[str]:
    """The types of the enums of `defs` opened (`open_enum_type`)."""
    return {
        opened
        for name, schema in defs.items()
        if isinstance(schema, dict) and isinstance(schema.get("enum"), list)
        if (opened := open_enum_type(name, schema["enum"]))
    }


def open_enum_type(name: str, values: list[Any]) -> str | None:
    """Enum class `name` with its values' types (`Kind | int`), as the models write it opened;
    None where null is its one value."""
    kinds = value_kinds(values)
    return " | ".join([name, *(PYTHON_TYPES[kind] for kind in kinds)]) if kinds else None


def value_kinds(values: list[Any]) -> list[str]:
    """The JSON types of an enum's values (null aside)."""
    return sorted({JSON_TYPES[type(v)] for v in values if type(v) in JSON_TYPES})


# Read by datamodel-code-generator as pydantic's `Field(union_mode=...)` (generator.render):
# the smart mode would pick the plain `int` for a known value given as an int.
LEFT_TO_RIGHT = {"union_mode": "left_to_right"}
# The tag a variant's optional tag field defaults to (generator.render): datamodel-code-
# generator makes every tag field required, dropping a default.
TAG_DEFAULT = "tag_default"
# On a class only sent, the Python names of its fields whose None is sent as null, as their
# schemas admit null (generator.render): the others' None is left out, as an argument's is.
SENT_NULLS = "sent_nulls"


def not_required(schema: dict[str, Any], flag: str) -> dict[str, Any]:
    """`schema` with its `flag` (`readOnly`, `writeOnly`) properties optional: OpenAPI holds
    `required` to apply to a readOnly property in responses only, a writeOnly one in requests
    only. Inline `allOf` members too."""
    parts = [schema, *(m for m in schema.get("allOf") or [] if "$ref" not in m)]
    flagged = {
        name
        for part in parts
        for name, prop in (part.get("properties") or {}).items()
        if isinstance(prop, dict) and prop.get(flag) is True
    }
    if not flagged:
        return schema
    return _without_required(schema, flagged)


def _without_required(schema: dict[str, Any], names: set[str]) -> dict[str, Any]:
    out = dict(schema)
    if isinstance(schema.get("required"), list):
        out["required"] = [n for n in schema["required"] if n not in names]
    if isinstance(schema.get("allOf"), list):
        out["allOf"] = [m if "$ref" in m else _without_required(m, names) for m in schema["allOf"]]
    return out


def with_extras(schema: dict[str, Any], extras: Any) -> dict[str, Any]:
    """A class's schema with its extra fields said once, beside its properties, as the models
    read them (they ignore them in `allOf` members)."""
    out = {k: v for k, v in schema.items() if k not in _EXTRA_KEYWORDS}
    if isinstance(schema.get("allOf"), list):
        out["allOf"] = [
            m if "$ref" in m else {k: v for k, v in m.items() if k not in _EXTRA_KEYWORDS}
            for m in schema["allOf"]
        ]
    if extras is not UNSAID:
        out["additionalProperties"] = extras
    return out


_EXTRA_KEYWORDS = ("additionalProperties", "unevaluatedProperties")


def closed(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "additionalProperties": schema.get("additionalProperties", False)}
