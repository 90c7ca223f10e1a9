"""Hostile input, AsyncAPI: message names, event types (`t`), x-intents names and payload field
names that are Python keywords, builtins, dunders, pydantic's names, start with a digit or
hold '-', '.', spaces or Chinese, and texts holding quotes, backslashes, template syntax,
control characters and code, still give an events module that is valid, importable,
type-checked Python routing every frame to its own class; spec text is never evaluated.

`tests/specs/hostile/hostile_events/` is a hand-made worst case (an AsyncAPI document alone:
the package is its events module); a property-based test generates more such documents and
checks that the pipeline either produces code whose `parse_event` maps every example frame to
its class, or refuses the document with a SpecError, never anything else.
"""

from __future__ import annotations

import json
import keyword
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from gen_support import (
    REPO_ROOT,
    TEST_SPECS,
    generate_to,
    imported_strictly,
    mypy_strict,
    pyright_strict,
)
from hypothesis import given
from hypothesis import strategies as st
from test_generate_hostile import (
    HOSTILE_NAMES,
    MARKER,
    NASTY_FRAGMENTS,
    PROPERTY_SETTINGS,
    TEMPLATE_PROBE,
    TEMPLATE_RESULT,
    component_names,
    generated_or_refused,
    names,
    texts,
)

from generator.load import load
from generator.model import build
from generator.model._types import EventSet
from generator.pipeline import spec_files_in

HOSTILE_EVENTS = TEST_SPECS / "hostile" / "hostile_events"
SPEC: dict[str, Any] = yaml.safe_load((HOSTILE_EVENTS / "asyncapi.yaml").read_text("utf-8"))
MESSAGES: dict[str, Any] = SPEC["components"]["messages"]
PROBE_TYPE = '\'""" \\ {{ 6*7*1000003 }} {% raw %}\u2028'
EVENT_TYPES = (
    "class", "None", "list", "__init__", "__class__", "1abc", "a-b", "a.b", "a b", "中文",
    "unknown", PROBE_TYPE,
)  # fmt: skip
HOSTILE_FIELDS = (
    "class", "def", "self", "list", "__init__", "__class__", "1abc", "a-b", "a.b", "a b", "中文",
    "json", "model_config", "model_dump", "copy", "mro", "schema", "_private", "OP", "Event", "Literal",
)  # fmt: skip


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    parent = tmp_path_factory.mktemp("hostile_events")  # a vendored copy, outside the repo
    generate_to(HOSTILE_EVENTS, parent)
    return parent


@pytest.fixture(scope="module")
def events(generated: Path) -> Iterator[ModuleType]:
    with imported_strictly(generated, "hostile_events") as package:
        yield package._events


@pytest.fixture(scope="module")
def model() -> EventSet:
    api = build(load(spec_files_in(HOSTILE_EVENTS)), "hostile_events")
    assert api.events is not None
    return api.events


def _sources(generated: Path) -> dict[str, str]:
    return {
        path.name: path.read_text(encoding="utf-8")
        for path in sorted((generated / "hostile_events").iterdir())
        if path.is_file()
    }


def _frame(event_type: str, **fields: Any) -> str:
    """A dispatch frame of `event_type` (with the data its class requires)."""
    required = {"d": {}} if event_type == "class" else {}
    return json.dumps({"op": 0, "t": event_type, **required, **fields}, ensure_ascii=False)


# -- the hand-made worst case ---------------------------------------------------------------


def test_hostile_events_package_passes_mypy_strict(generated: Path) -> None:
    assert mypy_strict(generated, ["hostile_events"]) == {"hostile_events": []}


def test_hostile_events_package_passes_pyright_strict(generated: Path) -> None:
    assert pyright_strict(generated, ["hostile_events"]) == {"hostile_events": []}


def test_hostile_events_modules_compile_and_import_without_warnings(
    generated: Path, events: ModuleType
) -> None:
    for name, source in _sources(generated).items():
        if name.endswith(".py"):
            compile(source, name, "exec")
    assert all(hasattr(events, name) for name in events.__all__)
    assert all(name.isidentifier() and not keyword.iskeyword(name) for name in events.__all__)


def test_the_hostile_spec_holds_every_field_name_the_tests_check() -> None:
    assert set(HOSTILE_FIELDS) <= set(MESSAGES["NoneType"]["payload"]["properties"])


def test_every_hostile_event_type_parses_into_its_own_class(events: ModuleType) -> None:
    assert set(events.EVENTS) == set(EVENT_TYPES)
    classes = {t: events.EVENTS[t] for t in EVENT_TYPES}
    assert len(set(classes.values())) == len(EVENT_TYPES)  # colliding names stay apart
    for event_type, cls in classes.items():
        parsed = events.parse_event(_frame(event_type))
        assert type(parsed) is cls and parsed.t == event_type, event_type
        assert cls.__name__.isidentifier() and not keyword.iskeyword(cls.__name__)
        assert cls is not events.UnknownEvent and getattr(events, cls.__name__) is cls
    assert type(events.parse_event(_frame("a_b"))) is events.UnknownEvent


