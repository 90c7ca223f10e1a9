"""Every example in a document must validate against the schema it illustrates.

Examples are found where the specification lays a document out (`paths`, `components`,
`channels`...) and wherever a `$ref` leads: what a reference names (a schema, a parameter,
a message...) is walked as that, in whichever file and at whatever place it is written, so a
file of shared parts need not copy a document's layout. Each example is checked once (an
Example Object under `components.examples`: once for each schema that references it), and
only when every schema walked passes its dialect's meta-schema (`_dialect`) and every part
the document's own check did not see is what it is used as (`_parts`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from generator.load import HTTP_METHODS, BrokenRef, Document, SpecSet
from generator.problems import Pointer, Problem, format_pointer
from generator.validate import _dialect, _discriminators, _keywords, _parts, _required
from generator.validate._refs import Refs
from generator.validate._schemas import SchemaValidators
from generator.validate._structure import leaf_errors, located

# (pointer of the schema, pointer of the example value), both in the document walked
_Pair = tuple[Pointer, Pointer]
# An example checked against a schema found elsewhere (a referenced Example Object, a message
# trait's headers): (document of the schema, its pointer, document of the example, its pointer)
_Elsewhere = tuple[Document, Pointer, Document, Pointer]
# Walks one kind of part (a schema, a response...): (walk, its document, its value, its pointer)
_Walker = Callable[["_Walk", Document, Any, Pointer], Iterator[_Pair]]

# The keywords of a schema the walk looks at, by what their value holds, in each dialect (as
# JSON Schema 2020-12 and draft 7 list their subschemas; `$defs` is walked in draft 7 too, as
# it always was). `items` may hold a list in draft 7: a _ONE keyword's list is walked.
_MAP, _LIST, _ONE, _REF, _EXAMPLE = "map", "list", "one", "ref", "example"
_COMMON = {
    **dict.fromkeys(("properties", "patternProperties", "$defs", "definitions"), _MAP),
    **dict.fromkeys(("allOf", "oneOf", "anyOf"), _LIST),
    **dict.fromkeys(("items", "additionalProperties", "not", "contains", "propertyNames"), _ONE),
    **dict.fromkeys(("if", "then", "else"), _ONE),
    "$ref": _REF,
    "example": _EXAMPLE,
    "examples": _EXAMPLE,
}
_DRAFT7 = {**_COMMON, "dependencies": _MAP, "additionalItems": _ONE}
_DRAFT202012 = {
    **_COMMON,
    "dependentSchemas": _MAP,
    "prefixItems": _LIST,
    **dict.fromkeys(("unevaluatedProperties", "unevaluatedItems", "contentSchema"), _ONE),
}
_IN_PLACE = _required.IN_PLACE
# The schema formats of AsyncAPI whose schemas are JSON Schema draft 7 (the others, Avro,
# RAML..., are not checked).
_DRAFT7_FORMATS = (
    "application/schema+json;version=draft-07",
    "application/schema+yaml;version=draft-07",
)
_ASYNCAPI_FORMAT = "application/vnd.aai.asyncapi"
# The fields of AsyncAPI protocol bindings that hold a schema, by what the bindings belong to
# (as the binding JSON Schemas of @asyncapi/specs have them).
_BINDING_SCHEMAS: dict[str, dict[str, tuple[str, ...]]] = {
    "server": {"mqtt": ("maximumPacketSize", "sessionExpiryInterval")},
    "channel": {"ws": ("headers", "query")},
    "operation": {
        "http": ("query",),
        "kafka": ("clientId", "groupId"),
        "mqtt": ("messageExpiryInterval",),
    },
    "message": {
        "anypointmq": ("headers",),
        "http": ("headers",),
        "jms": ("headers",),
        "kafka": ("key",),
        "mqtt": ("correlationData", "responseTopic"),
    },
}
# Hops of `$ref` to `$ref` followed to an Example Object before giving up (a cycle is
# reported by the $ref check).


def check(root: Document, specs: SpecSet, refs: Refs | None = None) -> list[Problem]:
    """The examples of `root` and of the shared parts it references, in `root`'s dialect;
    when a schema they are checked against, or a part, is malformed, its problems instead."""
    refs = refs or Refs()
    walk = _Walk(root, specs)
    layout = _openapi_document if root.kind == "openapi" else _asyncapi_document
    for doc in _with_shared_parts(root, specs, refs):
        walk.collect(doc, layout(walk, doc, doc.data))
    # Only now: a reference to a part the layouts walked is not followed.
    while walk.pending:
        doc, ref, walker = walk.pending.pop()
        target = walk.target(doc, ref, walker)
        if target is not None:
            doc, pointer, value = target
            walk.part(doc, pointer, value, walker)
            walk.collect(doc, walker(walk, doc, value, pointer))
    problems = _dialect.check(root, walk.schemas)
    malformed = {(problem.file, problem.pointer) for problem in problems}
    # A part's schema fails as the part too: said once.
    problems += [p for p in _parts.check(root, walk.parts) if (p.file, p.pointer) not in malformed]
    # python jsonschema crashes on a malformed schema rather than report it: with one reported,
    # an example it gives up on is left unchecked.
    walk.tolerant = bool(problems)
    validators = SchemaValidators(root, specs)
    if root.kind == "openapi" and not problems:  # the unions' tags, on well-formed schemas
        problems += _discriminators.check(walk.schemas, specs, validators)
    problems += [
        _keywords.problem(doc, _pointer_of(place), key) for doc, place, key in walk.unknown
    ]
    problems += _required.check(
        specs, [(doc, schema, _pointer_of(place)) for doc, schema, place in walk.requiring]
    )
    return problems + walk.check(validators) + walk.check_elsewhere(validators)


class _Walk:
    """The walk of one root document and of the parts it reaches."""

    def __init__(self, root: Document, specs: SpecSet) -> None:
        self.root = root
        self.specs = specs
        self.keywords = (
            _DRAFT202012 if root.openapi31 else _DRAFT7
        )  # as SchemaValidators reads them
        # Layout entries and reference targets, each with what it is walked as: a `$ref` that
        # takes a part as another kind (a schema as a parameter) walks it again, as that.
        self.walked: set[tuple[Path, Pointer, _Walker]] = set()
        self.followed: set[tuple[Path, str, _Walker]] = set()
        self.pending: list[tuple[Document, str, _Walker]] = []
        self.checked: set[tuple[Path, Pointer]] = set()  # examples
        self.elsewhere: dict[tuple[Path, Pointer, Path, Pointer], _Elsewhere] = {}
        self.examples: list[tuple[Document, Pointer, Pointer]] = []
        self.schemas: list[tuple[Document, Pointer]] = []  # where each schema walked starts
        # Parts no JSON Schema checked as what they are used as, with that (`_parts`).
        self.parts: list[tuple[Document, Pointer, str]] = []
        self.tolerant = False  # whether an example whose check raises is left unchecked
        # The keys of schemas no keyword of their dialect (`_keywords`): 3.1's only, where
        # JSON Schema ignores them (3.0's Schema Object refuses them); (document, place, key).
        self.base_dialect = _dialect.oas31_base() if root.openapi31 else None
        if root.data.get("jsonSchemaDialect", self.base_dialect) != self.base_dialect:
            self.base_dialect = None
        self.unknown: list[tuple[Document, Any, str]] = []
        # The schemas whose `required` entries must name their properties (`_required`).
        self.requiring: list[tuple[Document, dict[str, Any], Any]] = []

    def enter(self, doc: Document, pointer: Pointer, walker: _Walker) -> bool:
        """Whether the part at `pointer` is still to walk with `walker`; from now on it is not."""
        key = (doc.path, pointer, walker)
        if key in self.walked:
            return False
        self.walked.add(key)
        return True

    def follow(self, doc: Document, ref: str, walker: _Walker) -> None:
        """Walk what `ref`, written in `doc`, leads to with `walker`, later."""
        key = (doc.path, ref, walker)
        if key not in self.followed:
            self.followed.add(key)
            self.pending.append((doc, ref, walker))

    def target(
        self, doc: Document, ref: str, walker: _Walker
    ) -> tuple[Document, Pointer, Any] | None:
        """Where `ref` leads, unless that is walked with `walker` already or is no part of this
        root."""
        # Most references name a component the layout walked: known without resolving.
        plain = ref.startswith("#/") and "~" not in ref and "%" not in ref
        if plain and (doc.path, tuple(ref[2:].split("/")), walker) in self.walked:
            return None
        try:
            target, pointer, value = self.specs.resolve(doc, ref)
        except (KeyError, ValueError, TypeError):
            return None  # reported by the $ref check
        if target.kind is not None and target.path != self.root.path:
            return None  # another root document: checked on its own
        return (target, pointer, value) if self.enter(target, pointer, walker) else None

    def part(self, doc: Document, pointer: Pointer, value: Any, walker: _Walker) -> None:
        """Note the part at `pointer`, reached by a `$ref` or in a file of shared parts, to
        check as what `walker` walks (a reference is checked where it leads)."""
        kind = _PART_KINDS.get(walker)
        if kind is not None and not (isinstance(value, dict) and "$ref" in value):
            self.parts.append((doc, pointer, kind))

    def dereference(
        self, doc: Document, value: Any, pointer: Pointer
    ) -> tuple[Document, Pointer, Any] | None:
        """`value` with its chain of `$ref`s followed; None where one leads nowhere."""
        try:
            return self.specs.follow(doc, pointer, value)
        except BrokenRef:
            return None  # reported by the $ref check

    def check_against(
        self, schema_doc: Document, schema_pointer: Pointer, doc: Document, pointer: Pointer
    ) -> None:
        """Check the example at `pointer` of `doc` against a schema written elsewhere, later."""
        # A schema that only names another is that one: one check, one problem, for the users
        # of an example that name the same schema.
        schema = schema_doc.get(schema_pointer)
        if isinstance(schema, dict) and len(schema) == 1:
            found = self.dereference(schema_doc, schema, schema_pointer)
            if found is not None:
                schema_doc, schema_pointer, _ = found
        key = (schema_doc.path, schema_pointer, doc.path, pointer)
        self.elsewhere.setdefault(key, (schema_doc, schema_pointer, doc, pointer))

    def keyword_unknown(self, doc: Document, schema: dict[str, Any], place: Any, key: str) -> None:
        """Note `key`, no keyword, of `schema` at `place` (see _schema), unless the schema
        declares another dialect or is none (a map of schemas)."""
        if schema.get("$schema", self.base_dialect) != self.base_dialect:
            return
        if not _keywords.map_of_schemas(schema):
            self.unknown.append((doc, place, key))

    def collect(self, doc: Document, pairs: Iterator[_Pair]) -> None:
        """Walk `pairs`, keeping each example (with its schema) once."""
        for schema_pointer, example_pointer in pairs:
            # The same example twice: a reference named a part inside one walked already.
            if (doc.path, example_pointer) not in self.checked:
                self.checked.add((doc.path, example_pointer))
                self.examples.append((doc, schema_pointer, example_pointer))

    def check(self, validators: SchemaValidators) -> list[Problem]:
        """Problems of the examples collected."""
        problems = []
        for doc, schema_pointer, example_pointer in self.examples:
            problems += _problems(
                validators, (doc, schema_pointer), doc, example_pointer, "its schema", self.tolerant
            )
        return problems

    def check_elsewhere(self, validators: SchemaValidators) -> list[Problem]:
        """The examples checked against a schema written elsewhere, which the message names."""
        problems = []
        for schema_doc, schema_pointer, doc, example_pointer in self.elsewhere.values():
            where = format_pointer(schema_pointer)
            if schema_doc.path != doc.path:
                where = f"{schema_doc.name}:{schema_doc.line_of(schema_pointer)} {where}"
            schema = (schema_doc, schema_pointer)
            named = f"its schema at {where}"
            problems += _problems(validators, schema, doc, example_pointer, named, self.tolerant)
        return problems


def _problems(
    validators: SchemaValidators,
    schema: tuple[Document, Pointer],
    doc: Document,
    example_pointer: Pointer,
    named: str,
    tolerant: bool = False,
) -> list[Problem]:
    """What is wrong with the example at `example_pointer` of `doc` against `schema`, which
    the messages call `named`; `tolerant`: nothing, where python jsonschema raises (a
    malformed schema, reported on its own)."""
    try:
        example = doc.get(example_pointer)
    except KeyError:
        return []
    if isinstance(example, dict) and isinstance(example.get("$ref"), str):
        return []  # a reference to a shared example is checked where it is defined
    try:
        errors = list(leaf_errors(validators.at(*schema).iter_errors(example)))
    except _unchecked():
        return []  # the dangling or cyclic $ref is reported on its own line
    except _unusable() as exc:  # the schema checks can miss it (shared AsyncAPI parts)
        return [doc.problem(example_pointer, f"example cannot be checked: {_unusable_reason(exc)}")]
    except Exception:
        if not tolerant:
            raise
        return []
    return [
        doc.problem((*example_pointer, *at), f"example does not match {named}: {message}")
        for error in errors
        for at, message in located(error)
    ]


@cache
def _unusable() -> tuple[type[Exception], ...]:
    """What validating against a schema raises when the schema is wrong."""
    from jsonschema.exceptions import UnknownType

    return UnknownType, re.error


def _unusable_reason(exc: Exception) -> str:
    if isinstance(exc, re.error):
        return f"its schema's pattern {exc.pattern!r} is not a regular expression ({exc.msg})"
    return f"its schema has an unknown type {getattr(exc, 'type', '')!r}"


@cache
def _unchecked() -> tuple[type[Exception], ...]:
    """The errors of a schema that leave its examples unchecked (referencing is imported on
    first use)."""
    import referencing.exceptions

    # A pointer through a list by a name, or into a scalar, is a ValueError or a TypeError of
    # referencing's rather than Unresolvable.
    return referencing.exceptions.Unresolvable, RecursionError, ValueError, TypeError


def _with_shared_parts(root: Document, specs: SpecSet, refs: Refs) -> list[Document]:
    """`root` and every file of shared parts (no `openapi`/`asyncapi` key) it reaches by `$ref`."""
    found = {root.path: root}
    pending = [root]
    while pending:
        doc = pending.pop()
        for ref in refs.strings(doc):
            if ref.startswith("#"):
                continue
            try:
                target, _, _ = specs.resolve(doc, ref)
            except (KeyError, ValueError, TypeError):
                continue  # reported by the $ref check
            if target.path not in found and target.kind is None and isinstance(target.data, dict):
                found[target.path] = target
                pending.append(target)
    return list(found.values())


def _mapping(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _layout_entry(
    walk: _Walk, doc: Document, value: Any, pointer: Pointer, walker: _Walker
) -> Iterator[_Pair]:
    walk.enter(doc, pointer, walker)
    if doc.kind is None:  # a file of shared parts: no JSON Schema has seen it
        walk.part(doc, pointer, value, walker)
    return walker(walk, doc, value, pointer)


def _referenced(walk: _Walk, doc: Document, value: dict[str, Any], walker: _Walker) -> bool:
    """Whether `value` is a reference (then followed with `walker`)."""
    ref = value.get("$ref")
    if isinstance(ref, str):
        walk.follow(doc, ref, walker)
        return True
    return False


# --- OpenAPI ----------------------------------------------------------------------------------

_COMPONENTS: dict[str, _Walker]  # set below the walkers it names


def _openapi_document(walk: _Walk, doc: Document, data: Any) -> Iterator[_Pair]:
    if not isinstance(data, dict):
        return
    for key in ("paths", "webhooks"):
        for name, item in _mapping(data.get(key)).items():
            yield from _layout_entry(walk, doc, item, (key, name), _path_item)
    components = _mapping(data.get("components"))
    for kind, walker in _COMPONENTS.items():
        for name, value in _mapping(components.get(kind)).items():
            yield from _layout_entry(walk, doc, value, ("components", kind, name), walker)


def _path_item(walk: _Walk, doc: Document, item: Any, pointer: Pointer) -> Iterator[_Pair]:
    if not isinstance(item, dict) or _referenced(walk, doc, item, _path_item):
        return
    yield from _parameters(walk, doc, item.get("parameters"), (*pointer, "parameters"))
    for method in HTTP_METHODS:
        if isinstance(item.get(method), dict):
            yield from _operation(walk, doc, item[method], (*pointer, method))


def _operation(walk: _Walk, doc: Document, op: dict[str, Any], pointer: Pointer) -> Iterator[_Pair]:
    yield from _parameters(walk, doc, op.get("parameters"), (*pointer, "parameters"))
    yield from _request_body(walk, doc, op.get("requestBody"), (*pointer, "requestBody"))
    for status, response in _mapping(op.get("responses")).items():
        yield from _response(walk, doc, response, (*pointer, "responses", status))
    for name, callback in _mapping(op.get("callbacks")).items():
        yield from _callback(walk, doc, callback, (*pointer, "callbacks", name))


def _callback(walk: _Walk, doc: Document, callback: Any, pointer: Pointer) -> Iterator[_Pair]:
    """A map of expressions to path items."""
    if not isinstance(callback, dict) or _referenced(walk, doc, callback, _callback):
        return
    for expression, item in callback.items():
        if not str(expression).startswith("x-"):
            yield from _path_item(walk, doc, item, (*pointer, expression))


def _parameters(walk: _Walk, doc: Document, params: Any, pointer: Pointer) -> Iterator[_Pair]:
    if isinstance(params, list):
        for index, param in enumerate(params):
            yield from _openapi_parameter(walk, doc, param, (*pointer, index))


def _openapi_parameter(walk: _Walk, doc: Document, param: Any, pointer: Pointer) -> Iterator[_Pair]:
    if isinstance(param, dict) and not _referenced(walk, doc, param, _openapi_parameter):
        yield from _holder(walk, doc, param, pointer)


def _header(walk: _Walk, doc: Document, header: Any, pointer: Pointer) -> Iterator[_Pair]:
    if isinstance(header, dict) and not _referenced(walk, doc, header, _header):
        yield from _holder(walk, doc, header, pointer)


def _holder(
    walk: _Walk, doc: Document, holder: dict[str, Any], pointer: Pointer
) -> Iterator[_Pair]:
    """A parameter or header: examples against its `schema`, or its single media type."""
    if isinstance(holder.get("schema"), dict):
        yield from _examples_of(walk, doc, holder, pointer, (*pointer, "schema"))
        yield from _schema(walk, doc, holder["schema"], (*pointer, "schema"))
    yield from _content(walk, doc, holder, pointer)


def _request_body(walk: _Walk, doc: Document, body: Any, pointer: Pointer) -> Iterator[_Pair]:
    if isinstance(body, dict) and not _referenced(walk, doc, body, _request_body):
        yield from _content(walk, doc, body, pointer)


def _response(walk: _Walk, doc: Document, response: Any, pointer: Pointer) -> Iterator[_Pair]:
    if not isinstance(response, dict) or _referenced(walk, doc, response, _response):
        return
    yield from _content(walk, doc, response, pointer)
    yield from _headers(walk, doc, response, pointer)


def _headers(walk: _Walk, doc: Document, holder: Any, pointer: Pointer) -> Iterator[_Pair]:
    """The `headers` of a response or of an encoding."""
    for name, header in _mapping(_mapping(holder).get("headers")).items():
        yield from _header(walk, doc, header, (*pointer, "headers", name))


def _content(
    walk: _Walk, doc: Document, holder: dict[str, Any], pointer: Pointer
) -> Iterator[_Pair]:
    for media, media_type in _mapping(holder.get("content")).items():
        if not isinstance(media_type, dict):
            continue
        where = (*pointer, "content", media)
        if isinstance(media_type.get("schema"), dict):
            yield from _examples_of(walk, doc, media_type, where, (*where, "schema"))
            yield from _schema(walk, doc, media_type["schema"], (*where, "schema"))
        for name, encoding in _mapping(media_type.get("encoding")).items():
            yield from _headers(walk, doc, encoding, (*where, "encoding", name))


def _examples_of(
    walk: _Walk, doc: Document, holder: dict[str, Any], pointer: Pointer, schema_pointer: Pointer
) -> Iterator[_Pair]:
    """`example` and each `examples.<name>.value` of a parameter, header or media type; a
    referenced Example Object is checked against this schema wherever it is written (an
    `externalValue` is not fetched)."""
    if "example" in holder:
        yield schema_pointer, (*pointer, "example")
    for name, example in _mapping(holder.get("examples")).items():
        if isinstance(example, dict) and "value" in example:
            yield schema_pointer, (*pointer, "examples", name, "value")
        elif isinstance(example, dict) and "$ref" in example:
            found = walk.dereference(doc, example, (*pointer, "examples", name))
            if found is not None and isinstance(found[2], dict) and "value" in found[2]:
                walk.check_against(doc, schema_pointer, found[0], (*found[1], "value"))


# --- schemas ----------------------------------------------------------------------------------


def _schema(walk: _Walk, doc: Document, schema: Any, pointer: Pointer) -> Iterator[_Pair]:
    """`example` and `examples[i]` of a schema and of all its subschemas; their `$ref`s are
    followed."""
    walk.schemas.append((doc, pointer))
    if not isinstance(schema, dict):
        return
    keywords = walk.keywords
    # A place is (None, pointer) at the top, else (parent's place, keys): most schemas have no
    # example, so their pointer is never built.
    pending: list[tuple[dict[str, Any], Any]] = [(schema, (None, pointer))]
    while pending:
        schema, place = pending.pop()
        examples = False
        if _required.checked_here(schema) and (place[0] is None or place[1][0] not in _IN_PLACE):
            walk.requiring.append((doc, schema, place))
        for key, value in schema.items():
            kind = keywords.get(key)
            if kind is None:
                if not _keywords.known(key) and walk.base_dialect is not None:
                    walk.keyword_unknown(doc, schema, place, key)
                continue
            if kind is _MAP:
                if isinstance(value, dict):
                    for name, sub in value.items():
                        if isinstance(sub, dict):
                            pending.append((sub, (place, (key, name))))
            elif kind is _ONE and isinstance(value, dict):
                pending.append((value, (place, (key,))))
            elif kind is _LIST or kind is _ONE:
                if isinstance(value, list):
                    for index, sub in enumerate(value):
                        if isinstance(sub, dict):
                            pending.append((sub, (place, (key, index))))
            elif kind is _REF:
                if isinstance(value, str):
                    walk.follow(doc, value, _schema)
            else:
                examples = True
        if examples:
            at = _pointer_of(place)
            if "example" in schema:
                yield at, (*at, "example")
            if isinstance(schema.get("examples"), list):
                for index in range(len(schema["examples"])):
                    yield at, (*at, "examples", index)


def _pointer_of(place: Any) -> Pointer:
    """The pointer of a place (see _schema)."""
    parts: list[Pointer] = []
    while place[0] is not None:
        place, keys = place
        parts.append(keys)
    parts.append(place[1])
    return tuple(part for keys in reversed(parts) for part in keys)


_COMPONENTS = {
    "schemas": _schema,
    "parameters": _openapi_parameter,
    "headers": _header,
    "requestBodies": _request_body,
    "responses": _response,
    "pathItems": _path_item,
    "callbacks": _callback,
}


# --- AsyncAPI ---------------------------------------------------------------------------------

_ASYNCAPI_COMPONENTS: dict[str, _Walker]  # set below the walkers it names


def _asyncapi_document(walk: _Walk, doc: Document, data: Any) -> Iterator[_Pair]:
    if not isinstance(data, dict):
        return
    # Every component, referenced or not: its examples are in the file the maintainer edits.
    components = _mapping(data.get("components"))
    for kind, walker in _ASYNCAPI_COMPONENTS.items():
        for name, value in _mapping(components.get(kind)).items():
            yield from _layout_entry(walk, doc, value, ("components", kind, name), walker)
    for key, walker in (("servers", _server), ("channels", _channel), ("operations", _operation3)):
        for name, value in _mapping(data.get(key)).items():
            yield from _layout_entry(walk, doc, value, (key, name), walker)


def _any_schema(walk: _Walk, doc: Document, schema: Any, pointer: Pointer) -> Iterator[_Pair]:
    """A schema, or an AsyncAPI 3 multi-format schema object (walked when its format is
    JSON Schema)."""
    found = _json_schema(schema, pointer)
    # Entered as a schema too: a `$ref` to it (followed with `_schema`) finds it walked.
    if found is not None and walk.enter(doc, found[1], _schema):
        yield from _schema(walk, doc, *found)


def _json_schema(schema: Any, pointer: Pointer) -> tuple[Any, Pointer] | None:
    """The JSON Schema draft 7 in `schema` and its pointer: `schema` itself, or the `schema`
    of a multi-format schema object of such a format; None for another format."""
    if not isinstance(schema, dict) or "schemaFormat" not in schema:
        return schema, pointer
    if _draft7_format(schema["schemaFormat"]):
        return schema.get("schema"), (*pointer, "schema")
    return None


def _draft7_format(schema_format: Any) -> bool:
    """Whether schemas of `schema_format` (an AsyncAPI schemaFormat) are JSON Schema draft 7."""
    if schema_format is None or schema_format in _DRAFT7_FORMATS:
        return True
    return isinstance(schema_format, str) and schema_format.partition(";")[0] in (
        _ASYNCAPI_FORMAT,
        _ASYNCAPI_FORMAT + "+json",
        _ASYNCAPI_FORMAT + "+yaml",
    )


def _server(walk: _Walk, doc: Document, server: Any, pointer: Pointer) -> Iterator[_Pair]:
    if not isinstance(server, dict) or _referenced(walk, doc, server, _server):
        return
    for name, variable in _mapping(server.get("variables")).items():
        yield from _enumerated(walk, doc, variable, (*pointer, "variables", name))
    yield from _server_bindings(walk, doc, server.get("bindings"), (*pointer, "bindings"))


def _enumerated(walk: _Walk, doc: Document, value: Any, pointer: Pointer) -> Iterator[_Pair]:
    """A server variable or an AsyncAPI 3 parameter: its `examples` must be among its `enum`.
    Read as a JSON Schema, the object says just that (its other fields are annotations)."""
    if not isinstance(value, dict) or _referenced(walk, doc, value, _enumerated):
        return
    if isinstance(value.get("enum"), list) and isinstance(value.get("examples"), list):
        for index in range(len(value["examples"])):
            yield pointer, (*pointer, "examples", index)


def _parameter(walk: _Walk, doc: Document, parameter: Any, pointer: Pointer) -> Iterator[_Pair]:
    """A channel parameter: a schema in AsyncAPI 2, an enum in AsyncAPI 3."""
    if not isinstance(parameter, dict) or _referenced(walk, doc, parameter, _parameter):
        return
    if "schema" in parameter:
        yield from _schema(walk, doc, parameter["schema"], (*pointer, "schema"))
    else:
        yield from _enumerated(walk, doc, parameter, pointer)


def _channel(walk: _Walk, doc: Document, channel: Any, pointer: Pointer) -> Iterator[_Pair]:
    if not isinstance(channel, dict) or _referenced(walk, doc, channel, _channel):
        return
    for name, parameter in _mapping(channel.get("parameters")).items():
        yield from _parameter(walk, doc, parameter, (*pointer, "parameters", name))
    for name, message in _mapping(channel.get("messages")).items():  # AsyncAPI 3
        yield from _message(walk, doc, message, (*pointer, "messages", name))
    for action in ("publish", "subscribe"):  # AsyncAPI 2
        if isinstance(channel.get(action), dict):
            operation = channel[action]
            yield from _message(walk, doc, operation.get("message"), (*pointer, action, "message"))
            yield from _operation_trait(walk, doc, operation, (*pointer, action))
    yield from _channel_bindings(walk, doc, channel.get("bindings"), (*pointer, "bindings"))


def _operation3(walk: _Walk, doc: Document, operation: Any, pointer: Pointer) -> Iterator[_Pair]:
    """An AsyncAPI 3 operation, or an operation's reply: its channel and its messages."""
    if not isinstance(operation, dict) or _referenced(walk, doc, operation, _operation3):
        return
    yield from _operation_trait(walk, doc, operation, pointer)
    yield from _channel(walk, doc, operation.get("channel"), (*pointer, "channel"))
    messages = operation.get("messages")
    for index, message in enumerate(messages if isinstance(messages, list) else []):
        yield from _message(walk, doc, message, (*pointer, "messages", index))
    if "reply" in operation:
        yield from _operation3(walk, doc, operation["reply"], (*pointer, "reply"))


