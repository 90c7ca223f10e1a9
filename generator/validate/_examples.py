"""Every example in a document must validate against the schema it illustrates."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.load import HTTP_METHODS, Document, SpecSet
from generator.problems import Pointer, Problem
from generator.validate._refs import Refs
from generator.validate._schemas import SchemaValidators
from generator.validate._structure import leaf_errors

# (pointer of the schema, pointer of the example value)
_Pair = tuple[Pointer, Pointer]

_SUBSCHEMA_KEYS = ("properties", "patternProperties", "$defs", "definitions")
_SUBSCHEMA_LISTS = ("allOf", "oneOf", "anyOf", "prefixItems")
_SUBSCHEMA_SINGLE = ("items", "additionalProperties", "not", "contains")


def check(root: Document, specs: SpecSet, refs: Refs | None = None) -> list[Problem]:
    """The examples of `root` and of the shared parts it references, in `root`'s dialect."""
    validators = SchemaValidators(root, specs)
    problems = []
    for doc in _with_shared_parts(root, specs, refs or Refs()):
        pairs = _openapi_pairs(doc) if root.kind == "openapi" else _asyncapi_pairs(doc)
        problems += _check_pairs(doc, pairs, validators)
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
                target, _, _ = specs.resolve(doc, ref)
            except (KeyError, ValueError, TypeError):
                continue  # reported by the $ref check
            if target.path not in found and target.kind is None and isinstance(target.data, dict):
                found[target.path] = target
                pending.append(target)
    return list(found.values())


def _check_pairs(
    doc: Document, pairs: Iterator[_Pair], validators: SchemaValidators
) -> list[Problem]:
    import referencing.exceptions

    problems = []
    for schema_pointer, example_pointer in pairs:
        try:
            example = doc.get(example_pointer)
        except KeyError:
            continue
        if isinstance(example, dict) and "$ref" in example:
            continue  # a reference to a shared example is checked where it is defined
        validator = validators.at(doc, schema_pointer)
        try:
            errors = list(leaf_errors(validator.iter_errors(example)))
        except (referencing.exceptions.Unresolvable, RecursionError):
            continue  # the dangling or cyclic $ref is reported on its own line
        for error in errors:
            pointer = (*example_pointer, *error.absolute_path)
            problems.append(
                doc.problem(pointer, f"example does not match its schema: {error.message}")
            )
    return problems


def _examples_of(holder: Any, pointer: Pointer, schema_pointer: Pointer) -> Iterator[_Pair]:
    """`example` and each `examples.<name>.value` of a parameter, header or media type."""
    if "example" in holder:
        yield schema_pointer, (*pointer, "example")
    examples = holder.get("examples")
    if isinstance(examples, dict):
        for name, example in examples.items():
            if isinstance(example, dict) and "value" in example:
                yield schema_pointer, (*pointer, "examples", name, "value")


