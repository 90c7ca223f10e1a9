"""Validation against the official OpenAPI and AsyncAPI schemas.

The errors reported are python jsonschema's and openapi-spec-validator's; jsonschema-rs
(see `_fast`) and a walk of the plain data (see `_semantic`) only skip them when they could
not report anything, which is most of the time and most of the cost.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import string
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache, partial
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urldefrag, urljoin

import jsonschema_rs

from generator.load import Document, SpecSet
from generator.problems import Pointer, Problem
from generator.validate import _fast, _semantic

# python jsonschema, referencing, openapi-schema-validator and openapi-spec-validator are
# imported where they are used: a valid document needs none of openapi-spec-validator (nor
# jsonschema-path, requests... which it imports) and, for AsyncAPI, of openapi-schema-validator.
if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from jsonschema import Draft7Validator, FormatChecker
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator
    from jsonschema_path import SchemaPath
    from openapi_spec_validator.validation.keywords import KeywordValidator, SchemaValidator
    from openapi_spec_validator.validation.validators import SpecValidator

SCHEMA_DIR_ENV = "BOTSPEC_ASYNCAPI_SCHEMAS"
_DEFAULT_SCHEMA_DIR = (
    Path(__file__).resolve().parent.parent / "schemas/node_modules/@asyncapi/specs/schemas"
)


class SchemaNotInstalled(Exception):
    """The AsyncAPI JSON Schemas (npm package @asyncapi/specs) are not installed."""


def check(doc: Document, specs: SpecSet | None = None) -> list[Problem]:
    """Problems of `doc` against its official schema; with `specs` (the documents its
    `$ref`s lead to), one found through a `$ref` is located where the value is written."""
    if doc.kind == "openapi":
        errors: Iterable[ValidationError] = _openapi_errors(doc, specs)
    else:
        errors = _asyncapi_errors(doc)
    try:
        return _to_problems(doc, errors, specs)
    except RecursionError:  # python jsonschema spends some 15 frames on each level
        return [doc.problem(deepest(doc.data), TOO_DEEP)]


TOO_DEEP = (
    "nested too deeply to be checked (python jsonschema ran out of stack): name some of its "
    "inner schemas (components) and $ref them"
)


def deepest(value: Any) -> Pointer:
    """The pointer of the most deeply nested value in `value`."""
    found: Pointer = ()
    pending: list[tuple[Any, Pointer]] = [(value, ())]
    while pending:
        node, pointer = pending.pop()
        if len(pointer) > len(found):
            found = pointer
        if isinstance(node, dict):
            pending += [(v, (*pointer, k)) for k, v in node.items()]
        elif isinstance(node, list):
            pending += [(v, (*pointer, i)) for i, v in enumerate(node)]
    return found


# --- OpenAPI ----------------------------------------------------------------------------------


def _openapi_errors(doc: Document, specs: SpecSet | None) -> Iterator[ValidationError]:
    """Errors against the OpenAPI JSON Schema; only without any, openapi-spec-validator's
    semantic checks (they assume the shapes the schema guarantees), located in the document.
    The files of `specs` are not read again by the quick semantic walk."""
    v31 = doc.openapi31
    scanned = _fast.scan(doc.data)
    fast = _openapi_fast_validator(v31)
    if fast is None or not fast.is_valid(doc.data, scanned):
        schema_errors = list(_openapi_python_validator(v31).iter_errors(doc.data))
        if schema_errors:
            yield from schema_errors
            return
    loaded = {d.path.as_uri(): d.data for d in specs.documents.values()} if specs else {}
    if _semantic.clean(doc, scanned, _meta_validator(v31), loaded):
        return
    import referencing.exceptions
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    base = OpenAPIV31SpecValidator if v31 else OpenAPIV30SpecValidator
    validator = _located_validator(base)(doc.data, base_uri=doc.path.as_uri())
    try:
        yield from validator.root_validator(validator.schema_path)
    except (referencing.exceptions.Unresolvable, KeyError, TypeError, ValueError, RecursionError):
        return  # dangling and cyclic references are reported by the $ref check, with their line
    except AssertionError:
        # Its walk asserts shapes a part in a shared file may lack (`_parts` reports them).
        return


def _openapi_schema_file(v31: bool) -> Any:
    """The OpenAPI JSON Schema openapi-spec-validator validates with (as `schema_v3x`)."""
    name = "v3.1" if v31 else "v3.0"
    resource = _package_files("openapi_spec_validator") / f"resources/schemas/{name}/schema.json"
    return json.loads(resource.read_text(encoding="utf-8"))


def _package_files(package: str) -> Traversable:
    """`files(package)`, without importing a package installed as a folder (importing
    openapi_spec_validator imports jsonschema-path, requests...: slow, and not needed here)."""
    spec = importlib.util.find_spec(package)
    if spec is not None and spec.has_location and spec.origin and spec.submodule_search_locations:
        folder = Path(spec.origin).parent
        if folder.is_dir():
            return folder
    return files(package)


@cache
def _openapi_fast_validator(v31: bool) -> _fast.FastValidator | None:
    schema = _openapi_schema_file(v31)
    return _fast.build(schema, jsonschema_rs.validator_cls_for(schema))


@cache
def _openapi_python_validator(v31: bool) -> Validator:
    """openapi-spec-validator's python jsonschema validator of documents (the one it picks
    without jsonschema-rs), with its references indexed once rather than at each lookup."""
    import jsonschema.validators
    from openapi_spec_validator.schemas import schema_v30, schema_v31

    schema = schema_v31 if v31 else schema_v30
    return _indexed(jsonschema.validators.validator_for(schema), schema, None)


def _indexed(cls: type[Validator], schema: Any, default_specification: Any) -> Validator:
    """`cls(schema)` with its registry crawled beforehand: the same references, found at
    once instead of by a crawl of the whole schema at each lookup."""
    import jsonschema.validators
    import referencing.exceptions
    from referencing import Registry, Resource

    # What `cls(schema)` looks references up in: the standard meta-schemas, then the network.
    remote = getattr(jsonschema.validators, "_REMOTE_WARNING_REGISTRY", None)
    if not isinstance(remote, Registry):
        return cls(schema)
    try:
        if default_specification is None:
            resource: Resource[Any] = Resource.from_contents(schema)
        else:
            resource = Resource.from_contents(schema, default_specification=default_specification)
        uri = resource.id()
        if not uri:
            return cls(schema)
        registry = remote.with_resource(uri, resource).crawl()
    except (referencing.exceptions.Unresolvable, ValueError):
        return cls(schema)
    return cls(schema, registry=registry)


@cache
def _meta_validator(v31: bool) -> _fast.FastValidator | None:
    """openapi-spec-validator's check of a schema against its dialect (for 3.1 the OpenAPI
    base dialect, which it checks for schemas without another `$schema`)."""
    import referencing.exceptions
    from openapi_schema_validator import (
        OAS31_BASE_DIALECT_ID,
        OAS30Validator,
        OAS31Validator,
        oas30_format_checker,
        oas31_format_checker,
    )

    if v31:
        meta, checker = OAS31Validator.META_SCHEMA, oas31_format_checker
        if meta.get("$id") != OAS31_BASE_DIALECT_ID:
            return None
    else:
        meta, checker = OAS30Validator.META_SCHEMA, oas30_format_checker
    cls = jsonschema_rs.validator_cls_for(meta)
    try:
        used = _referenced(meta)
    except (LookupError, referencing.exceptions.Unresolvable):
        return None
    return _fast.build(meta, cls, references=used, format_check=partial(_format_check, checker))


def _referenced(schema: Mapping[str, Any]) -> dict[str, Any]:
    """Every schema `schema` refers to, by URI, from openapi-schema-validator's registry."""
    from openapi_schema_validator._specifications import REGISTRY as OPENAPI_SPECIFICATIONS

    found: dict[str, Any] = {}
    pending = [schema]
    while pending:
        current = pending.pop()
        base = str(current.get("$id") or current.get("id") or "")
        for ref in _refs_in(current):
            uri, _ = urldefrag(urljoin(base, ref))
            if uri and uri != base and uri not in found:
                found[uri] = OPENAPI_SPECIFICATIONS.contents(uri)
                pending.append(found[uri])
    return found


