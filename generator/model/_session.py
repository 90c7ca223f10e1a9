"""The gateway session (`x-session`) and webhook (`x-webhook`) of an AsyncAPI document:
the frames they play and the wire fields they read, each checked where the spec names it.
Entry point: `with_session_and_webhook`."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from generator.load import Document
from generator.model._schemas import Schemas
from generator.model._types import (
    EventSet,
    Resource,
    Session,
    StartLimit,
    Webhook,
)
from generator.problems import SpecError

# The frames (x-role) the gateway session and the webhook app play, and the frame fields the
# session reads: without them their modules cannot be written.
_SESSION_ROLES = (
    *("hello", "identify", "ready", "resume", "heartbeat", "heartbeat-ack", "reconnect"),
    "invalid-session",
)
_WEBHOOK_ROLES = ("validation", "ack")


def with_session_and_webhook(
    doc: Document, resources: tuple[Resource, ...], events: EventSet, schemas: Schemas
) -> EventSet:
    """`events` with the session and webhook its document declares (None where it does not)."""
    _check_roles(doc, events)
    return replace(
        events,
        session=_session(doc, resources, events, schemas),
        webhook=_webhook(doc, events, schemas),
    )


_SESSION_KEYS = {
    "identify": (("token", "intents"), ("shard", "properties")),  # required, optional
    "resume": (("token", "session-id", "sequence"), ()),
}
_NUMBER = frozenset({"int", "float"})


class _Fields:
    """Looks up the fields `x-session` and `x-webhook` name: a wire name, checked to be a
    non-empty string, becomes the Python attribute of that field in the model class it is
    read from (`class` -> `class_2` beside a `class_`, as the class names it); anything else
    is a SpecError located at the name."""

    def __init__(self, doc: Document, schemas: Schemas) -> None:
        self.doc = doc
        self.schemas = schemas

    def error(self, pointer: tuple[str, ...], message: str) -> SpecError:
        return SpecError([self.doc.problem(pointer, message)])

    def wire(self, pointer: tuple[str, ...]) -> str:
        """The field name at `pointer`: a non-empty string."""
        try:
            value = self.doc.get(pointer)
        except KeyError:
            parent = pointer[:-1]
            raise self.error(parent, f"{' '.join(parent)} needs {pointer[-1]}") from None
        if not isinstance(value, str) or not value:
            raise self.error(pointer, f"{' '.join(pointer)} is a field name (a non-empty string)")
        return value

    def by_wire_name(self, model: str) -> dict[str, tuple[str, str, bool, str]]:
        """The fields of class `model` (`Schemas.fields_of`) by wire name; none for a name
        that is no model class."""
        if model not in self.schemas.names:
            return {}
        return {f[0]: f for f in self.schemas.fields_of(model)}

    def attribute(
        self, pointer: tuple[str, ...], model: str, what: str, types: frozenset[str]
    ) -> str:
        """The Python attribute of the required field `pointer` names in class `model` (of
        one of `types`; any model class when `types` is empty)."""
        wire = self.wire(pointer)
        key = " ".join(pointer)
        fields = self.by_wire_name(model)
        if wire not in fields:
            raise self.error(pointer, f"{key}: {what} has no {wire!r} field")
        _, python_type, required, _ = fields[wire]
        if not required:
            raise self.error(pointer, f"{key}: the {wire!r} field of {what} must be required")
        wanted = types or frozenset(self.schemas.names)
        if python_type not in wanted:
            kinds = " or ".join(sorted(types)) if types else "an object"
            raise self.error(pointer, f"{key}: the {wire!r} field of {what} must be {kinds}")
        return self.schemas.field_names(model)[wire]

    def frame_data(self, pointer: tuple[str, ...], events: EventSet, role: str) -> tuple[str, str]:
        """(Python attribute, model class) of the data field of the frame playing `role`."""
        frame = events.role(role)
        wire = events.frame["data"]
        data = next((f for f in frame.fields if f.name == wire), None)
        if data is None or data.type not in self.schemas.names:
            message = f"{' '.join(pointer[:1])} needs the {role} frame's required '{wire}' field "
            raise self.error(pointer[:1], message + "to be an object")
        return data.python_name, data.type

    def wire_names(self, pointer: tuple[str, ...], model: str, what: str) -> dict[str, str]:
        """A mapping of roles to distinct wire names of fields of class `model`: `_SESSION_KEYS`'
        required roles, its optional ones when given, and no other."""
        spec = self.doc.data["x-session"].get(pointer[-1])
        if spec is None:
            raise self.error(pointer[:-1], f"{' '.join(pointer[:-1])} needs {pointer[-1]}")
        required, optional = _SESSION_KEYS[pointer[-1]]
        if not isinstance(spec, dict):
            raise self.error(
                pointer, f"{' '.join(pointer)} maps {', '.join(required)} to field names"
            )
        out: dict[str, str] = {}
        fields = self.by_wire_name(model)
        for role in spec:
            if role.startswith("x-"):
                continue
            where = (*pointer, role)
            if role not in (*required, *optional):
                raise self.error(
                    where, f"unknown {' '.join(pointer)} role (known: {required + optional})"
                )
            wire = self.wire(where)
            if wire in out.values():
                raise self.error(
                    where, f"{' '.join(pointer)} names the field {wire!r} for two roles"
                )
            if wire not in fields:
                raise self.error(where, f"{' '.join(where)}: {what} has no {wire!r} field")
            out[role] = wire
        for role in required:
            if role not in out:
                raise self.error(pointer, f"{' '.join(pointer)} needs {role}")
        return out


def _token_parts(doc: Document, token_format: Any) -> tuple[str, str]:
    """The text before and after `{token}` in `token-format`, checked to hold it once and no
    other braces: the generated code joins the parts, it never formats spec text."""
    parts = token_format.split("{token}") if isinstance(token_format, str) else []
    if len(parts) != 2 or any("{" in part or "}" in part for part in parts):
        message = "x-session token-format must hold '{token}' once and no other braces"
        raise SpecError([doc.problem(("x-session", "token-format"), message)])
    return parts[0], parts[1]


def _session(
    doc: Document, resources: tuple[Resource, ...], events: EventSet, schemas: Schemas
) -> Session | None:
    """The gateway session `x-session` declares, tied to the REST operation giving its URL;
    the fields it reads as Python attributes, those it writes as wire names."""
    spec: Any = doc.data.get("x-session")
    if not isinstance(spec, dict):
        return None
    pointer = ("x-session",)
    found = [
        (resource, op)
        for resource in resources
        for op in resource.operations
        if op.operation_id == spec.get("url-operation")
    ]
    if not found:
        message = "x-session url-operation names no operation of the package's OpenAPI document"
        raise SpecError([doc.problem((*pointer, "url-operation"), message)])
    resource, op = found[0]
    fields = _Fields(doc, schemas)
    answer = op.response.type
    answer_what = f"the answer of {op.operation_id} ({answer})"
    url_field = fields.attribute((*pointer, "url-field"), answer, answer_what, frozenset({"str"}))
    _, hello_model = fields.frame_data(pointer, events, "hello")
    _, ready_model = fields.frame_data(pointer, events, "ready")
    _, identify_model = fields.frame_data(pointer, events, "identify")
    _, resume_model = fields.frame_data(pointer, events, "resume")
    what = "the {} frame's data ({})".format
    return Session(
        url_operation=op.method_name,
        url_resource=resource.name,
        url_field=url_field,
        token_parts=_token_parts(doc, spec.get("token-format")),
        heartbeat_interval=fields.attribute(
            (*pointer, "heartbeat-interval"), hello_model, what("hello", hello_model), _NUMBER
        ),
        session_id=fields.attribute(
            (*pointer, "session-id"), ready_model, what("ready", ready_model), frozenset({"str"})
        ),
        identify=fields.wire_names(
            (*pointer, "identify"), identify_model, what("identify", identify_model)
        ),
        resume=fields.wire_names((*pointer, "resume"), resume_model, what("resume", resume_model)),
        start_limit=_start_limit(fields, answer, answer_what, spec.get("start-limit")),
    )


def _start_limit(fields: _Fields, answer: str, what: str, spec: Any) -> StartLimit | None:
    """`x-session`'s `start-limit`: an object field of the gateway-URL answer and two number
    fields of that object, as Python attributes."""
    if spec is None:
        return None
    pointer = ("x-session", "start-limit")
    keys = ("field", "remaining", "reset-after")
    if not isinstance(spec, dict) or not all(isinstance(spec.get(k), str) for k in keys):
        message = "x-session start-limit needs field, remaining and reset-after (field names)"
        raise fields.error(pointer, message)
    field = fields.attribute((*pointer, "field"), answer, what, frozenset())
    model = fields.by_wire_name(answer)[spec["field"]][1]
    inner = f"the {spec['field']!r} field of {what} ({model})"
    return StartLimit(
        field=field,
        remaining=fields.attribute((*pointer, "remaining"), model, inner, _NUMBER),
        reset_after=fields.attribute((*pointer, "reset-after"), model, inner, _NUMBER),
    )


def _webhook(doc: Document, events: EventSet, schemas: Schemas) -> Webhook | None:
    """`x-webhook` with the validation request's fields as Python attributes."""
    if events.webhook is None:
        return None
    pointer = ("x-webhook",)
    fields = _Fields(doc, schemas)
    data, model = fields.frame_data(pointer, events, "validation")
    what = f"the validation frame's data ({model})"
    text = frozenset({"str"})
    return replace(
        events.webhook,
        data_attribute=data,
        plain_token_attribute=fields.attribute(
            (*pointer, "validation", "plain-token"), model, what, text
        ),
        event_ts_attribute=fields.attribute(
            (*pointer, "validation", "event-ts"), model, what, text
        ),
    )


