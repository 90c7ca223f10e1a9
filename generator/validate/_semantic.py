"""A quick walk telling when openapi-spec-validator's semantic checks would find nothing.

After the OpenAPI JSON Schema, openapi-spec-validator (0.9) checks: tag names are unique;
for every path item and operation, the parameters (a schema each, unique by name and `in`),
the operationIds (unique), the path template against the path parameters, the media types
of the responses; and `components.schemas`. Each schema it reaches (`$ref`s followed) must
pass its dialect's meta-schema when reached from one of those places, name in `required` only
properties it or its allOf define, and have a `default` its schema accepts.

Its walk is slow (a jsonschema-path lookup per step, a python meta-schema validator per
schema). This one follows the same steps, in the same order, on the plain data, and answers
`True` only when that walk would report nothing. Anything it does not follow exactly
(anchors, `$id`s, another schema dialect, a cycle, an unexpected shape, an exception) and
anything that would be reported answers `False`: the caller then runs openapi-spec-validator,
which reports what there is in its own words.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, TypeAlias
from urllib.parse import unquote, urlsplit

from generator.load import Document, unescape_token
from generator.validate._fast import FastValidator, Scan

# openapi-schema-validator, referencing and jsonschema-path are imported where they are used;
# openapi-spec-validator, whose walk this follows, is not imported at all: it imports
# jsonschema-path, requests..., much slower to import than this walk takes.
if TYPE_CHECKING:
    from jsonschema import FormatChecker
    from jsonschema.protocols import Validator
    from referencing import Resource
    from referencing._core import Resolver

# Where a node comes from: None for the document itself (its `#/...` pointers are followed
# here), else the resolver of the file a `$ref` led to.
_Where: TypeAlias = "Resolver[Any] | None"

# A plain YAML scalar jsonschema-path reads as a float where YAML 1.1 reads a string (a
# superset of its pattern: a string matching it only sends a document to the slow path).
_NUMBER_TO_JSONSCHEMA_PATH = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]+")
_NUMBER_STARTS = frozenset("-+.0123456789")

# openapi-spec-validator 0.9's PathValidator.OPERATIONS.
_OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class _Unsure(Exception):
    """openapi-spec-validator could report something here."""


def clean(
    doc: Document, scanned: Scan, meta: FastValidator | None, loaded: Mapping[str, Any]
) -> bool:
    """Whether openapi-spec-validator's semantic checks of `doc` would report nothing.

    `meta` checks a schema against the document's schema dialect, `scanned` is `doc.data`'s
    scan; the document has passed the OpenAPI JSON Schema. `loaded` holds the data of files
    the load stage parsed, by URI: a `$ref` into one is followed there, without reading it.
    """
    if meta is None or not scanned.usable:
        return False
    try:
        _Walk(doc, scanned, meta, loaded).root()
    except Exception:  # _Unsure, or anything openapi-spec-validator should judge itself
        return False
    return True


class _Walk:
    def __init__(
        self, doc: Document, scanned: Scan, meta: FastValidator, loaded: Mapping[str, Any]
    ) -> None:
        self.data = doc.data
        self.loaded = loaded
        self.uri = doc.path.as_uri()
        self.v31 = doc.openapi31
        self.scanned = scanned
        self.meta = meta
        self.value_validator, self.value_format_checker = _value_validator(self.v31)
        self.base_dialect = _base_dialect()
        self.local_pointers = not scanned.has_id  # else `$id`s can move a pointer's base
        self.resolver: Resolver[Any] | None = None
        self.pointers: dict[str, Any] = {}
        self.dialect: str | None = None
        self.operation_ids: set[str] = set()
        self.meta_checked: set[int] = set()
        self.visited: set[int] = set()

    # --- references ---------------------------------------------------------------------

    def resolve(self, node: Any, where: _Where) -> tuple[Any, _Where]:
        """`node` with `$ref`s followed, as jsonschema-path follows them."""
        hops = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            hops += 1
            if hops > 64:
                raise _Unsure("a long chain of $refs")
            ref: str = node["$ref"]
            if where is None and ref.startswith("#") and self.local_pointers:
                if ref not in self.pointers:
                    self.pointers[ref] = self.pointer(ref[1:])
                node = self.pointers[ref]
            else:
                resolved = (where or self.root_resolver()).lookup(ref)
                node, where = resolved.contents, resolved.resolver
        return node, where

    def pointer(self, fragment: str) -> Any:
        """What `referencing` finds at `fragment` of the document (without `$id`s)."""
        node = self.data
        if not fragment:
            return node
        if not fragment.startswith("/"):
            raise _Unsure("an anchor")
        for segment in unquote(fragment[1:]).split("/"):
            if isinstance(node, list):
                node = node[int(segment)]
            elif isinstance(node, dict):
                node = node[unescape_token(segment)]
            else:
                raise _Unsure("a pointer into a scalar")
        return node

    def root_resolver(self) -> Resolver[Any]:
        """The resolver jsonschema-path builds for the document in openapi-spec-validator."""
        if self.resolver is None:
            from referencing import Registry
            from referencing.jsonschema import DRAFT202012

            # Each lookup from the document starts again from this resolver, whose registry
            # never learns what an earlier lookup retrieved: remember it here, or a shared
            # file is read and parsed again for every `$ref` into it.
            retrieved: dict[str, Resource[Any]] = {}

            def retrieve(uri: str) -> Resource[Any]:
                if uri not in retrieved:
                    # The load stage parsed the file already (as it did the document);
                    # read it again only where jsonschema-path would read it otherwise.
                    if uri in self.loaded and _read_alike(self.loaded[uri]):
                        retrieved[uri] = DRAFT202012.create_resource(self.loaded[uri])
                    else:
                        retrieved[uri] = _retrieve(uri)
                return retrieved[uri]

            registry: Registry[Any] = Registry(retrieve=retrieve)  # type: ignore[call-arg]
            registry = registry.with_resource(self.uri, DRAFT202012.create_resource(self.data))
            self.resolver = registry.resolver(base_uri=self.uri)
        return self.resolver

    def child(self, node: dict[str, Any], key: str, where: _Where) -> tuple[Any, _Where]:
        return self.resolve(node[key], where)

    # --- the walk (openapi_spec_validator.validation.keywords) ---------------------------

    def root(self) -> None:
        data = self.data
        if not isinstance(data, dict) or isinstance(data.get("$ref"), str):
            raise _Unsure("the document is a reference")
        if "tags" in data:
            self.tags(*self.child(data, "tags", None))
        if "paths" in data:
            self.paths(*self.child(data, "paths", None))
        if "components" in data:
            self.components(*self.child(data, "components", None))

    def tags(self, tags: Any, where: _Where) -> None:
        if not isinstance(tags, list):
            raise _Unsure("tags")
        seen: set[str] = set()
        for item in tags:
            tag, tag_where = self.resolve(item, where)
            name, _ = self.child(_mapping(tag), "name", tag_where)
            if not isinstance(name, str) or name in seen:
                raise _Unsure("tag name")
            seen.add(name)

    def paths(self, paths: Any, where: _Where) -> None:
        for url, item in _mapping(paths).items():
            if not (isinstance(url, str) and url.startswith("x-")):  # as `_structure` does
                self.path_item(url, *self.resolve(item, where))

    def path_item(self, url: str, item: Any, where: _Where) -> None:
        item = _mapping(item)
        parameters = None
        if "parameters" in item:
            parameters = self.child(item, "parameters", where)
            self.parameters(*parameters)
        for name, operation in item.items():
            if name in _OPERATIONS:
                self.operation(url, *self.resolve(operation, where), parameters)

    def parameters(self, parameters: Any, where: _Where) -> None:
        seen: set[tuple[str, str]] = set()
        for item in _sequence(parameters):
            parameter, parameter_where = self.resolve(item, where)
            parameter = _mapping(parameter)
            if "schema" in parameter:
                self.schema(*self.child(parameter, "schema", parameter_where))
            key = (parameter["name"], parameter["in"])  # as read: not followed
            if not (isinstance(key[0], str) and isinstance(key[1], str)) or key in seen:
                raise _Unsure("parameter name")
            seen.add(key)

    def operation(
        self, url: str, operation: Any, where: _Where, path_parameters: tuple[Any, _Where] | None
    ) -> None:
        operation = _mapping(operation)
        if "operationId" in operation:
            operation_id, _ = self.child(operation, "operationId", where)
            if not isinstance(operation_id, str) or operation_id in self.operation_ids:
                raise _Unsure("operationId")
            self.operation_ids.add(operation_id)
        if "responses" in operation:
            self.responses(*self.child(operation, "responses", where))
        names = []
        if "parameters" in operation:
            parameters = self.child(operation, "parameters", where)
            self.parameters(*parameters)
            names += self.path_parameter_names(*parameters)
        if path_parameters is not None:
            names += self.path_parameter_names(*path_parameters)
        in_url = {item[1] for item in string.Formatter().parse(url)}
        if set(names) != in_url - {None, ""}:
            raise _Unsure("path parameters")

    def path_parameter_names(self, parameters: Any, where: _Where) -> list[str]:
        names = []
        for item in _sequence(parameters):
            parameter, parameter_where = self.resolve(item, where)
            parameter = _mapping(parameter)
            location, _ = self.child(parameter, "in", parameter_where)
            if not isinstance(location, str):
                raise _Unsure("parameter in")
            if location == "path":
                name, _ = self.child(parameter, "name", parameter_where)
                if not isinstance(name, str):
                    raise _Unsure("parameter name")
                names.append(name)
        return names

    def responses(self, responses: Any, where: _Where) -> None:
        for item in _mapping(responses).values():
            response, response_where = self.resolve(item, where)
            response = _mapping(response)
            if "content" in response:
                content, content_where = self.child(response, "content", response_where)
                for media in _mapping(content).values():
                    media_type, media_where = self.resolve(media, content_where)
                    media_type = _mapping(media_type)
                    if "schema" in media_type:
                        self.schema(*self.child(media_type, "schema", media_where))

    def components(self, components: Any, where: _Where) -> None:
        components = _mapping(components)
        if "schemas" in components:
            schemas, schemas_where = self.child(components, "schemas", where)
            for item in _mapping(schemas).values():
                self.schema(*self.resolve(item, schemas_where))

    def schema(
        self,
        schema: Any,
        where: _Where,
        require_properties: bool = True,
        meta_checked: bool = False,
    ) -> None:
        if not isinstance(schema, (dict, bool)):
            raise _Unsure("a schema that is not an object")
        key = id(schema)
        if not meta_checked and key not in self.meta_checked:
            self.meta_checked.add(key)
            self.check_meta(schema, where)
        if key in self.visited:
            return
        self.visited.add(key)
        if isinstance(schema, bool):
            return
        nested: set[str | int] = set()
        if "allOf" in schema:
            subschemas, sub_where = self.child(schema, "allOf", where)
            for item in _sequence(subschemas):
                subschema, item_where = self.resolve(item, sub_where)
                self.schema(subschema, item_where, False, True)
                nested |= self.collect_properties(subschema, item_where, [])
        for keyword in ("anyOf", "oneOf"):
            if keyword in schema:
                subschemas, sub_where = self.child(schema, keyword, where)
                for item in _sequence(subschemas):
                    self.schema(*self.resolve(item, sub_where), False, True)
        for keyword in ("not", "items"):
            if keyword in schema:
                self.schema(*self.child(schema, keyword, where), False, True)
        if "properties" in schema:
            properties, properties_where = self.child(schema, "properties", where)
            for item in _mapping(properties).values():
                self.schema(*self.resolve(item, properties_where), False, True)
        required: Any = []
        if "required" in schema:
            required = self.child(schema, "required", where)[0] or []
        defined: set[str | int] = set()
        if "properties" in schema:
            defined = _keys(self.child(schema, "properties", where)[0])
        if "allOf" in schema:
            if not (isinstance(required, list) and all(isinstance(r, str) for r in required)):
                raise _Unsure("required")
            if set(required) - defined - nested:
                raise _Unsure("required properties not defined")
        if "default" in schema:
            default, _ = self.child(schema, "default", where)
            nullable = self.child(schema, "nullable", where)[0] if "nullable" in schema else False
            if default is not None or nullable is not True:
                self.check_default(schema, where, default)

    def collect_properties(self, schema: Any, where: _Where, stack: list[int]) -> set[str | int]:
        """SchemaValidator._collect_properties."""
        if not isinstance(schema, dict):
            return set()
        if id(schema) in stack:
            raise _Unsure("a cycle of subschemas")  # endless there
        stack = [*stack, id(schema)]
        found: set[str | int] = set()
        if "properties" in schema:
            found |= _keys(self.child(schema, "properties", where)[0])
        for keyword in ("allOf", "anyOf", "oneOf"):
            if keyword in schema:
                subschemas, sub_where = self.child(schema, keyword, where)
                for item in _sequence(subschemas):
                    found |= self.collect_properties(*self.resolve(item, sub_where), stack)
        for keyword in ("items", "not"):
            if keyword in schema:
                found |= self.collect_properties(*self.child(schema, keyword, where), stack)
        return found

    def check_meta(self, schema: dict[str, Any] | bool, where: _Where) -> None:
        if self.v31:
            if isinstance(schema, dict) and "$schema" in schema:
                dialect = schema["$schema"]
            else:
                dialect = self.default_dialect()
            if dialect != self.base_dialect:
                raise _Unsure("another schema dialect")
        if not self.meta.is_valid(schema, self.scanned if where is None else None):
            raise _Unsure("a schema the meta-schema may reject")

    def default_dialect(self) -> Any:
        if self.dialect is None:
            self.dialect = self.base_dialect
            if "jsonSchemaDialect" in self.data:
                self.dialect, _ = self.child(self.data, "jsonSchemaDialect", None)
        return self.dialect

    def check_default(self, schema: dict[str, Any], where: _Where, default: Any) -> None:
        """openapi-spec-validator's check of a default (it is quick): any error is unsure."""
        validator = self.value_validator(
            schema,
            _resolver=where or self.root_resolver(),
            format_checker=self.value_format_checker,
        )
        if next(iter(validator.iter_errors(default)), None) is not None:
            raise _Unsure("default")