def _refs_in(node: Any) -> Iterator[str]:
    if isinstance(node, Mapping):
        for key, value in node.items():
            if key in ("$ref", "$dynamicRef") and isinstance(value, str):
                yield value
            else:
                yield from _refs_in(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs_in(value)


def _format_check(checker: FormatChecker, name: str) -> Callable[[Any], bool]:
    """python jsonschema's check of format `name` with `checker` (none: any value passes)."""
    if name not in checker.checkers:
        return _any_value
    return partial(checker.conforms, format=name)


def _any_value(value: Any) -> bool:
    return True


# Semantic errors whose path has already been made absolute.
_LOCATED: weakref.WeakSet[ValidationError] = weakref.WeakSet()


@cache
def _located_validator(base: type[SpecValidator]) -> type[SpecValidator]:
    """`base` whose semantic errors carry their path in the document.

    openapi-spec-validator reports them relative to the value checked (a schema, an
    operation...) or not at all; the innermost check an error passes through prefixes
    the path of the value it was given. Its schemas are checked against their dialect by
    jsonschema-rs first, by python jsonschema only when that finds a possible error.
    """
    keywords = {
        name: _located_keyword(_amended(name, keyword), ("default",) if name == "default" else ())
        for name, keyword in base.keyword_validators.items()
    }
    # The walk follows `$ref`s to local files only (`_semantic.local_handlers`).
    namespace = {"keyword_validators": keywords, "resolver_handlers": _semantic.local_handlers()}
    return cast("type[SpecValidator]", type(base.__name__, (base,), namespace))


def _amended(name: str, keyword: type[KeywordValidator]) -> type[KeywordValidator]:
    if name == "paths":
        return _paths_without_extensions(keyword)
    if name == "schema":
        return _meta_checked_everywhere(keyword)
    if name == "default":
        return _default_check_past_malformed_schemas(keyword)
    if name == "operation":
        return _path_parameters_told_apart(keyword)
    return keyword


def _path_parameters_told_apart(keyword: type[KeywordValidator]) -> type[KeywordValidator]:
    """openapi-spec-validator's check of an operation, but for its one message ("was not
    resolved") for a path parameter the path lacks and for a `{name}` no parameter declares:
    each says which it is, the first where the parameter is declared."""
    from openapi_spec_validator.validation.exceptions import UnresolvableParameterError

    check = keyword.__call__

    def checked(
        self: Any, url: str, method: str, operation: SchemaPath, path_parameters: Any
    ) -> Iterator[ValidationError]:
        for error in check(self, url, method, operation, path_parameters):
            if not isinstance(error, UnresolvableParameterError):
                yield error
        yield from _path_parameter_errors(url, method, operation, path_parameters)

    return cast("type[KeywordValidator]", type(keyword.__name__, (keyword,), {"__call__": checked}))


def _path_parameter_errors(
    url: str, method: str, operation: SchemaPath, path_parameters: SchemaPath | None
) -> Iterator[ValidationError]:
    from openapi_spec_validator.validation.exceptions import UnresolvableParameterError

    in_url = {field for _, field, _, _ in string.Formatter().parse(url) if field}
    declared: dict[str, SchemaPath] = {}
    for parameters in (operation / "parameters", path_parameters):
        if parameters is not None and parameters.exists():
            for parameter in parameters:
                if (parameter / "in").read_str() == "path":
                    declared.setdefault((parameter / "name").read_str(), parameter)
    for name in sorted(in_url - set(declared)):
        yield UnresolvableParameterError(
            f"the path '{url}' has {{{name}}} but '{method}' declares no path parameter "
            f"'{name}': add one (in: path, required: true)"
        )
    for name in sorted(set(declared) - in_url):
        error = UnresolvableParameterError(
            f"path parameter '{name}' is declared but the path '{url}' has no {{{name}}}"
        )
        error.path.extend(declared[name].parts)  # where it is declared, not the operation
        _LOCATED.add(error)
        yield error


def _default_check_past_malformed_schemas(
    keyword: type[KeywordValidator],
) -> type[KeywordValidator]:
    """openapi-spec-validator's check of a default, which python jsonschema gives up (raising
    anything) where the schema refers to a malformed one: that one's own check reports it."""
    check = keyword.__call__

    def checked(self: Any, schema: SchemaPath, value: Any) -> Iterator[ValidationError]:
        try:
            yield from check(self, schema, value)
        except Exception:
            return

    return cast("type[KeywordValidator]", type(keyword.__name__, (keyword,), {"__call__": checked}))


def _meta_checked_everywhere(keyword: type[KeywordValidator]) -> type[KeywordValidator]:
    """openapi-spec-validator's check of a schema, against its dialect first wherever it is
    reached: it took one a `$ref` leads to for a part of a schema checked already, and checked
    its default against it (or followed its `$ref`s) unchecked, which a malformed one crashed."""
    check = keyword.__call__

    def checked(self: Any, schema: SchemaPath, require_properties: bool = True, **_: Any) -> Any:
        return check(self, schema, require_properties=require_properties, meta_checked=False)

    return cast("type[KeywordValidator]", type(keyword.__name__, (keyword,), {"__call__": checked}))


def _paths_without_extensions(keyword: type[KeywordValidator]) -> type[KeywordValidator]:
    """openapi-spec-validator's check of `paths`, but for its `x-` entries: it takes them for
    path items, and a string there (valid OpenAPI) ended its walk, skipping every check after."""

    def check(self: Any, paths: SchemaPath) -> Iterator[ValidationError]:
        for url, path_item in paths.items():
            if not (isinstance(url, str) and url.startswith("x-")):
                yield from self.path_validator(url, path_item)

    return cast("type[KeywordValidator]", type(keyword.__name__, (keyword,), {"__call__": check}))


def _located_keyword(keyword: type[KeywordValidator], suffix: Pointer) -> type[KeywordValidator]:
    from jsonschema_path import SchemaPath
    from openapi_spec_validator.validation.keywords import SchemaValidator

    check = cast("Callable[..., Iterator[ValidationError]]", keyword.__call__)

    def located(self: KeywordValidator, *args: Any, **kwargs: Any) -> Iterator[ValidationError]:
        where = next((arg.parts for arg in args if isinstance(arg, SchemaPath)), ())
        for error in check(self, *args, **kwargs):
            if error not in _LOCATED:
                error.path.extendleft(reversed((*where, *suffix)))
                _LOCATED.add(error)
            yield error

    namespace: dict[str, Any] = {"__call__": located}
    if issubclass(keyword, SchemaValidator):
        namespace["_validate_schema_meta"] = _quick_meta_check(keyword)
    return cast("type[KeywordValidator]", type(keyword.__name__, (keyword,), namespace))


def _quick_meta_check(keyword: type[SchemaValidator]) -> Callable[..., Any]:
    from openapi_schema_validator import OAS31_BASE_DIALECT_ID
    from openapi_spec_validator.validation.keywords import OpenAPIV31SchemaValidator

    slow = keyword._validate_schema_meta
    v31 = issubclass(keyword, OpenAPIV31SchemaValidator)

    def validate_schema_meta(self: SchemaValidator, schema: SchemaPath, schema_value: Any) -> Any:
        if v31:
            try:
                dialect = cast(Any, self)._get_schema_dialect_id(schema, schema_value)
            except Exception:
                dialect = None  # the slow check reports (or raises) it
            fast = _meta_validator(True) if dialect == OAS31_BASE_DIALECT_ID else None
        else:
            fast = _meta_validator(False)
        if fast is not None and fast.is_valid(schema_value):
            return None
        return slow(self, schema, schema_value)

    return validate_schema_meta


# --- AsyncAPI ---------------------------------------------------------------------------------


def _asyncapi_errors(doc: Document) -> Iterable[ValidationError]:
    schema = _asyncapi_schema(doc.version)
    scanned = _fast.scan(doc.data)
    fast = _asyncapi_fast_validator(doc.version, schema, scanned)
    if fast is not None and fast.is_valid(doc.data, scanned):
        return []
    return asyncapi_validator(doc.version).iter_errors(doc.data)


def _asyncapi_fast_validator(
    version: str, schema: Any, scanned: _fast.Scan
) -> _fast.FastValidator | None:
    """A jsonschema-rs validator of the AsyncAPI schema pruned to the properties the
    document has (the whole schema takes jsonschema-rs longer to build than python
    jsonschema takes to check most documents)."""
    if not scanned.usable:
        return None
    matched: dict[str, bool] = {}

    def matches(pattern: str) -> bool:
        if pattern not in matched:
            matched[pattern] = any(re.search(pattern, key) for key in scanned.keys)
        return matched[pattern]

    try:
        pruned = _fast.prune(schema, scanned.keys, matches)
    except re.error:  # python jsonschema tells what happens then
        return None
    return _fast.build(pruned, jsonschema_rs.Draft7Validator)


def schema_dir() -> Path:
    return Path(os.environ.get(SCHEMA_DIR_ENV, _DEFAULT_SCHEMA_DIR))


@cache
def _asyncapi_schema(version: str) -> Any:
    path = schema_dir() / f"{version}.json"
    if not path.is_file():
        raise SchemaNotInstalled(
            f"the AsyncAPI {version} JSON Schema is not installed ({path} is missing); "
            "run `npm ci --prefix generator/schemas` or set "
            f"{SCHEMA_DIR_ENV} to the schemas folder of the npm package @asyncapi/specs"
        )
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def asyncapi_validator(version: str) -> Draft7Validator:
    from jsonschema import Draft7Validator
    from referencing.jsonschema import DRAFT7

    return cast(Draft7Validator, _indexed(Draft7Validator, _asyncapi_schema(version), DRAFT7))


# --- errors to problems -----------------------------------------------------------------------


def leaf_errors(errors: Iterable[ValidationError]) -> Iterator[ValidationError]:
    """The most specific cause of each error: oneOf/anyOf failures explain themselves poorly."""
    for error in errors:
        while error.context:
            from jsonschema.exceptions import best_match

            deeper = best_match(_past_references(error.context))
            if deeper is None:
                break
            error = deeper
        yield error


def located(error: ValidationError) -> list[tuple[Pointer, str]]:
    """Where `error` is, in the value checked, with what it says: a property `false` refuses
    as an additional or unevaluated one is reported at its own key, one problem each
    (jsonschema reports them together, at the object holding them)."""
    path = tuple(error.absolute_path)
    keys = _refused_keys(error)
    if not keys:
        return [(path, error.message)]
    return [((*path, key), _refused_message(error, key)) for key in keys]


def _refused_message(error: ValidationError, key: str) -> str:
    """jsonschema's message for `error`, had it refused `key` alone."""
    if error.validator == "unevaluatedProperties":
        return f"Unevaluated properties are not allowed ({key!r} was unexpected)"
    patterns = error.schema.get("patternProperties") if isinstance(error.schema, dict) else None
    if patterns:
        listed = ", ".join(repr(pattern) for pattern in sorted(patterns))
        return f"{key!r} does not match any of the regexes: {listed}"
    return f"Additional properties are not allowed ({key!r} was unexpected)"


# jsonschema's message for the properties an `unevaluatedProperties: false` refuses.
_UNEVALUATED = re.compile(
    r"Unevaluated properties are not allowed \((?P<keys>.*) (?:was|were) unexpected\)", re.DOTALL
)


def _refused_keys(error: ValidationError) -> list[str]:
    """The keys of the object an `additionalProperties` or `unevaluatedProperties` of
    `false` refuses, in the object's order; none for any other error."""
    instance, schema = error.instance, error.schema
    if error.validator_value is not False or not isinstance(instance, dict):
        return []
    if error.validator == "additionalProperties" and isinstance(schema, dict):
        declared = schema.get("properties") or {}
        patterns = "|".join(schema.get("patternProperties") or {})  # as jsonschema joins them
        return [
            k for k in instance if k not in declared and not (patterns and re.search(patterns, k))
        ]
    match = _UNEVALUATED.fullmatch(error.message)
    if error.validator != "unevaluatedProperties" or match is None:
        return []
    listed = ast.literal_eval(f"[{match['keys']}]")  # jsonschema writes each key's repr
    return [key for key in instance if key in listed]


def _past_references(context: list[ValidationError]) -> list[ValidationError]:
    """The errors of the branches of a oneOf/anyOf but the one of a Reference Object: a value
    without `$ref` is meant as the other branch ('$ref' is a required property said nothing);
    and but those of a branch of another type than the value's, where another is left."""
    references = {
        error.relative_schema_path[0]
        for error in context
        if error.validator == "required"
        and error.validator_value == ["$ref"]
        and len(error.relative_schema_path) == 2
    }
    rest = [error for error in context if error.relative_schema_path[0] not in references]
    # Nor one whose type the value is not (draft 7's `items`: a schema, or a list of them).
    typed = {
        error.relative_schema_path[0]
        for error in rest
        if error.validator == "type" and len(error.relative_schema_path) == 2
    }
    meant = [error for error in rest if error.relative_schema_path[0] not in typed]
    return meant or rest or context


def _to_problems(
    doc: Document, errors: Iterable[ValidationError], specs: SpecSet | None
) -> list[Problem]:
    problems: dict[tuple[Any, ...], Problem] = {}
    for error in leaf_errors(errors):
        for path, message in located(error):
            where, pointer = _written_at(specs, doc, path)
            key = (where.path, pointer, message)
            problems.setdefault(key, where.problem(pointer, _short(message)))
    return list(problems.values())


def _written_at(specs: SpecSet | None, doc: Document, pointer: Pointer) -> tuple[Document, Pointer]:
    """Where the value at `pointer` is written: openapi-spec-validator follows `$ref`s, so
    its paths run through them (a schema's error under the operation using it)."""
    if specs is None:
        return doc, pointer
    here, node = doc, doc.data
    at: Pointer = ()
    for index, part in enumerate(pointer):
        for _ in range(64):  # a cycle of $refs is reported by the $ref check
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                break
            if part in node:
                break
            try:
                here, at, node = specs.resolve(here, node["$ref"])
            except (KeyError, ValueError, TypeError):
                return doc, pointer
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:  # not written (a required property missing): where its container is
            return here, (*at, *pointer[index:])
        at = (*at, part)
    return here, at


def _short(message: str, limit: int = 200) -> str:
    return message if len(message) <= limit else message[: limit - 3] + "..."
