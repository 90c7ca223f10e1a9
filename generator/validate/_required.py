"""A schema's `required` names only properties the object has.

JSON Schema allows naming one it does not declare, but in a schema listing its `properties`
that is a transcription mistake (a field renamed, its `required` entry forgotten): the model
dropped the entry silently, and an object closed to other properties admitted no value at
all, so the generated method could never succeed. A property counts as declared where any
schema applying to the same value declares it: an `allOf` (`oneOf`, `anyOf`...) member, a
`$ref` beside the properties, a `patternProperties` pattern it matches.
"""

from __future__ import annotations

import re
from typing import Any

from generator.load import BrokenRef, Document, SpecSet
from generator.problems import Pointer, Problem, did_you_mean

# The keywords whose schemas apply to the value the schema holding them applies to.
_IN_PLACE_LISTS = ("allOf", "oneOf", "anyOf")
_IN_PLACE_ONES = ("if", "then", "else")
IN_PLACE = frozenset((*_IN_PLACE_LISTS, *_IN_PLACE_ONES, "dependentSchemas", "dependencies"))


def checked_here(schema: dict[str, Any]) -> bool:
    """Whether `schema` (not itself applied in place of another: the properties it requires
    may be that one's) is one whose `required` entries are checked: one listing properties."""
    return isinstance(schema.get("required"), list) and isinstance(schema.get("properties"), dict)


def check(specs: SpecSet, schemas: list[tuple[Document, dict[str, Any], Pointer]]) -> list[Problem]:
    """The `required` entries of each (document, schema, pointer) naming no property of it."""
    problems = []
    for doc, schema, pointer in schemas:
        found = _declared(specs, doc, schema, set())
        if found is None:  # a `$ref` leading nowhere (reported on its own): not known
            continue
        names, patterns = found
        for index, name in enumerate(schema["required"]):
            if isinstance(name, str) and name not in names and not _matches(name, patterns):
                hint = did_you_mean(name, names) or "declare it under 'properties'"
                message = f"required property '{name}' is no property of the object: {hint}"
                problems.append(doc.problem((*pointer, "required", index), message))
    return problems


def _declared(
    specs: SpecSet, doc: Document, schema: Any, seen: set[int]
) -> tuple[set[str], list[str]] | None:
    """The property names and patterns the schemas applying in place of `schema` declare;
    None where a `$ref` among them leads nowhere."""
    if not isinstance(schema, dict) or id(schema) in seen:
        return set(), []
    seen.add(id(schema))
    if "$ref" in schema:
        try:
            target, _, value = specs.follow(doc, (), {"$ref": schema["$ref"]})
        except BrokenRef:
            return None
        found = _declared(specs, target, value, seen)
        if found is None:
            return None
    else:
        found = (set(), [])
    names, patterns = found
    if isinstance(schema.get("properties"), dict):
        names |= set(schema["properties"])
    if isinstance(schema.get("patternProperties"), dict):
        patterns += list(schema["patternProperties"])
    for member in _in_place(schema):
        inner = _declared(specs, doc, member, seen)
        if inner is None:
            return None
        names |= inner[0]
        patterns += inner[1]
    return names, patterns


def _in_place(schema: dict[str, Any]) -> list[Any]:
    members = [
        m for key in _IN_PLACE_LISTS if isinstance(schema.get(key), list) for m in schema[key]
    ]
    members += [schema[key] for key in _IN_PLACE_ONES if key in schema]
    for key in ("dependentSchemas", "dependencies"):
        if isinstance(schema.get(key), dict):
            members += list(schema[key].values())
    return members


def _matches(name: str, patterns: list[str]) -> bool:
    """Whether a `patternProperties` pattern takes `name` (one Python cannot read: taken to)."""
    for pattern in patterns:
        try:
            if re.search(pattern, name):
                return True
        except (re.error, TypeError):
            return True
    return False