def _message(walk: _Walk, doc: Document, message: Any, pointer: Pointer) -> Iterator[_Pair]:
    if not isinstance(message, dict) or _referenced(walk, doc, message, _message):
        return
    if isinstance(message.get("oneOf"), list):  # AsyncAPI 2: one of several messages
        for index, one in enumerate(message["oneOf"]):
            yield from _message(walk, doc, one, (*pointer, "oneOf", index))
    schemas: dict[str, tuple[Document, Pointer]] = {}
    for part in ("payload", "headers"):
        found = _json_schema(message.get(part), (*pointer, part))
        if part == "payload" and not _draft7_format(message.get("schemaFormat")):
            found = None  # AsyncAPI 2: the message's schemaFormat is its payload's
        if found is not None and isinstance(found[0], dict):
            yield from _schema(walk, doc, *found)
            target = _schema_of_examples(walk, doc, *found)
            if target is not None:
                schemas[part] = target
    traits = message.get("traits")
    for index, trait in enumerate(traits if isinstance(traits, list) else []):
        yield from _message_trait(walk, doc, trait, (*pointer, "traits", index))
    yield from _message_bindings(walk, doc, message.get("bindings"), (*pointer, "bindings"))
    trait_headers = _trait_headers(walk, doc, message, pointer)
    if trait_headers:
        # Merged from several places, the headers are no schema written anywhere: unchecked.
        schemas.pop("headers", None)
        if len(trait_headers) == 1 and "headers" not in message:
            _headers_from_trait(walk, doc, message, pointer, trait_headers[0])
    if "examples" not in message and "payload" in schemas:
        _payloads_from_trait(walk, doc, message, pointer, schemas["payload"])
    yield from _message_examples(walk, doc, message, pointer, schemas)


