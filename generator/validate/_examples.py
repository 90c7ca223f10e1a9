"""Every example in a document must validate against the schema it illustrates.

Examples are found where the specification lays a document out (`paths`, `components`,
`channels`...) and wherever a `$ref` leads: what a reference names (a schema, a parameter,
a message...) is walked as that, in whichever file and at whatever place it is written, so a
file of shared parts need not copy a document's layout. Each example is checked once, and
only when every schema walked passes its dialect's meta-schema (`_dialect`) and every part
the document's own check did not see is what it is used as (`_parts`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from generator.load import HTTP_METHODS, Document, SpecSet
from generator.problems import Pointer, Problem
from generator.validate import _dialect, _parts
from generator.validate._refs import Refs
from generator.validate._schemas import SchemaValidators
from generator.validate._structure import leaf_errors

# (pointer of the schema, pointer of the example value), both in the document walked
_Pair = tuple[Pointer, Pointer]
# Walks one kind of part (a schema, a response...): (walk, its document, its value, its pointer)
_Walker = Callable[["_Walk", Document, Any, Pointer], Iterator[_Pair]]

# The keywords of a schema the walk looks at, by what their value holds.
_MAP, _LIST, _ONE, _REF, _EXAMPLE = "map", "list", "one", "ref", "example"
_KEYWORDS = {
    **dict.fromkeys(("properties", "patternProperties", "$defs", "definitions"), _MAP),
    **dict.fromkeys(("allOf", "oneOf", "anyOf", "prefixItems"), _LIST),
    **dict.fromkeys(("items", "additionalProperties", "not", "contains"), _ONE),
    "$ref": _REF,
    "example": _EXAMPLE,
    "examples": _EXAMPLE,
}


def check(root: Document, specs: SpecSet, refs: Refs | None = None) -> list[Problem]:
    """The examples of `root` and of the shared parts it references, in `root`'s dialect;
    when a schema they are checked against is malformed, its problems instead."""
    refs = refs or Refs()
    walk = _Walk(root, specs, refs)
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
    # python jsonschema crashes on a malformed schema rather than report it.
    problems = _dialect.check(root, walk.schemas) + _parts.check(root, walk.parts)
    return problems or walk.check(SchemaValidators(root, specs))


class _Walk:
    """The walk of one root document and of the parts it reaches."""

    def __init__(self, root: Document, specs: SpecSet, refs: Refs) -> None:
        self.root = root
        self.specs = specs
        self.refs = refs
        # Layout entries and reference targets, each with what it is walked as: a `$ref` that
        # takes a part as another kind (a schema as a parameter) walks it again, as that.
        self.walked: set[tuple[Path, Pointer, _Walker]] = set()
        self.followed: set[tuple[Path, str, _Walker]] = set()
        self.pending: list[tuple[Document, str, _Walker]] = []
        self.checked: set[tuple[Path, Pointer]] = set()  # examples
        self.examples: list[tuple[Document, Pointer, Pointer]] = []
        self.schemas: list[tuple[Document, Pointer]] = []  # where each schema walked starts
        # Parts no JSON Schema checked as what they are used as, with that (`_parts`).
        self.parts: list[tuple[Document, Pointer, str]] = []

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
            target, pointer, value = self.refs.resolve(self.specs, doc, ref)
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

    def collect(self, doc: Document, pairs: Iterator[_Pair]) -> None:
        """Walk `pairs`, keeping each example (with its schema) once."""
        for schema_pointer, example_pointer in pairs:
            # The same example twice: a reference named a part inside one walked already.
            if (doc.path, example_pointer) not in self.checked:
                self.checked.add((doc.path, example_pointer))
                self.examples.append((doc, schema_pointer, example_pointer))

    def check(self, validators: SchemaValidators) -> list[Problem]:
        """Problems of the examples collected."""
        import referencing.exceptions

        problems = []
        for doc, schema_pointer, example_pointer in self.examples:
            try:
                example = doc.get(example_pointer)
            except KeyError:
                continue
            if isinstance(example, dict) and "$ref" in example:
                continue  # a reference to a shared example is checked where it is defined
            validator = validators.at(doc, schema_pointer)
            try:
                errors = list(leaf_errors(validator.iter_errors(example)))
            # A pointer through a list by a name, or into a scalar, is a ValueError or a
            # TypeError of referencing's rather than Unresolvable.
            except (referencing.exceptions.Unresolvable, RecursionError, ValueError, TypeError):
                continue  # the dangling or cyclic $ref is reported on its own line
            for error in errors:
                pointer = (*example_pointer, *error.absolute_path)
                problems.append(
                    doc.problem(pointer, f"example does not match its schema: {error.message}")
                )
        return problems


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
                target, _, _ = refs.resolve(specs, doc, ref)
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
        op = item.get(method)
        if isinstance(op, dict):
            where = (*pointer, method)
            yield from _parameters(walk, doc, op.get("parameters"), (*where, "parameters"))
            yield from _request_body(walk, doc, op.get("requestBody"), (*where, "requestBody"))
            for status, response in _mapping(op.get("responses")).items():
                yield from _response(walk, doc, response, (*where, "responses", status))


def _parameters(walk: _Walk, doc: Document, params: Any, pointer: Pointer) -> Iterator[_Pair]:
    if isinstance(params, list):
        for index, param in enumerate(params):
            yield from _parameter(walk, doc, param, (*pointer, index))


def _parameter(walk: _Walk, doc: Document, param: Any, pointer: Pointer) -> Iterator[_Pair]:
    if isinstance(param, dict) and not _referenced(walk, doc, param, _parameter):
        yield from _holder(walk, doc, param, pointer)


def _header(walk: _Walk, doc: Document, header: Any, pointer: Pointer) -> Iterator[_Pair]:
    if isinstance(header, dict) and not _referenced(walk, doc, header, _header):
        yield from _holder(walk, doc, header, pointer)


def _holder(
    walk: _Walk, doc: Document, holder: dict[str, Any], pointer: Pointer
) -> Iterator[_Pair]:
    """A parameter or header: examples against its `schema`, or its single media type."""
    if isinstance(holder.get("schema"), dict):
        yield from _examples_of(holder, pointer, (*pointer, "schema"))
        yield from _schema(walk, doc, holder["schema"], (*pointer, "schema"))
    yield from _content(walk, doc, holder, pointer)


def _request_body(walk: _Walk, doc: Document, body: Any, pointer: Pointer) -> Iterator[_Pair]:
    if isinstance(body, dict) and not _referenced(walk, doc, body, _request_body):
        yield from _content(walk, doc, body, pointer)


def _response(walk: _Walk, doc: Document, response: Any, pointer: Pointer) -> Iterator[_Pair]:
    if not isinstance(response, dict) or _referenced(walk, doc, response, _response):
        return
    yield from _content(walk, doc, response, pointer)
    for name, header in _mapping(response.get("headers")).items():
        yield from _header(walk, doc, header, (*pointer, "headers", name))


def _content(
    walk: _Walk, doc: Document, holder: dict[str, Any], pointer: Pointer
) -> Iterator[_Pair]:
    for media, media_type in _mapping(holder.get("content")).items():
        if isinstance(media_type, dict) and isinstance(media_type.get("schema"), dict):
            where = (*pointer, "content", media)
            yield from _examples_of(media_type, where, (*where, "schema"))
            yield from _schema(walk, doc, media_type["schema"], (*where, "schema"))


def _examples_of(
    holder: dict[str, Any], pointer: Pointer, schema_pointer: Pointer
) -> Iterator[_Pair]:
    """`example` and each `examples.<name>.value` of a parameter, header or media type."""
    if "example" in holder:
        yield schema_pointer, (*pointer, "example")
    for name, example in _mapping(holder.get("examples")).items():
        if isinstance(example, dict) and "value" in example:
            yield schema_pointer, (*pointer, "examples", name, "value")


# --- schemas ----------------------------------------------------------------------------------


def _schema(walk: _Walk, doc: Document, schema: Any, pointer: Pointer) -> Iterator[_Pair]:
    """`example` and `examples[i]` of a schema and of all its subschemas; their `$ref`s are
    followed."""
    walk.schemas.append((doc, pointer))
    if not isinstance(schema, dict):
        return
    # A place is (None, pointer) at the top, else (parent's place, keys): most schemas have no
    # example, so their pointer is never built.
    pending: list[tuple[dict[str, Any], Any]] = [(schema, (None, pointer))]
    while pending:
        schema, place = pending.pop()
        examples = False
        for key, value in schema.items():
            kind = _KEYWORDS.get(key)
            if kind is None:
                continue
            if kind is _MAP:
                if isinstance(value, dict):
                    for name, sub in value.items():
                        if isinstance(sub, dict):
                            pending.append((sub, (place, (key, name))))
            elif kind is _LIST:
                if isinstance(value, list):
                    for index, sub in enumerate(value):
                        if isinstance(sub, dict):
                            pending.append((sub, (place, (key, index))))
            elif kind is _ONE:
                if isinstance(value, dict):
                    pending.append((value, (place, (key,))))
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
    "parameters": _parameter,
    "headers": _header,
    "requestBodies": _request_body,
    "responses": _response,
    "pathItems": _path_item,
}


# --- AsyncAPI ---------------------------------------------------------------------------------


def _asyncapi_document(walk: _Walk, doc: Document, data: Any) -> Iterator[_Pair]:
    if not isinstance(data, dict):
        return
    components = _mapping(data.get("components"))
    for name, schema in _mapping(components.get("schemas")).items():
        yield from _layout_entry(walk, doc, schema, ("components", "schemas", name), _schema)
    for name, message in _mapping(components.get("messages")).items():
        yield from _layout_entry(walk, doc, message, ("components", "messages", name), _message)
    for name, channel in _mapping(components.get("channels")).items():
        yield from _layout_entry(walk, doc, channel, ("components", "channels", name), _channel)
    for name, channel in _mapping(data.get("channels")).items():
        yield from _layout_entry(walk, doc, channel, ("channels", name), _channel)
    for name, operation in _mapping(data.get("operations")).items():  # AsyncAPI 3
        operation = _mapping(operation)
        pointer: Pointer = ("operations", name)
        yield from _channel(walk, doc, operation.get("channel"), (*pointer, "channel"))
        messages = operation.get("messages")
        for index, message in enumerate(messages if isinstance(messages, list) else []):
            yield from _message(walk, doc, message, (*pointer, "messages", index))


def _channel(walk: _Walk, doc: Document, channel: Any, pointer: Pointer) -> Iterator[_Pair]:
    if not isinstance(channel, dict) or _referenced(walk, doc, channel, _channel):
        return
    for name, message in _mapping(channel.get("messages")).items():  # AsyncAPI 3
        yield from _message(walk, doc, message, (*pointer, "messages", name))
    for action in ("publish", "subscribe"):  # AsyncAPI 2
        message = _mapping(channel.get(action)).get("message")
        yield from _message(walk, doc, message, (*pointer, action, "message"))


def _message(walk: _Walk, doc: Document, message: Any, pointer: Pointer) -> Iterator[_Pair]:
    if not isinstance(message, dict) or _referenced(walk, doc, message, _message):
        return
    if isinstance(message.get("oneOf"), list):  # AsyncAPI 2: one of several messages
        for index, one in enumerate(message["oneOf"]):
            yield from _message(walk, doc, one, (*pointer, "oneOf", index))
    schemas: dict[str, Pointer] = {}
    for part in ("payload", "headers"):
        value = message.get(part)
        if isinstance(value, dict):
            where: Pointer = (*pointer, part)
            if "schemaFormat" in value:  # a multi-format schema object (AsyncAPI 3)
                value, where = value.get("schema"), (*where, "schema")
            schemas[part] = where
            yield from _schema(walk, doc, value, where)
    examples = message.get("examples")
    for index, example in enumerate(examples if isinstance(examples, list) else []):
        for part, where in schemas.items():
            if isinstance(example, dict) and part in example:
                yield where, (*pointer, "examples", index, part)


_PART_KINDS: dict[_Walker, str] = {
    _parameter: "parameter",
    _header: "header",
    _request_body: "request body",
    _response: "response",
    _path_item: "path item",
    _message: "message",
    _channel: "channel",
}
