"""Validation against the official OpenAPI and AsyncAPI schemas."""

from __future__ import annotations

import json
import os
import weakref
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, cast

import referencing.exceptions
from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError, best_match
from jsonschema_path import SchemaPath
from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
from openapi_spec_validator.validation.keywords import KeywordValidator
from openapi_spec_validator.validation.validators import SpecValidator

from generator.load import Document
from generator.problems import Pointer, Problem

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
    """Errors against the OpenAPI JSON Schema; only without any, openapi-spec-validator's
    semantic checks (they assume the shapes the schema guarantees), located in the document."""
    base = OpenAPIV31SpecValidator if doc.version.startswith("3.1") else OpenAPIV30SpecValidator
    schema_errors = list(base.schema_validator.iter_errors(doc.data))
    if schema_errors:
        yield from schema_errors
        return
    validator = _located_validator(base)(doc.data, base_uri=doc.path.as_uri())
    try:
        yield from validator.root_validator(validator.schema_path)
    except (referencing.exceptions.Unresolvable, KeyError, TypeError, ValueError, RecursionError):
        return  # dangling and cyclic references are reported by the $ref check, with their line


# Semantic errors whose path has already been made absolute.
_LOCATED: weakref.WeakSet[ValidationError] = weakref.WeakSet()


@cache
def _located_validator(base: type[SpecValidator]) -> type[SpecValidator]:
    """`base` whose semantic errors carry their path in the document.

    openapi-spec-validator reports them relative to the value checked (a schema, an
    operation...) or not at all; the innermost check an error passes through prefixes
    the path of the value it was given.
    """
    keywords = {
        name: _located_keyword(keyword, ("default",) if name == "default" else ())
        for name, keyword in base.keyword_validators.items()
    }
    return cast(type[SpecValidator], type(base.__name__, (base,), {"keyword_validators": keywords}))


def _located_keyword(keyword: type[KeywordValidator], suffix: Pointer) -> type[KeywordValidator]:
    check = cast(Callable[..., Iterator[ValidationError]], keyword.__call__)

    def located(self: KeywordValidator, *args: Any, **kwargs: Any) -> Iterator[ValidationError]:
        where = next((arg.parts for arg in args if isinstance(arg, SchemaPath)), ())
        for error in check(self, *args, **kwargs):
            if error not in _LOCATED:
                error.path.extendleft(reversed((*where, *suffix)))
                _LOCATED.add(error)
            yield error

    return cast(type[KeywordValidator], type(keyword.__name__, (keyword,), {"__call__": located}))


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
