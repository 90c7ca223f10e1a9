"""Values made up from schemas, for answers (and the tests' arguments) the spec shows no
example of. Each is checked with the schema's validator, so that it is one the schema
accepts, or `Unmade` says which keyword of which schema none satisfied."""

from __future__ import annotations

import copy
import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jsonschema.exceptions import ValidationError, best_match

from generator.load import BrokenRef, Document, SpecSet
from generator.mock._patterns import candidates
from generator.problems import Pointer, format_pointer
from generator.validate import EndlessSchema, SchemaValidators, variant_tags

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

_MAX_DEPTH = 32
_MAX_PRUNED = 16  # optional fields left out of one value, at most
# A string of each format, where the spec shows none.
_FORMATS = {
    "date-time": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "time": "03:04:05Z",
    "duration": "P1D",
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "uri": "https://example.com/",
    "iri": "https://example.com/",
    "url": "https://example.com/",
    "uri-reference": "https://example.com/",
    "iri-reference": "https://example.com/",
    "uri-template": "https://example.com/{id}",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "byte": "c3RyaW5n",
    "json-pointer": "/a",
    "relative-json-pointer": "0",
    "regex": ".*",
    "int32": "0",
    "int64": "0",
}
# The type a schema naming none is of, by the keywords it has.
_IMPLIED = (
    ("object", {"properties", "required", "additionalProperties", "minProperties"}),
    ("array", {"items", "prefixItems", "minItems", "maxItems"}),
    ("string", {"pattern", "minLength", "maxLength", "format"}),
    ("number", {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}),
)
_SCALARS = frozenset({"string", "integer", "number", "boolean"})
_NOTHING: Any = object()  # no value given in the schema (`_given`)


class Unmade(Exception):
    """No value of the schema at `pointer` of `doc` was made: `reason` says why."""

    def __init__(self, doc: Document, pointer: Pointer, reason: str) -> None:
        super().__init__(f"{doc.name}:{doc.line_of(pointer)} ({format_pointer(pointer)}): {reason}")


@dataclass(frozen=True)
class _At:
    """A schema being made: where it is, how deep, and the schemas being made around it."""

    doc: Document
    pointer: Pointer
    depth: int = 0
    within: frozenset[tuple[Path, Pointer]] = frozenset()

    def into(self, *parts: str | int) -> _At:
        """Where a schema this one holds is (before its `$ref` is followed)."""
        return replace(self, pointer=(*self.pointer, *parts))


