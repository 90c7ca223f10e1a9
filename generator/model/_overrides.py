"""Whether a field a subclass declares again keeps to the type its base gives it, judged from
their schemas: by JSON types (`widening`: a `string` over an `integer`, null over a required
value) and, where those agree, by the Python types the models would declare (`items_retyped`:
a list's items given another type). `ClassGraph._check_overrides` refuses what they report,
located at the class: the subclass's annotation would contradict its base's (mypy refuses the
models), and allOf admits only the values of both.
"""

from __future__ import annotations

from typing import Any

from generator.model._constraints import KEYWORDS
from generator.model._extras import schema_shape

INHERITED = "the class it inherits it from (allOf)"
NARROW_IT = "allOf admits the values of both only; give the subclass those types alone"


def widening(ours: set[str], theirs: set[str], nullable: bool) -> str:
    """How the JSON types `ours` of a subclass's field go beyond its base's, `theirs`, so that
    their annotations contradict each other (`nullable`: the base's field is optional or
    admits null); empty where they don't."""
    if "?" in ours | theirs:
        return ""
    values, base = ours - {"null"}, theirs - {"null"}
    said = "/".join(sorted(values))
    if _widens(values, base):
        end = "no value is both" if not _overlap(values, base) else NARROW_IT
        return f"is {said} but {INHERITED} makes it {'/'.join(sorted(base))}: {end}"
    if theirs == {"null"} and values:
        end = "no value is both" if "null" not in ours else NARROW_IT
        return f"is {said} but {INHERITED} makes it null: {end}"
    if "null" in ours and base and not nullable:
        return f"admits null but {INHERITED} requires a {'/'.join(sorted(base))}: {NARROW_IT}"
    return ""


def items_retyped(ours: Any, theirs: Any) -> str:
    """How a subclass's list or map would take a Python type its base's excludes where their
    JSON types agree: its items declared anew (list and dict are invariant, and an inline enum
    or object among the items is a class of each model's own); empty where it doesn't."""
    if not (isinstance(ours, dict) and isinstance(theirs, dict)):
        return ""
    for key, container in (("items", "list"), ("additionalProperties", "map")):
        mine, base = ours.get(key), theirs.get(key)
        if not (isinstance(mine, dict) and isinstance(base, dict)) or "properties" in ours:
            continue
        if _holds_class(mine) or not _same_items(mine, base):
            return (
                f"declares the items of its {container} again, unlike {INHERITED}: the "
                "subclass's annotation would contradict its base's (Python's list and dict "
                "are invariant); declare them in the base only"
            )
    return ""


def _same_items(mine: dict[str, Any], base: dict[str, Any]) -> bool:
    """Whether a subclass's items keep its base's Python type (`_typing`); integers over
    numbers are written `float`, as their base's are."""
    if mine.get("type") == "integer" and base.get("type") == "number":
        mine = {**mine, "type": "number"}
    return schema_shape(_typing(mine)) == schema_shape(_typing(base))


def _typing(schema: Any) -> Any:
    """`schema` without what leaves its Python type alone, at any depth: its constraints
    (`Annotated[str, Field(max_length=3)]` is a `str`) and a format other than binary."""
    if isinstance(schema, list):
        return [_typing(member) for member in schema]
    if not isinstance(schema, dict):
        return schema
    return {
        key: _typing(value)
        for key, value in schema.items()
        if key not in KEYWORDS and key != "uniqueItems" and (key != "format" or value == "binary")
    }


def _holds_class(schema: Any) -> bool:
    """Whether a schema holds, at any depth, an inline enum or object: a class of its own."""
    if isinstance(schema, list):
        return any(_holds_class(member) for member in schema)
    if not isinstance(schema, dict):
        return False
    return "enum" in schema or "properties" in schema or any(map(_holds_class, schema.values()))


def _widens(ours: set[str], theirs: set[str]) -> bool:
    """Whether JSON types `ours` go beyond `theirs` (both known; an integer is a number)."""
    if not ours or not theirs or "?" in ours | theirs:
        return False
    return not ours <= theirs | ({"integer"} if "number" in theirs else set())


def _overlap(ours: set[str], theirs: set[str]) -> bool:
    numbers = {"integer", "number"}
    return bool(ours & theirs) or bool(ours & numbers and theirs & numbers)
