"""Stage 3: the intermediate model. Entry point: `build(specs, package)` -> `Api`.

All naming, typing and grouping decisions are made here, in plain Python that
tests can reach; templates only render the result.
"""

from __future__ import annotations

from dataclasses import replace

from generator.load import Document, SpecSet
from generator.model._class_graph import ancestors, base_refs, own_properties, picks_best_fit
from generator.model._constraints import code_chars, split_outside
from generator.model._events import build_events
from generator.model._extras import ref_name
from generator.model._finishing import SENT_NULLS, TAG_DEFAULT, open_enum_types
from generator.model._names import RESERVED_CLASS_NAMES, package_name, pascal_case
from generator.model._openapi import OpenApiBuilder
from generator.model._schemas import Schemas, defs_referenced
from generator.model._session import with_session_and_webhook
from generator.model._types import (
    Api,
    Auth,
    Event,
    EventSet,
    Import,
    Operation,
    Parameter,
    Resource,
    referenced_classes,
    renamed_classes,
)
from generator.problems import Problem, SpecError

__all__ = [
    "SENT_NULLS",
    "TAG_DEFAULT",
    "Api",
    "Import",
    "ancestors",
    "base_refs",
    "build",
    "code_chars",
    "defs_referenced",
    "open_enum_types",
    "own_properties",
    "package_name",
    "picks_best_fit",
    "ref_name",
    "split_outside",
]


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
    error_base = _error_base(package)
    schemas = Schemas(specs, reserved={error_base, *PACKAGE_NAMES})
    main: Document = (rest or events)[0]
    info = main.data.get("info") or {}
    kwargs: dict[str, object] = {}
    if rest:
        builder = OpenApiBuilder(rest[0], specs, schemas)
        auth = builder.auth()
        kwargs.update(
            servers=builder.servers(),
            auth=auth,
            resources=builder.resources(),
            envelope=builder.envelope(),
            error_fields=builder.error_fields(),
            rate_limit=builder.rate_limit(),
            trace_id_header=rest[0].data.get("x-trace-id-header"),
            client_headers=builder.client_headers(auth),
        )
    if events:
        event_set = build_events(events[0], specs, schemas)
        resources: tuple[Resource, ...] = kwargs.get("resources", ())  # type: ignore[assignment]
        event_set = with_session_and_webhook(events[0], resources, event_set, schemas)
        kwargs["events"] = event_set
    schemas.declare_tags()
    schemas.check()
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


def _error_base(package: str) -> str:
    """`<Package>Error`, unless the package's modules define that name already (a package
    named `api` would give `ApiError`, the class of failed calls): then `<Package>ClientError`."""
    stem = pascal_case(package)
    taken = RESERVED_CLASS_NAMES | PACKAGE_NAMES
    return next(name for name in (f"{stem}Error", f"{stem}ClientError") if name not in taken)


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
        extra=op.body.extra and _argument_twins(op.body.extra, twins),
    )
    return replace(op, body=body)


def _argument_twins(argument: Parameter, twins: dict[str, str]) -> Parameter:
    checked = argument.checked and renamed_classes(argument.checked, twins)
    return replace(argument, type=renamed_classes(argument.type, twins), checked=checked)


def _event_twins(event: Event, twins: dict[str, str]) -> Event:
    fields = tuple(replace(f, type=renamed_classes(f.type, twins)) for f in event.fields)
    data_type = event.data_type and renamed_classes(event.data_type, twins)
    class_name = twins.get(event.class_name, event.class_name)
    return replace(event, fields=fields, data_type=data_type, class_name=class_name)