class ValueMaker:
    def __init__(self, doc: Document, specs: SpecSet) -> None:
        self.specs = specs
        self._validators = SchemaValidators(doc, specs)
        self._checks: dict[tuple[Path, Pointer], Validator | None] = {}
        self._made: dict[tuple[Path, Pointer], Any] = {}  # each `value`, or its Unmade

    def value(self, doc: Document, pointer: Pointer) -> Any:
        """A value the schema at `pointer` of `doc` accepts, preferring what the spec shows
        (const, default, example, examples, enum); Unmade if none was found."""
        key = (doc.path, pointer)
        if key not in self._made:
            try:
                self._made[key] = self._checked(_At(doc, pointer))
            except Unmade as exc:
                self._made[key] = exc
        made = self._made[key]
        if isinstance(made, Unmade):
            raise made
        return copy.deepcopy(made)

    def _checked(self, at: _At) -> Any:
        """The value made, checked; an optional field the whole refuses (a member's
        `additionalProperties` refusing a sibling's property, say) is left out."""
        value = self._make(at)
        error = first = self._error(at, value)
        for _ in range(_MAX_PRUNED):
            if error is None or not _prune(value, error):
                break
            error = self._error(at, value)
        if error is None:
            return value
        raise self._refusal(at, first or error)

    def _error(self, at: _At, value: Any) -> ValidationError | None:
        check = self._check(at)
        errors = check.iter_errors(value) if check else iter(())
        # oneOf members that overlap (told apart by a discriminator's tag alone, say) leave
        # no value only one of them accepts: the client reads the tag, or the best fit.
        error: ValidationError | None = best_match(e for e in errors if not _overlap(e))
        return error

    # -- making ---------------------------------------------------------------

    def _make(self, at: _At) -> Any:
        """`value`'s value, before its check. Met again inside itself (`within`), a schema
        is Unmade (or null, where it admits null), which an optional property or an array's
        items leave out, so a recursive schema's value ends where the spec lets it."""
        try:
            doc, pointer, schema = self.specs.follow(at.doc, at.pointer, at.doc.get(at.pointer))
        except BrokenRef:
            raise Unmade(at.doc, at.pointer, "its $ref leads nowhere") from None
        here = _At(doc, pointer, at.depth + 1, at.within | {(doc.path, pointer)})
        if schema is False:
            raise Unmade(doc, pointer, "the schema admits no value")
        if not isinstance(schema, dict):
            return None
        if (doc.path, pointer) in at.within:
            if self._fits(here, None):
                return None
            raise Unmade(doc, pointer, "the schema holds itself with no end a value can take")
        if here.depth > _MAX_DEPTH:
            raise Unmade(doc, pointer, f"the schema lies deeper than {_MAX_DEPTH} schemas")
        return self._branch(here, schema, self._of(here, schema))

    def _branch(self, at: _At, schema: dict[str, Any], value: Any) -> Any:
        """An object with what the `then` (or `else`) its `if` picks asks of it too."""
        if not isinstance(value, dict) or "if" not in schema:
            return value
        branch = "then" if self._fits(at.into("if"), value) else "else"
        if branch not in schema:
            return value
        more = self._make(at.into(branch))
        return {**more, **value} if isinstance(more, dict) else value

    def _of(self, at: _At, schema: dict[str, Any]) -> Any:
        if "const" in schema:
            return copy.deepcopy(schema["const"])
        given = self._given(at, schema)
        if given is not _NOTHING:
            return given
        if isinstance(schema.get("enum"), list):
            return self._fitting(at, schema["enum"])
        if isinstance(schema.get("allOf"), list):
            return self._all_of(at, schema)
        for key in ("oneOf", "anyOf"):
            if isinstance(schema.get(key), list) and schema[key]:
                return self._one_of(at, schema, key)
        kind = _kind(schema)
        if kind == "object":
            return self._object(at, schema)
        if kind == "array":
            return self._array(at, schema)
        if kind in _SCALARS:
            return self._fitting(at, list(_scalars(kind, schema)))
        return None

    def _given(self, at: _At, schema: dict[str, Any]) -> Any:
        """The schema's own default or example (or first of its examples) it accepts."""
        shown = [schema[key] for key in ("default", "example") if key in schema]
        shown += schema["examples"] if isinstance(schema.get("examples"), list) else []
        fitting = next((value for value in shown if self._fits(at, value)), _NOTHING)
        return _NOTHING if fitting is _NOTHING else copy.deepcopy(fitting)

    def _all_of(self, at: _At, schema: dict[str, Any]) -> Any:
        parts = [self._make(at.into("allOf", index)) for index in range(len(schema["allOf"]))]
        own = {k: v for k, v in schema.items() if k != "allOf"}
        if {"properties", "type"} & own.keys():
            parts.append(self._of(at, own))
        parts = [part for part in parts if part is not None]
        if all(isinstance(part, dict) for part in parts):
            merged: dict[str, Any] = {}
            for part in parts:
                merged.update(part)
            return merged
        return self._fitting(at, parts)

    def _one_of(self, at: _At, schema: dict[str, Any], key: str) -> Any:
        """The first member's value the union accepts, tagged as its discriminator tags
        that member; else the first member's value made (members null only come last)."""
        tags = _tags(at.doc, at.pointer, schema, self.specs)
        members = schema[key]
        made: list[Any] = []
        unmade: list[Unmade] = []
        for index in sorted(range(len(members)), key=lambda i: _null_only(members[i])):
            member = at.into(key, index)
            try:
                value = self._make(member)
            except Unmade as exc:
                unmade.append(exc)
                continue
            if member.pointer in tags and isinstance(value, dict):
                prop, tag = tags[member.pointer]
                value[prop] = tag
            if self._fits(at, value):
                return value
            made.append(value)
        if made:
            return made[0]
        raise unmade[0]

    def _object(self, at: _At, schema: dict[str, Any]) -> dict[str, Any]:
        required = schema.get("required") or []
        out: dict[str, Any] = {}
        for name in schema.get("properties") or {}:
            try:
                out[name] = self._make(at.into("properties", name))
            except Unmade:
                if name in required:
                    raise
        extra = isinstance(schema.get("additionalProperties"), dict)
        for name in (n for n in required if n not in out):  # required, declared by no property
            out[name] = self._make(at.into("additionalProperties")) if extra else None
        return out

    def _array(self, at: _At, schema: dict[str, Any]) -> list[Any]:
        """As many items as `minItems` asks (one, without it), as `maxItems` allows."""
        least = schema.get("minItems") or 0
        most = schema.get("maxItems")
        count = max(least, 1) if most is None else min(max(least, 1), most)
        places = [at.into("prefixItems", i) for i in range(len(schema.get("prefixItems") or []))]
        places += [at.into("items")] * (count - len(places))
        out: list[Any] = []
        for place in places[:count]:
            try:
                typed = place.pointer[-1] != "items" or "items" in schema
                out.append(self._make(place) if typed else None)
            except Unmade:
                if len(out) < least:
                    raise
                break
        if "contains" in schema:  # so many items of its own first
            wanted = schema.get("minContains", 1)
            item = self._make(at.into("contains"))
            out = [copy.deepcopy(item) for _ in range(wanted)] + out[wanted:]
        return out

    # -- checks ---------------------------------------------------------------

    def _fitting(self, at: _At, values: list[Any]) -> Any:
        """The first of `values` the schema at `at` accepts."""
        fitting = next((v for v in values if self._fits(at, v)), _NOTHING)
        if fitting is not _NOTHING:
            return copy.deepcopy(fitting)
        check = self._check(at)
        error = best_match(check.iter_errors(values[0])) if check and values else None
        if error is None:
            raise Unmade(at.doc, at.pointer, "the schema gives no value to start from")
        raise self._refusal(at, error)

    def _fits(self, at: _At, value: Any) -> bool:
        check = self._check(at)
        return check is None or check.is_valid(value)

    def _check(self, at: _At) -> Validator | None:
        """The validator of the schema at `at`; None for one that holds itself in place,
        which no value can be checked against."""
        key = (at.doc.path, at.pointer)
        if key not in self._checks:
            try:
                self._checks[key] = self._validators.at(at.doc, at.pointer)
            except EndlessSchema:
                self._checks[key] = None
        return self._checks[key]

    def _refusal(self, at: _At, error: ValidationError) -> Unmade:
        """Unmade, located at the keyword whose check `error` failed."""
        doc, where = at.doc, at.pointer
        for part in error.absolute_schema_path:  # a `$ref` passed through is not in it
            try:
                doc, where, _ = self.specs.follow(doc, where, doc.get(where))
            except BrokenRef:
                break
            where = (*where, part)
        value = _value_path(error)
        reason = (
            f"no value made up for it satisfies '{error.validator}' ({error.message}"
            f"{', at ' + value if value else ''}); give the schema an example"
        )
        return Unmade(doc, where, reason)