def _openapi_pairs(doc: Document) -> Iterator[_Pair]:
    data = doc.data
    for path, item in (data.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        yield from _parameters(item.get("parameters"), ("paths", path, "parameters"))
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                yield from _operation(op, ("paths", path, method))
    components = data.get("components") or {}
    for name in components.get("parameters") or {}:
        holder = components["parameters"][name]
        yield from _holder(holder, ("components", "parameters", name))
    for name, body in (components.get("requestBodies") or {}).items():
        yield from _content(body, ("components", "requestBodies", name))
    for name, response in (components.get("responses") or {}).items():
        yield from _response(response, ("components", "responses", name))
    for name, header in (components.get("headers") or {}).items():
        yield from _holder(header, ("components", "headers", name))
    for name, schema in (components.get("schemas") or {}).items():
        yield from _schema_examples(schema, ("components", "schemas", name))


def _operation(op: dict[str, Any], pointer: Pointer) -> Iterator[_Pair]:
    yield from _parameters(op.get("parameters"), (*pointer, "parameters"))
    if isinstance(op.get("requestBody"), dict):
        yield from _content(op["requestBody"], (*pointer, "requestBody"))
    for status, response in (op.get("responses") or {}).items():
        yield from _response(response, (*pointer, "responses", status))


def _parameters(params: Any, pointer: Pointer) -> Iterator[_Pair]:
    if not isinstance(params, list):
        return
    for index, param in enumerate(params):
        yield from _holder(param, (*pointer, index))


def _holder(holder: Any, pointer: Pointer) -> Iterator[_Pair]:
    """A parameter or header: examples against its `schema`, or its single media type."""
    if not isinstance(holder, dict) or "$ref" in holder:
        return
    if isinstance(holder.get("schema"), dict):
        yield from _examples_of(holder, pointer, (*pointer, "schema"))
    yield from _content(holder, pointer)


def _response(response: Any, pointer: Pointer) -> Iterator[_Pair]:
    if not isinstance(response, dict) or "$ref" in response:
        return
    yield from _content(response, pointer)
    for name, header in (response.get("headers") or {}).items():
        yield from _holder(header, (*pointer, "headers", name))


def _content(holder: Any, pointer: Pointer) -> Iterator[_Pair]:
    if not isinstance(holder, dict):
        return
    for media, media_type in (holder.get("content") or {}).items():
        if isinstance(media_type, dict) and isinstance(media_type.get("schema"), dict):
            where = (*pointer, "content", media)
            yield from _examples_of(media_type, where, (*where, "schema"))


def _schema_examples(schema: Any, pointer: Pointer) -> Iterator[_Pair]:
    """`example` and `examples[i]` of a schema and of all its subschemas."""
    # Depth first, as a recursion would go (places: see _pointer_of).
    pending: list[Iterator[tuple[Any, Any]]] = [iter([(schema, (None, pointer))])]
    while pending:
        item = next(pending[-1], None)
        if item is None:
            pending.pop()
            continue
        schema, place = item
        if not isinstance(schema, dict):
            continue
        has_examples = isinstance(schema.get("examples"), list)
        if "example" in schema or has_examples:
            pointer = _pointer_of(place)
            if "example" in schema:
                yield pointer, (*pointer, "example")
            if has_examples:
                for index in range(len(schema["examples"])):
                    yield pointer, (*pointer, "examples", index)
        pending.append(_subschemas(schema, place))


def _subschemas(schema: dict[str, Any], place: Any) -> Iterator[tuple[Any, Any]]:
    for key in _SUBSCHEMA_KEYS:
        for name, sub in (schema.get(key) or {}).items():
            yield sub, (place, (key, name))
    for key in _SUBSCHEMA_LISTS:
        for index, sub in enumerate(schema.get(key) or []):
            yield sub, (place, (key, index))
    for key in _SUBSCHEMA_SINGLE:
        yield schema.get(key), (place, (key,))


def _pointer_of(place: Any) -> Pointer:
    """The pointer of a place: (None, pointer) at the top, else (parent's place, keys)."""
    parts: list[Pointer] = []
    while place[0] is not None:
        place, keys = place
        parts.append(keys)
    parts.append(place[1])
    return tuple(part for keys in reversed(parts) for part in keys)


def _asyncapi_pairs(doc: Document) -> Iterator[_Pair]:
    data = doc.data
    messages: list[tuple[Pointer, Any]] = []
    for name, message in ((data.get("components") or {}).get("messages") or {}).items():
        messages.append((("components", "messages", name), message))
    for channel, item in (data.get("channels") or {}).items():
        if not isinstance(item, dict):
            continue
        for name, message in (item.get("messages") or {}).items():  # AsyncAPI 3
            messages.append((("channels", channel, "messages", name), message))
        for action in ("publish", "subscribe"):  # AsyncAPI 2
            message = (item.get(action) or {}).get("message")
            if isinstance(message, dict):
                messages.append((("channels", channel, action, "message"), message))
    for name, schema in ((data.get("components") or {}).get("schemas") or {}).items():
        yield from _schema_examples(schema, ("components", "schemas", name))
    for pointer, message in messages:
        yield from _message(message, pointer)


def _message(message: Any, pointer: Pointer) -> Iterator[_Pair]:
    if not isinstance(message, dict) or "$ref" in message:
        return
    for index, example in enumerate(message.get("examples") or []):
        for part in ("payload", "headers"):
            if isinstance(example, dict) and part in example and part in message:
                schema_pointer: Pointer = (*pointer, part)
                if isinstance(message[part], dict) and "schemaFormat" in message[part]:
                    schema_pointer = (*schema_pointer, "schema")
                yield schema_pointer, (*pointer, "examples", index, part)
