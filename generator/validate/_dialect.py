"""Every schema an example is checked against must pass its dialect's meta-schema.

The official checks leave some schemas out: openapi-spec-validator, to which the OpenAPI 3.1
JSON Schema leaves them, checks only those of `components.schemas`, parameters and responses
(not headers, request bodies, other components or webhooks), and no JSON Schema checks a
file of shared parts. A malformed one (`type: {type: object}`) crashed the example check.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, partial
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from generator.load import Document
from generator.problems import Pointer, Problem
from generator.validate import _fast
from generator.validate._structure import (
    TOO_DEEP,
    _format_check,
    _meta_validator,
    deepest,
    leaf_errors,
    located,
)

if TYPE_CHECKING:
    from jsonschema import FormatChecker
    from jsonschema.protocols import Validator


def check(root: Document, schemas: Iterable[tuple[Document, Pointer]]) -> list[Problem]:
    """Problems of the schemas at `schemas` against `root`'s dialect; under OpenAPI 3.1, a
    schema in another dialect (`$schema`, `jsonSchemaDialect`) is not checked."""
    dialect = _dialect(root)
    problems = []
    for doc, pointer in schemas:
        schema = doc.get(pointer)
        if dialect == "oas31" and _declared_dialect(root, schema) != oas31_base():
            continue
        fast = _fast_validator(dialect)
        if fast is not None and fast.is_valid(schema):
            continue
        try:
            errors = list(leaf_errors(_python_validator(dialect).iter_errors(schema)))
        except RecursionError:
            problems.append(doc.problem((*pointer, *deepest(schema)), f"schema {TOO_DEEP}"))
            continue
        problems += [
            doc.problem((*pointer, *at), message) for e in errors for at, message in located(e)
        ]
    return problems


def _dialect(root: Document) -> str:
    if root.kind == "asyncapi":
        return "draft7"
    return "oas31" if root.openapi31 else "oas30"


def _declared_dialect(root: Document, schema: Any) -> Any:
    if isinstance(schema, dict) and "$schema" in schema:
        return schema["$schema"]
    return root.data.get("jsonSchemaDialect", oas31_base())


def oas31_base() -> str:
    from openapi_schema_validator import OAS31_BASE_DIALECT_ID

    return OAS31_BASE_DIALECT_ID


@cache
def _fast_validator(dialect: str) -> _fast.FastValidator | None:
    if dialect == "draft7":
        from jsonschema import Draft7Validator

        # No references: checked as a copy, not as jsonschema-rs's own draft 7 meta-schema.
        return _fast.build(
            Draft7Validator.META_SCHEMA,
            jsonschema_rs.Draft7Validator,
            references={},
            format_check=partial(_format_check, _draft7_formats()),
        )
    return _meta_validator(dialect == "oas31")


@cache
def _python_validator(dialect: str) -> Validator:
    """What openapi-schema-validator's `check_schema` checks with (jsonschema's for draft 7)."""
    from jsonschema import Draft7Validator
    from jsonschema.validators import validator_for

    if dialect == "draft7":
        return Draft7Validator(Draft7Validator.META_SCHEMA, format_checker=_draft7_formats())
    from openapi_schema_validator import (
        OAS30Validator,
        OAS31Validator,
        oas30_format_checker,
        oas31_format_checker,
    )
    from openapi_schema_validator._specifications import REGISTRY

    cls, checker = (
        (OAS31Validator, oas31_format_checker)
        if dialect == "oas31"
        else (OAS30Validator, oas30_format_checker)
    )
    meta = cls.META_SCHEMA
    return validator_for(meta, default=cls)(meta, format_checker=checker, registry=REGISTRY)


@cache
def _draft7_formats() -> FormatChecker:
    """The one format of draft 7's meta-schema checked: a `pattern` must be a regular
    expression, as OpenAPI's checks have it; generation refuses one no regex engine reads,
    and no official AsyncAPI check looks (`generate` and `validate` then disagreed)."""
    from jsonschema import FormatChecker

    return FormatChecker(formats=("regex",))
