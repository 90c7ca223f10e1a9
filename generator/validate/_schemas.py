"""Validators for the schemas of a document set, in the dialect of the document they serve.

Used for examples (every example must match the schema it illustrates) and by the mock
server (request parameters and bodies). python jsonschema, referencing and, for OpenAPI,
openapi-schema-validator are imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.load import Document, SpecSet
from generator.problems import Pointer

if TYPE_CHECKING:
    from jsonschema.protocols import Validator


class SchemaValidators:
    """A validator for the schema at any (document, pointer) of `specs`, in `root`'s dialect:
    OpenAPI 3.1 (JSON Schema 2020-12 with OpenAPI's formats), OpenAPI 3.0, or draft 7 for
    AsyncAPI payloads. Every document of the set is registered under its file URI, so
    references across files resolve."""

    def __init__(self, root: Document, specs: SpecSet) -> None:
        from referencing import Registry

        self._validator_class, spec = _dialect(root)
        self._registry: Registry[Any] = Registry().with_resources(
            (d.path.as_uri(), spec.create_resource(d.data)) for d in specs.documents.values()
        )

    def at(self, doc: Document, schema_pointer: Pointer) -> Validator:
        return self._validator_class(
            {"$ref": _schema_uri(doc, schema_pointer)}, registry=self._registry
        )


def _schema_uri(doc: Document, pointer: Pointer) -> str:
    return (
        doc.path.as_uri()
        + "#"
        + "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in pointer)
    )


def _dialect(doc: Document) -> tuple[type[Validator], Any]:
    from referencing.jsonschema import DRAFT7, DRAFT202012

    if doc.kind == "asyncapi":
        from jsonschema import Draft7Validator

        return Draft7Validator, DRAFT7
    from openapi_schema_validator import OAS30Validator, OAS31Validator

    if doc.openapi31:
        return OAS31Validator, DRAFT202012
    return OAS30Validator, DRAFT7
