"""The extra fields a model class takes, as JSON Schema reads its composition.

`additionalProperties` applies to every property not declared beside it: in an `allOf` member
(or a base class) it also covers the properties the other members declare, and
`unevaluatedProperties` covers those no member evaluates. A class takes the extra fields all
of these admit; a property one of them refuses would make every object carrying it invalid,
and is refused here, where the spec says it, rather than sent and refused by the server.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.load import Document, type_kinds
from generator.problems import Pointer, SpecError

# A class's definition: its converted schema, and where the spec defines it.
Lookup = Callable[[str], "tuple[dict[str, Any], Document, Pointer] | None"]

# Extra fields the spec says nothing about (requests are closed then, responses open).
UNSAID = object()

# Keywords that describe a schema without constraining it.
ANNOTATIONS = frozenset(
    {"description", "title", "nullable", "default", "example", "examples", "deprecated"}
    | {"readOnly", "writeOnly", "externalDocs"}
)


@dataclass(frozen=True)
class _Rule:
    """An `additionalProperties` (or `unevaluatedProperties`) and the properties it skips."""

    value: Any  # True, False or a converted schema
    skipped: frozenset[str]
    doc: Document
    pointer: Pointer
    keyword: str


def extras_of(name: str, lookup: Lookup) -> Any:
    """What class `name` takes beside its properties: UNSAID, True (any value), False (none)
    or a converted schema. SpecError where its composition admits no object carrying one of
    its properties, or gives its extra fields two types."""
    found = lookup(name)
    if found is None:
        return UNSAID
    rules, props = _collect(found, lookup, frozenset({name}))
    for rule in rules:
        for wire, schemas in props.items():
            if wire in rule.skipped or any(_admits(rule.value, s, lookup) for s in schemas):
                continue
            message = _refusal(name, wire, rule, [prop_kinds(s, lookup) for s in schemas])
            raise SpecError([rule.doc.problem(rule.pointer, message)])
    return _combined(name, rules)


def _collect(
    found: tuple[dict[str, Any], Document, Pointer], lookup: Lookup, seen: frozenset[str]
) -> tuple[list[_Rule], dict[str, list[Any]]]:
    """The rules of a schema and its `allOf` members, and every property they declare."""
    schema, doc, pointer = found
    rules: list[_Rule] = []
    props: dict[str, list[Any]] = {}
    for index, member in enumerate(schema.get("allOf") or []):
        if not isinstance(member, dict):
            continue
        base = ref_name(member.get("$ref", ""))
        part = lookup(base) if "$ref" in member and base not in seen else None
        if "$ref" not in member:
            part = (member, doc, (*pointer, "allOf", index))
        if part is not None:
            more_rules, more_props = _collect(part, lookup, seen | {base})
            rules += more_rules
            for wire, schemas in more_props.items():
                props.setdefault(wire, []).extend(schemas)
    own = schema.get("properties") or {}
    for wire, prop in own.items():
        props.setdefault(wire, []).append(prop)
    if "additionalProperties" in schema:
        where = (*pointer, "additionalProperties")
        value = schema["additionalProperties"]
        rules.append(_Rule(value, frozenset(own), doc, where, "additionalProperties"))
    elif "unevaluatedProperties" in schema and not rules:  # else every property is evaluated
        where = (*pointer, "unevaluatedProperties")
        value = schema["unevaluatedProperties"]
        rules.append(_Rule(value, frozenset(props), doc, where, "unevaluatedProperties"))
    return rules, props


def _combined(name: str, rules: list[_Rule]) -> Any:
    """The extra fields every rule admits."""
    if not rules:
        return UNSAID
    if any(rule.value is False for rule in rules):
        return False
    typed = [rule for rule in rules if not admits_any(rule.value)]
    for rule in typed[1:]:
        if schema_shape(rule.value) != schema_shape(typed[0].value):
            first = typed[0]
            message = (
                f"{name}'s extra fields would have to match both this {rule.keyword} and the "
                f"{first.keyword} at {first.doc.name}:{first.doc.line_of(first.pointer)}, "
                "which differ: two types for extra fields in one composition are outside "
                "botspec's supported subset"
            )
            raise SpecError([rule.doc.problem(rule.pointer, message)])
    return typed[0].value if typed else True


def _refusal(name: str, wire: str, rule: _Rule, found: list[set[str]]) -> str:
    kinds = sorted(set().union(*found))
    if rule.value is False:
        refused, instead = "refuses any value", "close the composition with"
    else:
        refused = "does not admit all its values" + (f" ({'/'.join(kinds)})" if kinds else "")
        instead = "type the extra fields with"
    return (
        f"{name}'s property '{wire}' falls under this {rule.keyword} too (JSON Schema applies "
        f"it to every property not declared {_BESIDE[rule.keyword]}), which {refused}: no "
        f"{name} carrying '{wire}' would be valid, which is outside botspec's supported "
        f"subset; declare '{wire}' beside it, or {instead} unevaluatedProperties beside allOf"
    )


_BESIDE = {
    "additionalProperties": "beside it",
    "unevaluatedProperties": "in the schema it is in, its allOf members included",
}


def _admits(rule: Any, prop: Any, lookup: Lookup) -> bool:
    """Whether every value of `prop` passes `rule` (conservatively: False when unsure)."""
    if admits_any(rule) or schema_shape(rule) == schema_shape(prop):
        return True
    if rule is False or not isinstance(rule, dict) or not isinstance(prop, dict):
        return False
    if set(rule) - ANNOTATIONS != {"type"}:
        return False
    allowed = type_kinds(rule.get("type"))
    if "integer" not in allowed and "number" in allowed:
        allowed = allowed | {"integer"}
    kinds = prop_kinds(prop, lookup)
    return bool(kinds) and kinds <= allowed


def prop_kinds(prop: Any, lookup: Lookup, seen: frozenset[str] = frozenset()) -> set[str]:
    """The JSON types a property's values have (empty: unknown), through references (`seen`:
    the classes followed, a recursive one unknown), unions and inheritance."""
    if not isinstance(prop, dict):
        return set()
    if "$ref" in prop:
        name = ref_name(prop["$ref"])
        target = lookup(name) if name not in seen else None
        return prop_kinds(target[0], lookup, seen | {name}) if target else set()
    for key in ("anyOf", "oneOf"):
        if isinstance(prop.get(key), list):
            found = [prop_kinds(member, lookup, seen) for member in prop[key]]
            return set().union(*found) if all(found) else set()
    values = prop["enum"] if isinstance(prop.get("enum"), list) else None
    if "const" in prop:
        values = [prop["const"]]
    if values is not None:
        return {_JSON_KINDS.get(type(v), "?") for v in values}
    kinds = type_kinds(prop.get("type"))
    if kinds or not isinstance(prop.get("allOf"), list):
        return kinds or ({"object"} if "properties" in prop else set())
    found = [k for k in (prop_kinds(m, lookup, seen) for m in prop["allOf"]) if k]
    return set.intersection(*found) if found else set()


JSON_TYPES = {int: "integer", str: "string", float: "number", bool: "boolean"}
PYTHON_TYPES = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    "null": "None",
}
_JSON_KINDS = {**JSON_TYPES, type(None): "null"}


def admits_any(value: Any) -> bool:
    """A schema admitting any value: `true`, or one of annotations only (`{description}`)."""
    return value is True or (isinstance(value, dict) and not set(value) - ANNOTATIONS)


def schema_shape(schema: Any) -> str:
    """What a schema admits, its annotations aside, as text to compare two by."""
    if not isinstance(schema, dict):
        return json.dumps(schema)
    kept = {k: v for k, v in schema.items() if k not in ANNOTATIONS}
    return json.dumps(kept, sort_keys=True, default=str)


def ref_name(ref: Any) -> str:
    """The class a `$ref` to one of the `$defs` names."""
    return str(ref).rsplit("/", 1)[-1]
