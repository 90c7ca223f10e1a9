"""Builds the events half of the intermediate model from an AsyncAPI 3.0 or 2.6 document.

Every frame shares one envelope whose field names the root `x-frame` declares. A message
whose payload sets a `const` on the type field is a dispatch event, routed by that value;
one with an opcode (`x-opcode`) but no type is a control frame, routed by opcode; one with
neither is a bare body (an HTTP reply, say) and only becomes its payload's model class.

Directions are the client's: AsyncAPI 3.0 operations say `send` / `receive` from the
client's side; AsyncAPI 2.6 documents describe the platform, so what it publishes to
subscribers (`subscribe`) the client receives, and `publish` is what the client sends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.load import Document, SpecSet
from generator.model._constraints import value_expression
from generator.model._names import KEYWORDS, constant_case, model_field_name, pascal_case, unique
from generator.model._schemas import Schemas
from generator.model._types import CloseCode, Event, EventField, EventSet, Webhook, or_none
from generator.problems import Pointer, SpecError
from generator.validate import HTTP_TOKEN

_ROLES = ("opcode", "sequence", "type", "data", "id")
_BASE_ROLES = ("opcode", "sequence", "type", "id")  # the data field's type differs per frame
_ROLE_DOCS = {
    "opcode": "Opcode: which kind of frame this is.",
    "sequence": "Sequence number of the frame, on connections that number them.",
    "type": "Event type of a dispatch frame.",
    "id": "Event id.",
}
_CLOSE_ACTIONS = ("resume", "reidentify", "refresh-token", "fatal")
_V2_DIRECTIONS = {"subscribe": "receive", "publish": "send"}
_CONTEXTS = {"receive": ("response",), "send": ("request",), "both": ("response", "request")}
# Names the events module defines itself; generated classes never take them.
_MODULE_NAMES = frozenset({"Dispatcher", "Event", "EventDecodeError", "Intents", "UnknownEvent"})
_CLASS_KEYS = ("properties", "allOf", "enum", "discriminator")
_SCREAMING_WORD = re.compile(r"[A-Z]{2,}")
_HEADERS = ("signature-header", "timestamp-header")

_Location = tuple[Path, Pointer]


def build_events(doc: Document, specs: SpecSet, schemas: Schemas) -> EventSet:
    """The events of one AsyncAPI document; model classes for their data go into `schemas`."""
    return _EventsBuilder(doc, specs, schemas).build()


@dataclass
class _Message:
    doc: Document
    pointer: Pointer
    channels: list[str] = field(default_factory=list)
    directions: set[str] = field(default_factory=set)

    @property
    def direction(self) -> str:
        if len(self.directions) == 2:
            return "both"
        return next(iter(self.directions), "receive")  # a message no operation names


@dataclass
class _Payload:
    """The object schema of a frame, merged through `$ref` and `allOf`."""

    properties: dict[str, tuple[Document, Pointer]]  # wire name -> where it is defined
    required: set[str]
    closed: bool


class _EventsBuilder:
    def __init__(self, doc: Document, specs: SpecSet, schemas: Schemas) -> None:
        self.doc = doc
        self.specs = specs
        self.schemas = schemas
        self.data: dict[str, Any] = doc.data
        self.frame = self._frame()
        self.roles = {wire: role for role, wire in self.frame.items()}
        self.intents = self._intents()  # spec name -> (Python name, bit)
        self.found: dict[_Location, _Message] = {}
        self.channels: dict[_Location, str] = {}  # where a channel is defined -> its name
        self.declared: dict[str, list[str]] = {}  # base role -> types the payloads declare

    def build(self) -> EventSet:
        messages = list(self._messages().values())
        events = self._named([self._event(message) for message in messages])
        self._check_routing(list(zip(messages, events, strict=True)))
        if all(e.kind == "body" for e in events):
            raise self._error((), "no message is a frame: none has an x-opcode")
        dispatch_opcodes = {e.opcode for e in events if e.kind == "dispatch"}
        # The model classes the field types name, for the events module to import.
        words = {word for e in events for f in e.fields for word in re.findall(r"\w+", f.type)}
        return EventSet(
            title=str((self.data.get("info") or {}).get("title", "")),
            frame=dict(self.frame),
            base_fields=self._base_fields(),
            events=tuple(events),
            intents=tuple(self.intents.values()),
            close_codes=self._close_codes(),
            dispatch_opcode=dispatch_opcodes.pop() if dispatch_opcodes else None,
            models=tuple(sorted(name for name in self.schemas.names if name in words)),
            webhook=self._webhook(),
        )

    # -- document level -------------------------------------------------------

    def _webhook(self) -> Webhook | None:
        spec = self.data.get("x-webhook")
        if not isinstance(spec, dict):
            return None
        pointer: Pointer = ("x-webhook",)
        if spec.get("signature") != "ed25519-secret-seed":
            raise self._error(
                (*pointer, "signature"), "x-webhook signature must be 'ed25519-secret-seed'"
            )
        headers = {key: self._webhook_name(spec, (*pointer, key), HTTP_TOKEN) for key in _HEADERS}
        if len({header.lower() for header in headers.values()}) != len(headers):
            raise self._error(
                (*pointer, _HEADERS[1]),
                "x-webhook names one header for the signature and timestamp",
            )
        validation = spec.get("validation")
        if not isinstance(validation, dict):
            message = "x-webhook validation maps plain-token, event-ts and signature to field names"
            raise self._error((*pointer, "validation") if validation else pointer, message)
        names: dict[str, str] = {}
        for key in ("plain-token", "event-ts", "signature"):
            where = (*pointer, "validation", key)
            names[key] = name = self._webhook_name(validation, where, None)
            if name == names["plain-token"] and key != "plain-token":
                message = f"x-webhook validation names the field {name!r} for plain-token and {key}"
                raise self._error(where, message)
        return Webhook(
            signature_header=headers["signature-header"],
            timestamp_header=headers["timestamp-header"],
            plain_token=names["plain-token"],
            signature=names["signature"],
        )

    def _webhook_name(
        self, spec: dict[str, Any], pointer: Pointer, pattern: re.Pattern[str] | None
    ) -> str:
        """A field or header name of `x-webhook`: a non-empty string, an HTTP token (RFC 9110
        `token`) when `pattern` says so."""
        key = " ".join(str(part) for part in pointer)
        if pointer[-1] not in spec:
            raise self._error(
                pointer[:-1], f"{' '.join(map(str, pointer[:-1]))} needs {pointer[-1]}"
            )
        value = spec[pointer[-1]]
        if not isinstance(value, str) or not value:
            raise self._error(pointer, f"{key} is a name (a non-empty string)")
        if pattern is not None and not pattern.fullmatch(value):
            raise self._error(
                pointer,
                f"{key} {value!r} is not an HTTP header name (letters, digits, !#$%&'*+-.^_`|~)",
            )
        return value

    def _frame(self) -> dict[str, str]:
        frame = self.data.get("x-frame")
        pointer: Pointer = ("x-frame",)
        if not isinstance(frame, dict):
            raise self._error(
                pointer if "x-frame" in self.data else (),
                "an AsyncAPI document needs x-frame (the envelope's field names) to be routed",
            )
        out: dict[str, str] = {}
        for role, wire in frame.items():
            if role.startswith("x-"):
                continue
            if role not in _ROLES:
                raise self._error((*pointer, role), f"unknown x-frame role (known: {_ROLES})")
            if not isinstance(wire, str) or not _plain_name(wire) or _attribute(wire) != wire:
                raise self._error(
                    (*pointer, role),
                    "x-frame field names must be plain Python identifiers, not pydantic's",
                )
            out[role] = wire
        for role in ("opcode", "data"):
            if role not in out:
                raise self._error(pointer, f"x-frame needs the '{role}' field")
        if len(set(out.values())) != len(out):
            raise self._error(pointer, "x-frame names one field for two roles")
        return {role: out[role] for role in _ROLES if role in out}

    def _intents(self) -> dict[str, tuple[str, int]]:
        spec = self.data.get("x-intents") or {}
        pointer: Pointer = ("x-intents",)
        if not isinstance(spec, dict):
            raise self._error(pointer, "x-intents maps intent names to bit numbers")
        out: dict[str, tuple[str, int]] = {}
        taken: set[str] = set()
        for name, bit in spec.items():
            if name.startswith("x-"):
                continue
            if type(bit) is not int or not 0 <= bit < 64:
                raise self._error((*pointer, name), "an intent's value is a bit number, 0 to 63")
            # Members are upper case: a lower-case one could be an attribute IntFlag or int
            # has (`mro`, `name`, `value`, `real`, `bit_length`).
            python = name if _plain_name(name) and name == name.upper() else constant_case(name)
            out[name] = (unique(python, taken), bit)
        return out

    def _close_codes(self) -> tuple[CloseCode, ...]:
        out = []
        for name in self.data.get("channels") or {}:
            doc, pointer, channel = self.specs.follow_at(self.doc, ("channels", name))
            codes = channel.get("x-close-codes") or {}
            for key, spec in codes.items():
                if key.startswith("x-"):
                    continue
                where = (*pointer, "x-close-codes", key)
                if not key.isdigit():
                    raise self._error(where, "x-close-codes keys are close codes (digits)", doc)
                if not isinstance(spec, dict) or spec.get("action") not in _CLOSE_ACTIONS:
                    raise self._error(
                        where, f"a close code's action is one of {_CLOSE_ACTIONS}", doc
                    )
                out.append(
                    CloseCode(int(key), spec["action"], str(spec.get("description", "")), name)
                )
        return tuple(sorted(out, key=lambda c: (c.channel, c.code)))

    # -- messages -------------------------------------------------------------

    def _messages(self) -> dict[_Location, _Message]:
        """Every message, once, in document order, with its channels and directions."""
        for name in self.data.get("channels") or {}:
            doc, pointer, channel = self.specs.follow_at(self.doc, ("channels", name))
            self.channels[(doc.path, pointer)] = name
            for key in channel.get("messages") or {}:  # AsyncAPI 3
                self._note(doc, (*pointer, "messages", key), name, None)
            for action, direction in _V2_DIRECTIONS.items():  # AsyncAPI 2
                operation = channel.get(action)
                if isinstance(operation, dict) and "message" in operation:  # else: no event
                    where = (*pointer, action, "message")
                    alternatives = (operation.get("message") or {}).get("oneOf")
                    for index in range(len(alternatives or [])):
                        self._note(doc, (*where, "oneOf", index), name, direction)
                    if alternatives is None:
                        self._note(doc, where, name, direction)
        for name in self.data.get("operations") or {}:  # AsyncAPI 3
            doc, pointer, operation = self.specs.follow_at(self.doc, ("operations", name))
            action = operation.get("action")
            self._operation(doc, pointer, operation.get("channel"), operation, action)
            reply = operation.get("reply")
            if isinstance(reply, dict):  # what answers a received message is sent, and back
                opposite = "send" if action == "receive" else "receive"
                channel = reply.get("channel") or operation.get("channel")
                self._operation(doc, (*pointer, "reply"), channel, reply, opposite)
        return self.found

    def _note(self, doc: Document, pointer: Pointer, channel: str, direction: str | None) -> None:
        doc, pointer, _ = self.specs.follow_at(doc, pointer)
        message = self.found.setdefault((doc.path, pointer), _Message(doc, pointer))
        if channel not in message.channels:
            message.channels.append(channel)
        if direction:
            message.directions.add(direction)

    def _operation(
        self,
        doc: Document,
        pointer: Pointer,
        channel_ref: Any,
        operation: dict[str, Any],
        direction: str,
    ) -> None:
        """Note the direction of the messages an operation (or its reply) names."""
        ref = channel_ref.get("$ref") if isinstance(channel_ref, dict) else None
        if not isinstance(ref, str):
            raise self._error((*pointer, "channel"), "an operation names its channel by $ref", doc)
        channel_doc, channel_pointer, channel = self._resolve_ref(doc, (*pointer, "channel"), ref)
        name = self.channels.get((channel_doc.path, channel_pointer))
        if name is None:
            raise self._error((*pointer, "channel"), "the channel is not under channels", doc)
        refs = operation.get("messages")
        if refs is None:  # no list: every message of the channel
            for key in channel.get("messages") or {}:
                self._note(channel_doc, (*channel_pointer, "messages", key), name, direction)
            return
        for index in range(len(refs)):
            self._note(doc, (*pointer, "messages", index), name, direction)

    def _event(self, message: _Message) -> Event:
        """One message as an Event; frame classes are named later (`_named`)."""
        doc, pointer, direction = message.doc, message.pointer, message.direction
        spec: dict[str, Any] = doc.get(pointer)
        name = self._message_name(message)
        if "payload" not in spec:
            raise self._error(pointer, "a message needs a payload", doc)
        payload_pointer: Pointer = (*pointer, "payload")
        if isinstance(spec["payload"], dict) and "schemaFormat" in spec["payload"]:
            payload_pointer = (*payload_pointer, "schema")
        intent = self._intent(doc, pointer, spec)
        opcode = self._opcode(doc, pointer, spec, payload_pointer)
        kind, class_name, type_value, closed = "body", "", None, False
        fields: tuple[EventField, ...] = ()
        if opcode is None:
            class_name = self._type(doc, payload_pointer, pascal_case(name), direction)
        else:
            payload = self._payload(doc, payload_pointer)
            type_value = self._type_value(payload)
            kind = "control" if type_value is None else "dispatch"
            stem = pascal_case(name) if type_value is None else _type_stem(type_value)
            fields = self._fields(payload, opcode, type_value, stem, direction)
            closed = direction == "send" and payload.closed
        data = next((f for f in fields if f.name == self.frame["data"]), None)
        return Event(
            name=name,
            class_name=class_name,
            kind=kind,
            type_value=type_value,
            opcode=opcode,
            fields=fields,
            data_type=data.type if data else None,
            summary=str(spec.get("summary") or spec.get("title") or "").strip(),
            description=str(spec.get("description") or "").strip(),
            intent=intent,
            direction=direction,
            channels=tuple(message.channels),
            closed=closed,
            examples=tuple(
                example["payload"]
                for example in spec.get("examples") or []
                if isinstance(example, dict) and "payload" in example
            ),
            role=spec.get("x-role"),
        )

    def _message_name(self, message: _Message) -> str:
        spec = message.doc.get(message.pointer)
        for key in ("name", "messageId"):
            if isinstance(spec.get(key), str) and spec[key]:
                return str(spec[key])
        if len(message.pointer) >= 2 and message.pointer[-2] == "messages":
            return str(message.pointer[-1])
        raise self._error(message.pointer, "a message needs a name", message.doc)

    def _opcode(
        self, doc: Document, pointer: Pointer, spec: dict[str, Any], payload: Pointer
    ) -> int | None:
        """`x-opcode`, else a `const` on the payload's opcode field, else None (a bare body)."""
        if "x-opcode" in spec:
            opcode = spec["x-opcode"]
            if type(opcode) is not int:
                raise self._error((*pointer, "x-opcode"), "x-opcode is an integer", doc)
            return opcode
        if not _is_object(self.specs.follow_at(doc, payload)[2]):
            return None
        location = self._payload(doc, payload).properties.get(self.frame["opcode"])
        const = self.specs.follow_at(*location)[2].get("const") if location else None
        return const if type(const) is int else None

    def _intent(self, doc: Document, pointer: Pointer, spec: dict[str, Any]) -> str | None:
        intent = spec.get("x-intent")
        if intent is None:
            return None
        if intent not in self.intents:
            raise self._error((*pointer, "x-intent"), f"'{intent}' is not in x-intents", doc)
        return self.intents[intent][0]

    def _payload(self, doc: Document, pointer: Pointer) -> _Payload:
        doc, pointer, schema = self.specs.follow_at(doc, pointer)
        if not _is_object(schema):
            raise self._error(pointer, "a frame's payload must be an object schema", doc)
        for key in ("oneOf", "anyOf"):
            if key in schema:
                raise self._error(
                    (*pointer, key),
                    f"'{key}' in a frame's payload is outside botspec's supported subset "
                    "(one message per frame shape)",
                    doc,
                )
        merged = _Payload({}, set(), schema.get("additionalProperties") is False)
        for index in range(len(schema.get("allOf") or [])):
            part = self._payload(doc, (*pointer, "allOf", index))
            merged.properties.update(part.properties)
            merged.required |= part.required
        for name in schema.get("properties") or {}:
            merged.properties[name] = (doc, (*pointer, "properties", name))
        merged.required |= set(schema.get("required") or [])
        return merged

    def _type_value(self, payload: _Payload) -> str | None:
        location = payload.properties.get(self.frame.get("type", ""))
        if location is None:
            return None
        doc, pointer, schema = self.specs.follow_at(*location)
        value = schema.get("const") if isinstance(schema, dict) else None
        if value is not None and not isinstance(value, str):
            raise self._error((*pointer, "const"), "an event type is a string", doc)
        return value

    def _fields(
        self, payload: _Payload, opcode: int, type_value: str | None, stem: str, direction: str
    ) -> tuple[EventField, ...]:
        """The fields a frame's class declares: opcode and type as literals with defaults,
        the data field and any other payload property, and the base frame fields the payload
        makes required (narrowed from the base class's optional ones)."""
        out = [self._literal("opcode", opcode, payload)]
        # Frame fields keep their wire names; the others get distinct Python names
        # (`a-b`, `a.b` -> `a_b`, `a_b2`; `OP` beside the opcode `op` -> `op2`).
        taken = set(self.frame.values())
        if type_value is not None:
            out.append(self._literal("type", type_value, payload))
        for wire, (doc, pointer) in payload.properties.items():
            role = self.roles.get(wire)
            if role in ("opcode", "type"):
                continue  # the literals above
            hint = stem + ("Data" if role == "data" else pascal_case(wire))
            python_type = self._field_type(doc, pointer, hint, direction)
            required = wire in payload.required
            if role in ("sequence", "id"):
                self.declared.setdefault(role, []).append(python_type)
                if not required:
                    continue  # inherited from the base class
            out.append(
                EventField(
                    name=wire,
                    python_name=wire if role else unique(_attribute(wire), taken),
                    type=python_type if required else value_expression(or_none(python_type)),
                    description=self._description(doc, pointer),
                    default=None if required else "None",
                )
            )
        return tuple(out)

    def _literal(self, role: str, value: int | str, payload: _Payload) -> EventField:
        wire = self.frame[role]
        location = payload.properties.get(wire)
        description = self._description(*location) if location else ""
        return EventField(wire, wire, f"Literal[{value!r}]", description, repr(value))

    def _base_fields(self) -> tuple[EventField, ...]:
        """Fields every frame has; their types are what the payloads declare for them."""
        out = []
        for role in _BASE_ROLES:
            if role not in self.frame:
                continue
            wire = self.frame[role]
            if role == "opcode":
                out.append(EventField(wire, wire, "int", _ROLE_DOCS[role]))
                continue
            # A string on dispatch frames (control frames may have it as null); the others
            # take whatever types the payloads declare for them.
            declared = ["str"] if role == "type" else self.declared.get(role, ["Any"])
            parts = dict.fromkeys(part for t in declared for part in t.split(" | "))
            python_type = or_none(" | ".join(parts))
            # Replays are told by comparing sequence numbers: a converted one would skip or
            # repeat events.
            strict = role == "sequence" and "Any" not in parts
            out.append(EventField(wire, wire, python_type, _ROLE_DOCS[role], "None", strict))
        return tuple(out)

    def _field_type(self, doc: Document, pointer: Pointer, hint: str, direction: str) -> str:
        """The runtime type of a frame's field. Received, a union of models becomes a root
        model and the enums it holds take values the spec does not list (`answer_types`); a
        field both sent and received opens an enum it is."""
        if direction == "receive":
            plain, runtime = self.schemas.answer_types(doc, pointer, hint)
            return runtime or plain
        python_type = self._type(doc, pointer, hint, direction)
        opened = self.schemas.open_enum(python_type) if direction == "both" else None
        return opened or python_type

    def _type(self, doc: Document, pointer: Pointer, hint: str, direction: str) -> str:
        """The Python type of a schema, registering model classes for the contexts the
        message is used in (a class both sent and received stays open)."""
        raw = doc.get(pointer)
        inline_class = isinstance(raw, dict) and "$ref" not in raw
        inline_class = inline_class and any(key in raw for key in _CLASS_KEYS)
        python_type = ""
        for context in _CONTEXTS[direction]:
            if inline_class:
                python_type = self.schemas.class_for(doc, pointer, hint, context)
            else:
                python_type = self.schemas.python_type(doc, pointer, hint, context)
        return python_type

    def _description(self, doc: Document, pointer: Pointer) -> str:
        raw = doc.get(pointer)
        if isinstance(raw, dict) and raw.get("description"):
            return str(raw["description"])
        schema = self.specs.follow_at(doc, pointer)[2]
        return str(schema.get("description", "")) if isinstance(schema, dict) else ""

    # -- naming and routing ---------------------------------------------------

    def _named(self, events: list[Event]) -> list[Event]:
        """Frame class names, once every model class is named: never a model's or the
        module's own."""
        taken = set(self.schemas.names) | _MODULE_NAMES
        out = []
        for event in events:
            if event.kind == "dispatch":
                stem = _type_stem(event.type_value or "")
                event = replace(event, class_name=unique(stem + "Event", taken))
            elif event.kind == "control":
                stem = pascal_case(event.name).removesuffix("Frame")
                event = replace(event, class_name=unique(stem + "Frame", taken))
            out.append(event)
        return out

    def _check_routing(self, pairs: list[tuple[_Message, Event]]) -> None:
        """Every frame must have exactly one class `parse_event` can pick."""
        seen: dict[tuple[str, object], Event] = {}
        dispatch = {e.opcode for _, e in pairs if e.kind == "dispatch"}
        for message, event in pairs:
            if event.kind == "dispatch":
                key: tuple[str, object] = ("dispatch", event.type_value)
                what = f"event type '{event.type_value}'"
            elif event.kind == "control":
                key = ("send" if event.direction == "send" else "receive", event.opcode)
                what = f"opcode {event.opcode}"
                if event.opcode in dispatch:
                    raise self._error(
                        message.pointer,
                        f"message '{event.name}' has the dispatch opcode {event.opcode} "
                        f"but no const on its '{self.frame.get('type', 'type')}' field",
                        message.doc,
                    )
            else:
                continue
            if key in seen:
                raise self._error(
                    message.pointer,
                    f"messages '{seen[key].name}' and '{event.name}' share {what}",
                    message.doc,
                )
            seen[key] = event
        if len(dispatch) > 1:
            raise self._error(("x-frame",), f"dispatch events use several opcodes: {dispatch}")

    # -- helpers --------------------------------------------------------------

    def _resolve_ref(
        self, doc: Document, pointer: Pointer, ref: str
    ) -> tuple[Document, Pointer, Any]:
        try:
            return self.specs.resolve(doc, ref)
        except KeyError:
            raise self._error((*pointer, "$ref"), f"$ref '{ref}' does not resolve", doc) from None

    def _error(self, pointer: Pointer, message: str, doc: Document | None = None) -> SpecError:
        return SpecError([(doc or self.doc).problem(pointer, message)])


def _plain_name(name: str) -> bool:
    """Usable as is as an attribute or enum member name."""
    return name.isidentifier() and name.isascii() and name[0] != "_" and name not in KEYWORDS


def _attribute(wire: str) -> str:
    """The attribute of a frame field: never a BaseModel attribute or in pydantic's
    protected `model_` namespace (`model_dump_` would still start with `model_dump`)."""
    return model_field_name(wire)


def _type_stem(value: str) -> str:
    """Class name stem for an event type: `FRIEND_ADD` -> `FriendAdd`, `C2C_MSG_REJECT` ->
    `C2CMsgReject` (single letters between digits are an abbreviation and stay upper case),
    `message.created` -> `MessageCreated`."""
    if value.isascii() and value == value.upper():
        words = re.split(r"[^0-9A-Z]+", value)
        value = "".join(_SCREAMING_WORD.sub(lambda m: m.group().capitalize(), w) for w in words)
    return pascal_case(value)


def _is_object(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("type", "object") in ("object", ["object"])
