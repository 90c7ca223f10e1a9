"""Every part of an OpenAPI document a `$ref` names is checked as what it is used as.

The OpenAPI JSON Schema checks a document's components by the section they are in; a part in
a file of shared parts, or one a `$ref` takes from another section (`#/components/schemas`
as a parameter), it never sees, and the model read it as it was (a parameter without `in`
was a crash).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from generator.load import Document
from generator.problems import Pointer, Problem
from generator.validate._structure import _openapi_python_validator, _short, leaf_errors

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

# Each kind of part: its definition in the OpenAPI 3.1 and 3.0 JSON Schemas.
_DEFINITIONS = {
    "parameter": ("$defs/parameter", "definitions/Parameter"),
    "header": ("$defs/header", "definitions/Header"),
    "request body": ("$defs/request-body", "definitions/RequestBody"),
    "response": ("$defs/response", "definitions/Response"),
    "path item": ("$defs/path-item", "definitions/PathItem"),
}


def check(root: Document, parts: Iterable[tuple[Document, Pointer, str]]) -> list[Problem]:
    """Problems of each (document, pointer, kind) in `parts` as a part of that kind of the
    OpenAPI document `root`; none for an AsyncAPI document."""
    if root.kind != "openapi":
        return []
    from jsonschema.exceptions import best_match

    v31 = root.version.startswith("3.1")
    problems = []
    for doc, pointer, kind in parts:
        # The most relevant error only: one a part lacks can fail every branch of a oneOf.
        error = best_match(_validator(v31, kind).iter_errors(doc.get(pointer)))
        for leaf in leaf_errors([error] if error is not None else []):
            message = _short(f"as a {kind}: {leaf.message}")
            problems.append(doc.problem((*pointer, *leaf.absolute_path), message))
    return problems


@cache
def _validator(v31: bool, kind: str) -> Validator:
    document = _openapi_python_validator(v31)
    schema = cast("Mapping[str, Any]", document.schema)
    uri = schema.get("$id") or schema.get("id")  # 3.0's is draft 4's `id`
    definition = _DEFINITIONS[kind][0 if v31 else 1]
    return document.evolve(schema={"$ref": f"{uri}#/{definition}"})