def _schema_of_examples(
    walk: _Walk, doc: Document, schema: dict[str, Any], pointer: Pointer
) -> tuple[Document, Pointer] | None:
    """Where the schema of a message part is: `schema` itself, or, when it only names a
    multi-format schema object, that object's schema (None: of another format)."""
    if set(schema) != {"$ref"}:
        return doc, pointer
    target = walk.dereference(doc, schema, pointer)
    if target is None or not isinstance(target[2], dict) or "schemaFormat" not in target[2]:
        return doc, pointer  # a dangling $ref is reported by the $ref check
    found = _json_schema(target[2], target[1])
    return None if found is None else (target[0], found[1])


def _message_examples(
    walk: _Walk,
    doc: Document,
    message: dict[str, Any],
    pointer: Pointer,
    schemas: dict[str, tuple[Document, Pointer]],
) -> Iterator[_Pair]:
    examples = message.get("examples")
    for index, example in enumerate(examples if isinstance(examples, list) else []):
        for part, (schema_doc, where) in schemas.items():
            if isinstance(example, dict) and part in example:
                example_pointer = (*pointer, "examples", index, part)
                if schema_doc.path == doc.path:
                    yield where, example_pointer
                else:
                    walk.check_against(schema_doc, where, doc, example_pointer)


def _message_trait(walk: _Walk, doc: Document, trait: Any, pointer: Pointer) -> Iterator[_Pair]:
    """A message trait: its headers, and its examples' headers against them."""
    if not isinstance(trait, dict) or _referenced(walk, doc, trait, _message_trait):
        return
    yield from _message_bindings(walk, doc, trait.get("bindings"), (*pointer, "bindings"))
    found = _json_schema(trait.get("headers"), (*pointer, "headers"))
    if found is not None and isinstance(found[0], dict):
        yield from _schema(walk, doc, *found)
        yield from _message_examples(walk, doc, trait, pointer, {"headers": (doc, found[1])})