def test_control_frames_named_alike_get_distinct_classes_by_opcode(events: ModuleType) -> None:
    control = {op: type(events.parse_event({"op": op})) for op in range(1, 7)}
    assert len(set(control.values())) == 6
    assert all(issubclass(c, events.Event) and c is not events.Event for c in control.values())
    assert events.parse_event({"op": 1, "d": 5}).d == 5


def test_every_example_frame_parses_to_its_class(model: EventSet, events: ModuleType) -> None:
    checked = 0
    for spec_event in model.frames:
        for example in spec_event.examples:
            parsed = events.parse_event(json.dumps(example, ensure_ascii=False))
            assert type(parsed).__name__ == spec_event.class_name, example
            assert parsed.model_dump(by_alias=True, exclude_unset=True) == example
            checked += 1
    assert checked == len(MESSAGES)


def test_hostile_payload_field_names_round_trip_through_their_aliases(events: ModuleType) -> None:
    cls = events.EVENTS["None"]
    wire = {"op": 0, "t": "None", **{name: f"v{i}" for i, name in enumerate(HOSTILE_FIELDS)}}
    wire["def"] = 7  # an integer field
    parsed = events.parse_event(json.dumps(wire, ensure_ascii=False))
    assert type(parsed) is cls
    assert parsed.model_dump(by_alias=True, exclude_unset=True) == wire
    assert cls.model_validate(parsed.model_dump(by_alias=True)) == parsed
    assert parsed.model_extra == {}  # every field landed on its own attribute
    assert (parsed.op, parsed.op2) == (0, wire["OP"])  # `OP` does not replace the opcode
    assert (parsed.a_b, parsed.a_b2, parsed.a_b3) == (wire["a-b"], wire["a.b"], wire["a b"])
    assert (parsed.class_, parsed.class_2) == (wire["class"], wire["__class__"])
    assert parsed.field_model_dump == wire["model_dump"]
    assert (parsed.mro_, parsed.schema_) == (wire["mro"], wire["schema"])
    assert callable(parsed.model_dump) and callable(parsed.copy)


def test_data_model_field_names_round_trip_through_their_aliases(events: ModuleType) -> None:
    [example] = MESSAGES["Keyword"]["examples"]
    parsed = events.parse_event(json.dumps(example["payload"], ensure_ascii=False))
    assert parsed.d.model_dump(by_alias=True, exclude_unset=True) == example["payload"]["d"]


def test_model_classes_named_as_what_the_events_module_imports_do_not_replace_it(
    events: ModuleType,
) -> None:
    import pydantic
    import pydantic_core

    assert events.ValidationError is pydantic.ValidationError
    assert events.TypeAdapter is pydantic.TypeAdapter
    assert events.CoreSchema is pydantic_core.CoreSchema
    [example] = MESSAGES["Builtin"]["examples"]
    parsed = events.parse_event(example["payload"])
    assert type(parsed) is events.EVENTS["list"]
    data = {"d": parsed.d, "adapter": parsed.adapter, "callable": parsed.callable}
    for wire, value in data.items():
        assert isinstance(value, pydantic.BaseModel), wire
        assert value.model_dump() == example["payload"][wire]
    assert parsed.model_dump(by_alias=True, exclude_unset=True) == example["payload"]


def test_dispatcher_routes_every_hostile_class_to_its_own_handler(events: ModuleType) -> None:
    dispatcher = events.Dispatcher()
    seen: list[tuple[str, str]] = []
    for event_type in EVENT_TYPES:
        cls = events.EVENTS[event_type]
        dispatcher.on(cls)(lambda event, t=event_type: seen.append((t, event.t)))
    for event_type in EVENT_TYPES:
        dispatcher.feed(_frame(event_type))
    assert seen == [(t, t) for t in EVENT_TYPES]


def test_hostile_intent_names_become_upper_case_flag_members(events: ModuleType) -> None:
    members = events.Intents.__members__
    assert len(members) == 12  # `x-not-an-intent` is an extension key
    assert [int(m) for m in members.values()] == [1 << bit for bit in range(12)]
    assert all(n.isidentifier() and n == n.upper() and not n.startswith("_") for n in members)
    assert {"MRO", "NAME", "VALUE", "A_B", "A_B2"} <= set(members)
    assert events.Intents.NAME.name == "NAME" and events.Intents.VALUE.value == 1 << 4


def test_event_docs_name_the_python_intent_they_need(events: ModuleType) -> None:
    assert "`Intents.MRO`" in (events.EVENTS["list"].__doc__ or "")


