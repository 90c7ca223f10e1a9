"""Validation against the official OpenAPI and AsyncAPI schemas."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import referencing.exceptions
from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError, best_match
from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

from generator.load import Document
from generator.problems import Problem

SCHEMA_DIR_ENV = "BOTSPEC_ASYNCAPI_SCHEMAS"
_DEFAULT_SCHEMA_DIR = (
    Path(__file__).resolve().parent.parent / "schemas/node_modules/@asyncapi/specs/schemas"
)


class SchemaNotInstalled(Exception):
    """The AsyncAPI JSON Schemas (npm package @asyncapi/specs) are not installed."""


def check(doc: Document) -> list[Problem]:
    if doc.kind == "openapi":
        errors = _openapi_errors(doc)
    else:
        errors = asyncapi_validator(doc.version).iter_errors(doc.data)
    return _to_problems(doc, errors)


def _openapi_errors(doc: Document) -> Iterator[ValidationError]:
    validator_class = (
        OpenAPIV31SpecValidator if doc.version.startswith("3.1") else OpenAPIV30SpecValidator
    )
    validator = validator_class(doc.data, base_uri=doc.path.as_uri())
    try:
        yield from validator.iter_errors()
    except (referencing.exceptions.Unresolvable, KeyError, TypeError, ValueError):
        # Dangling references are reported by the $ref check, with their line; other
        # crashes come after the validator has already yielded the schema error behind them.
        return


def schema_dir() -> Path:
    return Path(os.environ.get(SCHEMA_DIR_ENV, _DEFAULT_SCHEMA_DIR))


@cache
def asyncapi_validator(version: str) -> Draft7Validator:
    path = schema_dir() / f"{version}.json"
    if not path.is_file():
        raise SchemaNotInstalled(
            f"the AsyncAPI {version} JSON Schema is not installed ({path} is missing); "
            "run `npm ci --prefix generator/schemas` or set "
            f"{SCHEMA_DIR_ENV} to the schemas folder of the npm package @asyncapi/specs"
        )
    return Draft7Validator(json.loads(path.read_text(encoding="utf-8")))


def leaf_errors(errors: Iterable[ValidationError]) -> Iterator[ValidationError]:
    """The most specific cause of each error: oneOf/anyOf failures explain themselves poorly."""
    for error in errors:
        while error.context:
            deeper = best_match(error.context)
            if deeper is None:
                break
            error = deeper
        yield error


def _to_problems(doc: Document, errors: Iterable[ValidationError]) -> list[Problem]:
    problems: dict[tuple[Any, ...], Problem] = {}
    for error in leaf_errors(errors):
        pointer = tuple(error.absolute_path)
        problems.setdefault((pointer, error.message), doc.problem(pointer, _short(error.message)))
    return list(problems.values())


def _short(message: str, limit: int = 200) -> str:
    return message if len(message) <= limit else message[: limit - 3] + "..."
