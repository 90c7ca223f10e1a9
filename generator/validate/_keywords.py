"""A key of an OpenAPI 3.1 schema that is no keyword of its dialect.

JSON Schema 2020-12 ignores a key it does not know, so a misspelt keyword (`requried`) or a
property indented one level too little (it becomes a key of the object schema) passed
validation and silently changed the models. OpenAPI 3.0's JSON Schema refuses them already
(its Schema Object allows `x-` extensions only).
"""

from __future__ import annotations

from typing import Any

from generator.load import Document
from generator.problems import Pointer, Problem, did_you_mean

# JSON Schema 2020-12's vocabularies (core, applicator, unevaluated, validation, meta-data,
# format, content), the keywords its meta-schema keeps from earlier drafts, and OpenAPI's.
OAS31_KEYWORDS = frozenset(
    {"$schema", "$id", "$ref", "$anchor", "$dynamicRef", "$dynamicAnchor", "$vocabulary"}
    | {"$comment", "$defs", "prefixItems", "items", "contains", "additionalProperties"}
    | {"properties", "patternProperties", "dependentSchemas", "propertyNames", "if", "then"}
    | {"else", "allOf", "anyOf", "oneOf", "not", "unevaluatedItems", "unevaluatedProperties"}
    | {"type", "const", "enum", "multipleOf", "maximum", "exclusiveMaximum", "minimum"}
    | {"exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems", "minItems"}
    | {"uniqueItems", "maxContains", "minContains", "maxProperties", "minProperties"}
    | {"required", "dependentRequired", "title", "description", "default", "deprecated"}
    | {"readOnly", "writeOnly", "examples", "format", "contentEncoding", "contentMediaType"}
    | {"contentSchema", "definitions", "dependencies", "$recursiveAnchor", "$recursiveRef"}
    | {"discriminator", "xml", "externalDocs", "example"}
)


def known(key: object) -> bool:
    return key in OAS31_KEYWORDS or (isinstance(key, str) and key.startswith("x-"))


def map_of_schemas(schema: dict[str, Any]) -> bool:
    """Whether `schema` holds no keyword but mappings only: schemas by name, which a `$ref`
    named in place of one of them (`#/components/schemas`); the model stage says so there."""
    return all(isinstance(value, dict) and not known(key) for key, value in schema.items())


def problem(doc: Document, schema_pointer: Pointer, key: str) -> Problem:
    """The problem of `key`, no keyword, in the schema at `schema_pointer`."""
    hint = (
        did_you_mean(key, OAS31_KEYWORDS)
        or "a property goes under 'properties', an extension's name starts with 'x-'"
    )
    message = f"'{key}' is no keyword of JSON Schema 2020-12 or OpenAPI 3.1: {hint}"
    return doc.problem((*schema_pointer, key), message)