def _trait_headers(
    walk: _Walk, doc: Document, message: dict[str, Any], pointer: Pointer
) -> list[tuple[Document, tuple[Any, Pointer] | None]]:
    """The headers of the message's traits that have some: their document, and their schema
    and its pointer (None: of another format)."""
    traits = message.get("traits")
    sources: list[tuple[Document, tuple[Any, Pointer] | None]] = []
    for index, trait in enumerate(traits if isinstance(traits, list) else []):
        found = walk.dereference(doc, trait, (*pointer, "traits", index))
        if found is not None and isinstance(_mapping(found[2]).get("headers"), dict):
            sources.append((found[0], _json_schema(found[2]["headers"], (*found[1], "headers"))))
    return sources


def _headers_from_trait(
    walk: _Walk,
    doc: Document,
    message: dict[str, Any],
    pointer: Pointer,
    source: tuple[Document, tuple[Any, Pointer] | None],
) -> None:
    """A message's examples' headers against the headers of its one trait that has them."""
    trait_doc, headers = source
    examples = message.get("examples")
    if headers is None:
        return  # another schema format
    for index, example in enumerate(examples if isinstance(examples, list) else []):
        if isinstance(example, dict) and "headers" in example:
            where = (*pointer, "examples", index, "headers")
            walk.check_against(trait_doc, headers[1], doc, where)


