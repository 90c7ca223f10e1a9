"""Stage 3: the intermediate model. Entry point: `build(specs, package)` -> `Api`.

All naming, typing and grouping decisions are made here, in plain Python that
tests can reach; templates only render the result.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from generator.load import Document, SpecSet
from generator.model._events import build_events
from generator.model._names import field_name, package_name, pascal_case
from generator.model._openapi import OpenApiBuilder
from generator.model._schemas import Schemas
from generator.model._types import (
    Api,
    Auth,
    Event,
    EventSet,
    Operation,
    Parameter,
    Resource,
    Session,
    StartLimit,
    referenced_classes,
    renamed_classes,
)
from generator.problems import Problem, SpecError

__all__ = ["Api", "build", "package_name"]

# The frames (x-role) the gateway session and the webhook app play, and the frame fields the
# session reads: without them their modules cannot be written.
_SESSION_ROLES = (
    *("hello", "identify", "ready", "resume", "heartbeat", "heartbeat-ack", "reconnect"),
    "invalid-session",
)
_WEBHOOK_ROLES = ("validation", "ack")

# Names the events, gateway and webhook modules define; model classes never take them.
PACKAGE_NAMES = frozenset(
    {"Dispatcher", "EVENTS", "Event", "EventDecodeError", "GatewayClient", "GatewayClosed"}
    | {"Intents", "NotGiven", "UnknownEvent", "WebhookApp"}
    # What the events module imports beside the model classes it imports from `_models`
    # (RESERVED_CLASS_NAMES has the others): a model class so named would replace it there.
    | {"Callable", "CoreSchema", "GetCoreSchemaHandler", "IntFlag", "NamedTuple"}
    | {"SerializerFunctionWrapHandler", "TypeAdapter", "TypeVar", "ValidationError"}
)


def build(specs: SpecSet, package: str) -> Api:
    """The model of one package from its (already validated) root documents."""
    rest = [d for d in specs.roots if d.kind == "openapi"]
    events = [d for d in specs.roots if d.kind == "asyncapi"]
    if len(rest) > 1 or len(events) > 1:
        extra = (rest[1:] or events[1:])[0]
        raise SpecError(
            [
                Problem(
                    extra.name,
                    1,
                    (),
                    f"package '{package}' has more than one {extra.kind} document",
                )
            ]
        )
    error_base = pascal_case(package) + "Error"
    schemas = Schemas(specs, reserved={error_base, *PACKAGE_NAMES})
    main: Document = (rest or events)[0]
    info = main.data.get("info") or {}
    kwargs: dict[str, object] = {}
    if rest:
        builder = OpenApiBuilder(rest[0], specs, schemas)
        kwargs.update(
            servers=builder.servers(),
            auth=builder.auth(),
            resources=builder.resources(),
            envelope=builder.envelope(),
            error_fields=builder.error_fields(),
            rate_limit=builder.rate_limit(),
            trace_id_header=rest[0].data.get("x-trace-id-header"),
            client_headers=builder.client_headers(),
        )
    if events:
        event_set = build_events(events[0], specs, schemas)
        resources: tuple[Resource, ...] = kwargs.get("resources", ())  # type: ignore[assignment]
        event_set = replace(event_set, session=_session(events[0], resources))
        _check_roles(events[0], event_set, schemas)
        kwargs["events"] = event_set
    _use_request_twins(schemas, kwargs)
    return Api(
        package=package,
        error_base=error_base,
        title=str(info.get("title", package)),
        description=str(info.get("description", "")),
        version=str(info.get("version", "")),
        servers=kwargs.pop("servers", ()),  # type: ignore[arg-type]
        auth=kwargs.pop("auth", Auth((), ())),  # type: ignore[arg-type]
        resources=kwargs.pop("resources", ()),  # type: ignore[arg-type]
        model_names=schemas.names,
        models_schema={"$defs": schemas.definitions()},
        field_aliases=dict(sorted(schemas.aliases.items())),
        model_origins={"": (main.name, 1, ()), **schemas.origins},
        **kwargs,  # type: ignore[arg-type]
    )


def _use_request_twins(schemas: Schemas, kwargs: dict[str, object]) -> None:
    """Requests carry the closed twins (`Schemas.split_requests`) of classes that responses
    carry too: arguments, body models and the frames the client only sends."""
    resources: tuple[Resource, ...] = kwargs.get("resources", ())  # type: ignore[assignment]
    events: EventSet | None = kwargs.get("events")  # type: ignore[assignment]
    sent = [e for e in events.events if e.direction == "send"] if events else []
    types = [a.type for r in resources for op in r.operations for a in op.arguments]
    types += [op.body.model for r in resources for op in r.operations if op.body and op.body.model]
    types += [f.type for e in sent for f in e.fields] + [e.class_name for e in sent]
    twins = schemas.split_requests(types)
    if not twins:
        return
    kwargs["resources"] = tuple(
        replace(r, operations=tuple(_operation_twins(op, twins) for op in r.operations))
        for r in resources
    )
    if events:
        frames = tuple(
            _event_twins(e, twins) if e.direction == "send" else e for e in events.events
        )
        used = {n for e in frames for f in e.fields for n in referenced_classes(f.type)}
        models = tuple(sorted(used & {*events.models, *twins.values()}))
        kwargs["events"] = replace(events, events=frames, models=models)


def _operation_twins(op: Operation, twins: dict[str, str]) -> Operation:
    if op.body is None:
        return op
    body = replace(
        op.body,
        model=twins.get(op.body.model or "", op.body.model),
        fields=tuple(_argument_twins(f, twins) for f in op.body.fields),
        value=op.body.value and _argument_twins(op.body.value, twins),
    )
    return replace(op, body=body)


def _argument_twins(argument: Parameter, twins: dict[str, str]) -> Parameter:
    return replace(argument, type=renamed_classes(argument.type, twins))


def _event_twins(event: Event, twins: dict[str, str]) -> Event:
    fields = tuple(replace(f, type=renamed_classes(f.type, twins)) for f in event.fields)
    data_type = event.data_type and renamed_classes(event.data_type, twins)
    class_name = twins.get(event.class_name, event.class_name)
    return replace(event, fields=fields, data_type=data_type, class_name=class_name)


def _start_limit(doc: Document, spec: Any) -> StartLimit | None:
    """`x-session`'s `start-limit`: field names, the last two of the first's object."""
    if spec is None:
        return None
    keys = ("field", "remaining", "reset-after")
    if not isinstance(spec, dict) or not all(isinstance(spec.get(k), str) for k in keys):
        message = "x-session start-limit needs field, remaining and reset-after (field names)"
        raise SpecError([doc.problem(("x-session", "start-limit"), message)])
    return StartLimit(*(field_name(spec[k]) for k in keys))


def _token_parts(doc: Document, token_format: Any) -> tuple[str, str]:
    """The text before and after `{token}` in `token-format`, checked to hold it once and no
    other braces: the generated code joins the parts, it never formats spec text."""
    parts = token_format.split("{token}") if isinstance(token_format, str) else []
    if len(parts) != 2 or any("{" in part or "}" in part for part in parts):
        message = "x-session token-format must hold '{token}' once and no other braces"
        raise SpecError([doc.problem(("x-session", "token-format"), message)])
    return parts[0], parts[1]


def _session(doc: Document, resources: tuple[Resource, ...]) -> Session | None:
    """The gateway session `x-session` declares, tied to the REST operation giving its URL."""
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
    try:
        return Session(
            url_operation=op.method_name,
            url_resource=resource.name,
            url_field=field_name(spec["url-field"]),
            token_parts=_token_parts(doc, spec["token-format"]),
            heartbeat_interval=field_name(spec["heartbeat-interval"]),
            session_id=field_name(spec["session-id"]),
            identify={k: v for k, v in spec["identify"].items() if not k.startswith("x-")},
            resume={k: v for k, v in spec["resume"].items() if not k.startswith("x-")},
            start_limit=_start_limit(doc, spec.get("start-limit")),
        )
    except (KeyError, AttributeError) as exc:
        raise SpecError([doc.problem(pointer, f"x-session needs {exc}")]) from None


def _check_roles(doc: Document, events: EventSet, schemas: Schemas) -> None:
    """SpecError naming every frame or frame field the session or webhook needs but lacks."""
    problems = []
    if events.session is not None:
        lacks = _session_lacks(events) or _session_data_lacks(events, schemas)
        problems += [doc.problem(("x-session",), m) for m in lacks]
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


def _session_data_lacks(events: EventSet, schemas: Schemas) -> list[str]:
    """The session reads the heartbeat interval from hello's data, the session id from ready's."""
    assert events.session is not None
    data = events.frame["data"]
    needs = {"hello": events.session.heartbeat_interval, "ready": events.session.session_id}
    out = []
    for role, attribute in needs.items():
        field = next(f for f in events.role(role).fields if f.name == data)
        model = field.type.removesuffix(" | None")
        if model not in schemas.names or attribute not in schemas.field_names(model).values():
            out.append(f"x-session needs the {role} frame's '{data}' to have a '{attribute}' field")
    return out


def _no_role(owner: str, role: str) -> str:
    return f"{owner} needs a message with x-role: {role} (no message plays it)"