def test_spec_text_is_never_evaluated_as_a_template(generated: Path, events: ModuleType) -> None:
    sources = _sources(generated)
    assert all(TEMPLATE_RESULT not in text for text in sources.values())
    for name in ("_events.py", "__init__.py", "README.md"):
        assert "{% if True %}EVALUATED{% endif %}" in " ".join(sources[name].split()), name
    doc = " ".join((events.EVENTS["class"].__doc__ or "").split())
    assert TEMPLATE_PROBE in doc and "{% raw %}" in doc and "{# hidden #}" in doc
    assert TEMPLATE_PROBE in (events.__doc__ or "")
    assert PROBE_TYPE in events.EVENTS


def test_spec_text_is_never_executed(generated: Path, events: ModuleType) -> None:
    events.parse_event(_frame("class"))
    assert not (generated / MARKER).exists()
    assert not (Path.cwd() / MARKER).exists()
    doc = " ".join((events.EVENTS["class"].__doc__ or "").split())
    assert "__import__('os').system('touch botspec_pwned')" in doc


def test_event_docstrings_keep_quotes_backslashes_and_control_characters(
    events: ModuleType,
) -> None:
    doc = events.EVENTS["class"].__doc__ or ""
    for fragment in ("'''", '"""', "a backslash \\ and \\N{BULLET} \\u0041 \\x00"):
        assert fragment in doc
    assert "line\u2028separator" in doc and "ESC \x1b and a bell \x07" in doc
    assert " ".join(doc.split()).endswith('ending in a quote " Needs the `Intents.CLASS_` intent.')
    assert doc.count("Summary '''") == 1


# -- the session and webhook modules: the qqbot specs with hostile texts and intents -------

NASTY_TEXT = (
    "Closed '''\"\"\" \\ \\N{BULLET} {{ 6*7*1000003 }} {% raw %} "
    "__import__('os').system('touch botspec_pwned') \u2028 \x1b"
)