def _payloads_from_trait(
    walk: _Walk,
    doc: Document,
    message: dict[str, Any],
    pointer: Pointer,
    payload: tuple[Document, Pointer],
) -> None:
    """A message without examples of its own has its last trait's (traits merge so): their
    payloads against the message's payload."""
    traits = message.get("traits")
    traits = traits if isinstance(traits, list) else []
    for index in reversed(range(len(traits))):
        found = walk.dereference(doc, traits[index], (*pointer, "traits", index))
        if found is None or not isinstance(_mapping(found[2]).get("examples"), list):
            continue
        trait_doc, trait_pointer, trait = found
        for number, example in enumerate(trait["examples"]):
            if isinstance(example, dict) and "payload" in example:
                where = (*trait_pointer, "examples", number, "payload")
                walk.check_against(*payload, trait_doc, where)
        return


def _operation_trait(walk: _Walk, doc: Document, trait: Any, pointer: Pointer) -> Iterator[_Pair]:
    """An operation trait, or what an operation has of one: its bindings and its traits'."""
    if not isinstance(trait, dict) or _referenced(walk, doc, trait, _operation_trait):
        return
    yield from _operation_bindings(walk, doc, trait.get("bindings"), (*pointer, "bindings"))
    traits = trait.get("traits")
    for index, each in enumerate(traits if isinstance(traits, list) else []):
        yield from _operation_trait(walk, doc, each, (*pointer, "traits", index))


