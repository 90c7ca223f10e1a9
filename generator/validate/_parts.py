"""Every part a `$ref` names is checked as what it is used as.

The OpenAPI and AsyncAPI JSON Schemas check a document's components by the section they are
in; a part in a file of shared parts, or one a `$ref` takes from another section
(`#/components/schemas` as a parameter), they never see, and the model read it as it was (a
parameter without `in` was a crash).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from generator.load import Document
from generator.problems import Pointer, Problem
from generator.validate._structure import (
    _openapi_python_validator,
    _short,
    asyncapi_validator,
    leaf_errors,
    located,
)

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

# Each kind of part: its definition in the OpenAPI 3.1 and 3.0 JSON Schemas...
_OPENAPI_DEFINITIONS = {
    "parameter": ("$defs/parameter", "definitions/Parameter"),
    "header": ("$defs/header", "definitions/Header"),
    "request body": ("$defs/request-body", "definitions/RequestBody"),
    "response": ("$defs/response", "definitions/Response"),
    "path item": ("$defs/path-item", "definitions/PathItem"),
}
# ... and in the AsyncAPI 3.0.0 and 2.6.0 ones.
_ASYNCAPI_DEFINITIONS = {
    "message": {"3.0.0": "messageObject.json", "2.6.0": "message.json"},
    "channel": {"3.0.0": "channel.json", "2.6.0": "channelItem.json"},
}


def check(root: Document, parts: Iterable[tuple[Document, Pointer, str]]) -> list[Problem]:
    """Problems of each (document, pointer, kind) in `parts` as a part of that kind of the
    document `root`."""
    from jsonschema.exceptions import best_match

    problems = []
    for doc, pointer, kind in parts:
        validator = _validator(root.kind or "", root.version, kind)
        if validator is None:
            continue
        # The most relevant error only: one a part lacks can fail every branch of a oneOf.
        error = best_match(validator.iter_errors(doc.get(pointer)))
        for leaf in leaf_errors([error] if error is not None else []):
            for path, message in located(leaf):
                problems.append(doc.problem((*pointer, *path), _short(f"as a {kind}: {message}")))
    return problems


@cache
def _validator(spec: str, version: str, kind: str) -> Validator | None:
    """The validator of a `kind` part of a `spec` document of `version`; None for a kind that
    `spec` has not."""
    if spec == "asyncapi":
        name = _ASYNCAPI_DEFINITIONS.get(kind, {}).get(version)
        uri = f"http://asyncapi.com/definitions/{version}/{name}"
        return asyncapi_validator(version).evolve(schema={"$ref": uri}) if name else None
    if kind not in _OPENAPI_DEFINITIONS:
        return None
    v31 = version.startswith("3.1")
    document = _openapi_python_validator(v31)
    schema = cast("Mapping[str, Any]", document.schema)
    base = schema.get("$id") or schema.get("id")  # 3.0's is draft 4's `id`
    definition = _OPENAPI_DEFINITIONS[kind][0 if v31 else 1]
    return document.evolve(schema={"$ref": f"{base}#/{definition}"})