@pytest.fixture(scope="module")
def hostile_qqbot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The qqbot package (gateway and webhook modules included) generated from copies of its
    specs whose close-code, channel and message texts and title are hostile, with hostile
    intent names beside its own."""
    spec_dir = tmp_path_factory.mktemp("specs") / "qqhostile"
    spec_dir.mkdir()
    for source in sorted((REPO_ROOT / "specs" / "qqbot").glob("*.yaml")):
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        if source.name == "asyncapi.yaml":
            data["info"]["title"] = data["info"]["description"] = NASTY_TEXT
            data["x-intents"].update({"mro": 1, "a-b": 2, "a.b": 3, "中文": 4, TEMPLATE_PROBE: 5})
            for code in data["channels"]["gateway"]["x-close-codes"].values():
                code["description"] = f"{NASTY_TEXT}. {code['description']}"
            for channel in data["channels"].values():
                channel["description"] = NASTY_TEXT
            for message in data["components"]["messages"].values():
                message["summary"] = message["description"] = NASTY_TEXT
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        (spec_dir / source.name).write_text(text, encoding="utf-8")
    parent = tmp_path_factory.mktemp("qqhostile")
    generate_to(spec_dir, parent)
    return parent


def test_hostile_texts_give_gateway_and_webhook_modules_passing_mypy_strict(
    hostile_qqbot: Path,
) -> None:
    assert {"_gateway.py", "_webhook.py"} <= set(os.listdir(hostile_qqbot / "qqhostile"))
    assert mypy_strict(hostile_qqbot, ["qqhostile"]) == {"qqhostile": []}


def test_hostile_close_code_texts_stay_inert_data_in_the_gateway(hostile_qqbot: Path) -> None:
    sources = {
        path.name: path.read_text(encoding="utf-8")
        for path in (hostile_qqbot / "qqhostile").iterdir()
        if path.is_file()
    }
    assert all(TEMPLATE_RESULT not in text for text in sources.values())
    with imported_strictly(hostile_qqbot, "qqhostile") as package:
        reasons = package._gateway._CLOSE_REASONS
        members = set(package._events.Intents.__members__)
        doc = package._events.EVENTS["FRIEND_ADD"].__doc__ or ""
    assert reasons and all(reason == NASTY_TEXT for reason in reasons.values())
    assert {"GROUP_AND_C2C_EVENT", "MRO", "A_B", "A_B2", "U4E2D_U6587"} <= members
    doc = " ".join(doc.split())
    assert TEMPLATE_PROBE in doc and "__import__('os').system('touch botspec_pwned')" in doc
    assert not (hostile_qqbot / MARKER).exists()


# -- property-based: generated hostile AsyncAPI documents ---------------------------------

_event_types = st.one_of(names, st.sampled_from([*HOSTILE_NAMES, *NASTY_FRAGMENTS, ""]))
_kinds = {"string": "v", "integer": 1, "boolean": True}
# Component schema names: the hostile ones OpenAPI allows, and what the events module imports.
_schema_names = st.one_of(
    component_names,
    st.sampled_from(
        ["ValidationError", "TypeAdapter", "IntFlag", "Callable", "TypeVar", "Mapping"]
    ),
    st.sampled_from(["Dispatcher", "Event", "UnknownEvent", "Intents", "EVENTS", "Literal"]),
)


@st.composite
def hostile_event_specs(draw: st.DrawFn) -> dict[str, Any]:
    """A small AsyncAPI 2.6 document whose every name and text is drawn from the hostile
    strategies: dispatch events (by `t`) with data and envelope fields, control frames, and
    intents, each message with an example frame."""
    intents = draw(st.lists(names, max_size=4, unique=True))
    messages: list[dict[str, Any]] = []
    schemas: dict[str, Any] = {}
    for event_type in draw(st.lists(_event_types, min_size=1, max_size=4, unique=True)):
        data = draw(st.dictionaries(names, st.sampled_from(sorted(_kinds)), max_size=3))
        extra = draw(st.dictionaries(names, st.sampled_from(sorted(_kinds)), max_size=3))
        extra = {k: v for k, v in extra.items() if k not in ("op", "t", "d")}
        properties: dict[str, Any] = {
            "op": {"type": "integer", "const": 0},
            "t": {"type": "string", "const": event_type, "description": draw(texts)},
            "d": {
                "type": "object",
                "description": draw(texts),
                "properties": {k: {"type": v, "description": draw(texts)} for k, v in data.items()},
            },
            **{k: {"type": v, "description": draw(texts)} for k, v in extra.items()},
        }
        if draw(st.booleans()):  # the data as a named model class
            schema_name = draw(_schema_names)
            schemas[schema_name] = properties["d"]
            properties["d"] = {"$ref": f"#/components/schemas/{schema_name}"}
        example = {"op": 0, "t": event_type, "d": {k: _kinds[v] for k, v in data.items()}}
        example.update({k: _kinds[v] for k, v in extra.items()})
        message: dict[str, Any] = {
            "name": draw(names),
            "title": draw(texts),
            "summary": draw(texts),
            "description": draw(texts),
            "x-opcode": 0,
            "payload": {"type": "object", "required": ["op", "t"], "properties": properties},
            "examples": [{"payload": example}],
        }
        if intents and draw(st.booleans()):
            message["x-intent"] = draw(st.sampled_from(intents))
        messages.append(message)
    for opcode, name in enumerate(draw(st.lists(names, max_size=3)), start=1):
        messages.append(
            {
                "name": name,
                "description": draw(texts),
                "x-opcode": opcode,
                "payload": {"type": "object", "properties": {"op": {"type": "integer"}}},
                "examples": [{"payload": {"op": opcode}}],
            }
        )
    return {
        "asyncapi": "2.6.0",
        "info": {"title": draw(texts) or "t", "version": "1", "description": draw(texts)},
        "x-frame": {"opcode": "op", "type": "t", "data": "d"},
        "x-intents": {name: bit for bit, name in enumerate(intents)},
        "components": {"schemas": schemas},
        "channels": {
            draw(names): {
                "description": draw(texts),
                "x-close-codes": {"4000": {"action": "resume", "description": draw(texts)}},
                "subscribe": {
                    "operationId": "receive",
                    "summary": draw(texts) or "s",
                    "message": {"oneOf": messages},
                },
            }
        },
    }


@PROPERTY_SETTINGS
@given(spec=hostile_event_specs())
def test_generated_hostile_event_specs_route_every_example_to_its_class_or_a_spec_error(
    spec: dict[str, Any],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        generated = generated_or_refused(spec, "asyncapi.json", "hostile_events", Path(folder))
        if generated is None:
            return
        parent, package_name = generated
        api = build(load(spec_files_in(Path(folder) / "spec")), package_name)
        assert api.events is not None
        with imported_strictly(parent, package_name) as module:
            _check_examples(module, api.events)
        assert not (parent / MARKER).exists()


def _check_examples(module: ModuleType, model: EventSet) -> None:
    """Every name is exported; every example frame parses into its own class and dumps as it
    came; a dispatch event's class is the one `EVENTS` holds for its type."""
    assert all(hasattr(module, name) for name in module.__all__)
    events = module._events
    for spec_event in model.frames:
        for example in spec_event.examples:
            parsed = events.parse_event(json.dumps(example, ensure_ascii=False))
            assert type(parsed).__name__ == spec_event.class_name, example
            assert parsed.model_dump(by_alias=True, exclude_unset=True) == example
            if spec_event.kind == "dispatch":
                assert events.EVENTS[example["t"]] is type(parsed)