def _bindings_walker(kind: str) -> _Walker:
    """The walker of the bindings of a server, channel, operation or message: the schemas some
    protocols' bindings hold."""
    fields = _BINDING_SCHEMAS[kind]

    def bindings(walk: _Walk, doc: Document, value: Any, pointer: Pointer) -> Iterator[_Pair]:
        if not isinstance(value, dict) or _referenced(walk, doc, value, bindings):
            return
        for protocol, names in fields.items():
            binding = _mapping(value.get(protocol))
            for name in names:
                if isinstance(binding.get(name), dict):
                    yield from _schema(walk, doc, binding[name], (*pointer, protocol, name))

    return bindings


_server_bindings = _bindings_walker("server")
_channel_bindings = _bindings_walker("channel")
_operation_bindings = _bindings_walker("operation")
_message_bindings = _bindings_walker("message")


_ASYNCAPI_COMPONENTS = {
    "schemas": _any_schema,
    "messages": _message,
    "messageTraits": _message_trait,
    "channels": _channel,
    "parameters": _parameter,
    "operations": _operation3,
    "replies": _operation3,
    "servers": _server,
    "serverVariables": _enumerated,
    "operationTraits": _operation_trait,
    "serverBindings": _server_bindings,
    "channelBindings": _channel_bindings,
    "operationBindings": _operation_bindings,
    "messageBindings": _message_bindings,
}


_PART_KINDS: dict[_Walker, str] = {
    _openapi_parameter: "parameter",
    _header: "header",
    _request_body: "request body",
    _response: "response",
    _path_item: "path item",
    _message: "message",
    _channel: "channel",
}