def _check_roles(doc: Document, events: EventSet) -> None:
    """SpecError naming every frame or frame field the session or webhook needs but lacks."""
    problems = []
    if isinstance(doc.data.get("x-session"), dict):
        problems += [doc.problem(("x-session",), m) for m in _session_lacks(events)]
    if events.webhook is not None:
        roles = {e.role for e in events.events}
        for role in _WEBHOOK_ROLES:
            if role not in roles:
                problems.append(doc.problem(("x-webhook",), _no_role("x-webhook", role)))
        acks = [e for e in events.events if e.role == "ack"]
        if acks and not acks[0].examples:
            message = "x-webhook needs an example of the ack frame (the answer it sends)"
            problems.append(doc.problem(("x-webhook",), message))
    if problems:
        raise SpecError(problems)


def _session_lacks(events: EventSet) -> list[str]:
    roles = {e.role: e for e in reversed(events.events)}  # the first frame of a role wins
    out = [_no_role("x-session", role) for role in _SESSION_ROLES if role not in roles]
    if "sequence" not in events.frame:
        out.append("x-session needs x-frame's 'sequence' field (heartbeats and resumes send it)")
    data = events.frame["data"]
    for role in ("hello", "ready"):
        if role in roles and all(f.name != data for f in roles[role].fields):
            out.append(f"x-session needs the {role} frame's payload to have the '{data}' field")
    return out


def _no_role(owner: str, role: str) -> str:
    return f"{owner} needs a message with x-role: {role} (no message plays it)"