def _kind(schema: dict[str, Any]) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None:
        kind = next((name for name, keys in _IMPLIED if keys & schema.keys()), None)
    return kind if isinstance(kind, str) else None


def _scalars(kind: str, schema: dict[str, Any]) -> Iterator[Any]:
    """Values of a scalar type to try, the likeliest first."""
    if kind == "boolean":
        yield from (False, True)
    elif kind == "string":
        yield from _strings(schema)
    else:
        yield from _numbers(schema, integer=kind == "integer")


def _strings(schema: dict[str, Any]) -> Iterator[str]:
    least = schema.get("minLength") or 0
    most = schema.get("maxLength")
    texts = [_FORMATS.get(str(schema.get("format")), "string")]
    if isinstance(schema.get("pattern"), str):
        texts += candidates(schema["pattern"], least)
    for text in texts:
        yield text
        if len(text) < least:
            yield text + (text[-1:] or "x") * (least - len(text))
        if isinstance(most, int) and len(text) > most:
            yield text[:most]


def _numbers(schema: dict[str, Any], integer: bool) -> Iterator[int | float]:
    """0, the bounds, their neighbours and their midpoint; multiples of `multipleOf` near
    each (some float multiples fail the check: a few are tried)."""
    low = _bound(schema, "minimum", "exclusiveMinimum", max)
    high = _bound(schema, "maximum", "exclusiveMaximum", min)
    anchors = [0, *(b for b in (low, high) if b is not None)]
    if low is not None and high is not None:
        anchors.append((low + high) / 2)
    step = schema.get("multipleOf")
    for anchor in anchors:
        if isinstance(step, (int, float)) and step > 0:
            first = math.ceil(anchor / step)
            near: list[float] = [k * step for k in (*range(first, first + 8), first - 1)]
        else:
            near = [anchor, math.floor(anchor) + 1, math.ceil(anchor) - 1, anchor + 0.5]
        for value in near:
            if not integer:
                yield float(value)
            elif float(value).is_integer():
                yield int(value)


