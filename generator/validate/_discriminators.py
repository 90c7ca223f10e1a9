"""A discriminated union's `mapping` must name schemas, its `propertyName` a property of one of
its variants at least, and its tags must match the `pattern` of its variants' tag properties.

A `mapping` value is a `$ref`, or a schema's name (`Cat`: `#/components/schemas/Cat`); one
leading nowhere is a problem at its entry. A variant that does not declare the tag property is
given one, but a property none declares is a misspelt name: every object, carrying the real
one, failed to decode; it is a problem at `propertyName`. An OpenAPI union decodes an object as
the variant its tag names: a `mapping` key, else the variant's schema name. A variant whose own
tag property's pattern refuses that tag admits no object the union gives it; generation refuses
such a union (datamodel-code-generator warns), so validation says so, located at the tag. (A
tag outside the property's `enum` or `const` generation takes: the models tag the variant with
that value.)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from generator.load import (
    Document,
    SpecSet,
    iter_mappings,
    mapping_ref,
    object_fields,
    unescape_token,
    unresolved_mapping,
)
from generator.problems import Pointer, Problem
from generator.validate._schemas import SchemaValidators

# Values, not schemas: a `discriminator` key under them is data.
_DATA_KEYS = frozenset({"example", "examples", "default", "const", "enum"})


def check(
    schemas: Iterable[tuple[Document, Pointer]], specs: SpecSet, validators: SchemaValidators
) -> list[Problem]:
    """The tags the unions in `schemas` (where each schema walked starts) give a variant
    whose tag property's pattern refuses them."""
    problems: dict[Problem, None] = {}
    seen: set[tuple[Path, Pointer]] = set()
    for doc, start in schemas:
        for pointer, union in iter_mappings(doc.get(start), start):
            if (doc.path, pointer) in seen or _DATA_KEYS & set(map(str, pointer[len(start) :])):
                continue
            seen.add((doc.path, pointer))
            for problem in _unresolved(doc, pointer, union, specs):
                problems.setdefault(problem)
            for problem in _undeclared(doc, pointer, union, specs):
                problems.setdefault(problem)
            for problem in _refused_tags(doc, pointer, union, specs, validators):
                problems.setdefault(problem)
    return list(problems)


def _unresolved(
    doc: Document, pointer: Pointer, union: dict[str, Any], specs: SpecSet
) -> Iterator[Problem]:
    """A problem at each `mapping` entry naming no schema."""
    for tag, to in _mapping(union).items():
        if isinstance(to, str) and _location(doc, mapping_ref(to), specs) is None:
            yield doc.problem((*pointer, "discriminator", "mapping", tag), unresolved_mapping(to))


def _undeclared(
    doc: Document, pointer: Pointer, union: dict[str, Any], specs: SpecSet
) -> Iterator[Problem]:
    """A problem at `propertyName` when no variant of the union declares that property
    (through `$ref` and `allOf`)."""
    discriminator = union.get("discriminator")
    prop = discriminator.get("propertyName") if isinstance(discriminator, dict) else None
    variants = [
        (*pointer, key, index)
        for key in ("oneOf", "anyOf")
        for index in range(len(union[key]) if isinstance(union.get(key), list) else 0)
    ]
    if not isinstance(prop, str) or not variants:
        return
    if any(prop in object_fields(specs, doc, variant).properties for variant in variants):
        return
    message = f"discriminator propertyName '{prop}' is a property of none of the union's variants"
    yield doc.problem((*pointer, "discriminator", "propertyName"), message)


def _mapping(union: dict[str, Any]) -> dict[str, Any]:
    discriminator = union.get("discriminator")
    mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
    return mapping if isinstance(mapping, dict) else {}


def _refused_tags(
    doc: Document,
    pointer: Pointer,
    union: dict[str, Any],
    specs: SpecSet,
    validators: SchemaValidators,
) -> Iterator[Problem]:
    discriminator = union.get("discriminator")
    if not isinstance(discriminator, dict) or not isinstance(
        discriminator.get("propertyName"), str
    ):
        return
    prop = discriminator["propertyName"]
    for variant, ref, tags in variant_tags(doc, pointer, union, specs):
        for tag, at in tags:
            refusal = _refusal(validators, doc, variant, prop, tag)
            if refusal:
                message = (
                    f"discriminator '{prop}' tags {_schema_name(ref)} with {tag!r}, which its "
                    f"'{prop}' property refuses ({refusal}): the union would decode no object as it"
                )
                yield doc.problem(at, message)


def variant_tags(
    doc: Document, pointer: Pointer, union: dict[str, Any], specs: SpecSet
) -> Iterator[tuple[Pointer, str, list[tuple[str, Pointer]]]]:
    """Each variant of the discriminated union at `pointer` that names a schema: where it
    is, its `$ref`, and the tags the union decodes it by, each with where it is written (the
    `mapping` keys naming it, else its schema's name, written at the variant)."""
    mapping = _mapping(union)
    for variant, ref in _variants(pointer, union):
        tags = _tags(doc, pointer, ref, mapping, specs) or [(_schema_name(ref), variant)]
        yield variant, ref, tags


def _variants(pointer: Pointer, union: dict[str, Any]) -> Iterator[tuple[Pointer, str]]:
    """(pointer, `$ref`) of each member of the union naming a schema."""
    for key in ("oneOf", "anyOf"):
        members = union.get(key)
        for index, member in enumerate(members if isinstance(members, list) else []):
            if isinstance(member, dict) and isinstance(member.get("$ref"), str):
                yield (*pointer, key, index), member["$ref"]


def _tags(
    doc: Document, pointer: Pointer, ref: str, mapping: dict[str, Any], specs: SpecSet
) -> list[tuple[str, Pointer]]:
    """The `mapping` keys naming the schema `ref` names, each with where it is written."""
    target = _location(doc, ref, specs)
    return [
        (tag, (*pointer, "discriminator", "mapping", tag))
        for tag, to in mapping.items()
        if isinstance(to, str)
        and (
            mapping_ref(to) == ref
            or (target is not None and _location(doc, mapping_ref(to), specs) == target)
        )
    ]


def _location(doc: Document, ref: str, specs: SpecSet) -> tuple[Path, Pointer] | None:
    try:
        target, pointer, _ = specs.resolve(doc, ref)
    except (KeyError, ValueError, TypeError):
        return None
    return target.path, pointer


def _schema_name(ref: str) -> str:
    return unescape_token(ref.rsplit("/", 1)[-1])


def _refusal(
    validators: SchemaValidators, doc: Document, variant: Pointer, prop: str, tag: str
) -> str | None:
    """Why the variant's pattern for `prop` refuses `tag`; None if it does not."""
    try:
        errors = validators.at(doc, variant).iter_errors({prop: tag})
        refused = (
            e for e in errors if e.validator == "pattern" and list(e.absolute_path)[:1] == [prop]
        )
        return next((e.message for e in refused), None)
    except Exception:  # a malformed or dangling schema is reported on its own
        return None