def _value_validator(v31: bool) -> tuple[Callable[..., Validator], FormatChecker]:
    """What openapi-spec-validator 0.9 checks a default with (its OpenAPIV31ValueValidator's
    and OpenAPIV30ValueValidator's `value_validator_cls` and `value_validator_format_checker`)."""
    from openapi_schema_validator import (
        OAS30Validator,
        OAS31Validator,
        oas30_format_checker,
        oas31_format_checker,
    )

    if v31:
        return OAS31Validator, oas31_format_checker
    return OAS30Validator, oas30_format_checker


def _base_dialect() -> str:
    from openapi_schema_validator import OAS31_BASE_DIALECT_ID

    return OAS31_BASE_DIALECT_ID


def _retrieve(uri: str) -> Resource[Any]:
    """What jsonschema-path retrieves for openapi-spec-validator where the document refers to
    a resource outside itself; jsonschema-path (requests...) is imported only then."""
    return _schema_retriever()(uri)


@cache
def _schema_retriever() -> Callable[[str], Resource[Any]]:
    from jsonschema_path.retrievers import SchemaRetriever
    from referencing.jsonschema import DRAFT202012

    return SchemaRetriever(local_handlers(), DRAFT202012)


@cache
def local_handlers() -> Mapping[str, Callable[[str], Any]]:
    """jsonschema-path's handlers of the URIs a document refers to, for local files only:
    any other URI (http..., a file on another host) is refused at once, never fetched (the
    `$ref` check reports it); jsonschema-path falls back to the network for a scheme it has
    no handler for, so every scheme has one."""
    from jsonschema_path.handlers import default_handlers

    read_file = default_handlers["file"]

    def local_file(uri: str) -> Any:
        return read_file(uri) if urlsplit(uri).netloc in ("", "localhost") else _refuse(uri)

    return _EveryScheme(file=local_file)