def _bound(
    schema: dict[str, Any], inclusive: str, exclusive: str, tighter: Any
) -> int | float | None:
    """The tighter of a bound and its exclusive twin (OpenAPI 3.0's boolean one leaves the
    bound as it is: the candidates beside it satisfy it)."""
    bounds = [
        schema[key]
        for key in (inclusive, exclusive)
        if isinstance(schema.get(key), (int, float)) and not isinstance(schema[key], bool)
    ]
    return tighter(bounds) if bounds else None


def _tags(
    doc: Document, pointer: Pointer, union: dict[str, Any], specs: SpecSet
) -> dict[Pointer, tuple[str, str]]:
    """A discriminated union's variants, by where they are: the tag property and the tag
    that names the variant."""
    discriminator = union.get("discriminator")
    prop = discriminator.get("propertyName") if isinstance(discriminator, dict) else None
    if not isinstance(prop, str):
        return {}
    return {
        variant: (prop, tags[0][0]) for variant, _, tags in variant_tags(doc, pointer, union, specs)
    }


def _null_only(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("type") == "null"


def _overlap(error: ValidationError) -> bool:
    """Whether `error` says a value is valid under more than one member of a oneOf (an
    error that no member accepts it holds the members' errors)."""
    return error.validator == "oneOf" and not error.context


def _prune(value: Any, error: ValidationError) -> bool:
    """Leave out the object field `error` is about (or, for a `not` of `required` ones,
    those fields); whether there was one. A required field left out fails the next check."""
    path = list(error.absolute_path)
    for part in path[:-1]:
        value = value[part]
    if error.validator == "not" and isinstance(error.validator_value, dict):
        target = value[path[-1]] if path else value
        required = error.validator_value.get("required") or []
        names = [n for n in required if isinstance(target, dict) and n in target]
        for name in names:
            del target[name]
        return bool(names)
    if path and isinstance(value, dict):
        del value[path[-1]]
        return True
    return False


def _value_path(error: ValidationError) -> str:
    return format_pointer(tuple(error.absolute_path))