class _Remote(Exception):
    """A URI outside this machine: botspec reads no resource over the network."""


class _EveryScheme(dict[str, Callable[[str], Any]]):
    """Handlers by scheme, a scheme without one refused."""

    def __contains__(self, scheme: object) -> bool:
        return True

    def __missing__(self, scheme: str) -> Callable[[str], Any]:
        return _refuse


def _refuse(uri: str) -> Any:
    raise _Remote(uri)


def _read_alike(data: Any) -> bool:
    """Whether jsonschema-path, reading the file of `data` for openapi-spec-validator, finds
    the same data: it reads a plain `1e3` as a number, the load stage (as YAML 1.1 does) as a
    string. A string spelled so, quoted or not, answers False."""
    stack = [data]
    pop, push, extend = stack.pop, stack.append, stack.extend
    match, starts = _NUMBER_TO_JSONSCHEMA_PATH.fullmatch, _NUMBER_STARTS
    while stack:
        node = pop()
        kind = type(node)
        if kind is dict:
            for key, value in node.items():
                if key[:1] in starts and match(key):
                    return False
                if type(value) is not str:
                    push(value)
                elif value[:1] in starts and match(value):
                    return False
        elif kind is list:
            extend(node)
        elif kind is str and node[:1] in starts and match(node):
            return False
    return True


def _mapping(node: Any) -> dict[str, Any]:
    if not isinstance(node, dict):
        raise _Unsure("expected an object")
    return node


def _sequence(node: Any) -> list[Any]:
    if not isinstance(node, list):
        raise _Unsure("expected a list")
    return node


def _keys(node: Any) -> set[str | int]:
    """The keys jsonschema-path lists for `node`."""
    if isinstance(node, dict):
        return set(node)
    if isinstance(node, list):
        return set(range(len(node)))
    raise _Unsure("keys of a scalar")
