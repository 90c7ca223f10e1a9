"""The models file made in chunks: the same file wherever the chunks end, classes after
what they refer to, and an edit makes only its own chunks again."""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path
from typing import Any

import pydantic
import pytest

from generator.load import load
from generator.model import Api, build
from generator.pipeline import spec_files_in
from generator.render._models import chunks_of, models_file

SPECS = Path(__file__).resolve().parents[1] / "specs"


def _api(name: str) -> Api:
    return build(load(spec_files_in(SPECS / name)), name)


def _record(name: str, *refs: str) -> dict[str, Any]:
    properties: dict[str, Any] = {"id": {"type": "integer", "description": f"{name}'s id."}}
    for ref in refs:
        properties[ref.lower()] = {"$ref": f"#/$defs/{ref}"}
    return {"type": "object", "description": f"A {name}.", "properties": properties}


# Forty classes: a chain, a shared enum, a self-reference and a cycle of two.
_DEFS: dict[str, Any] = {
    "Colour": {"type": "string", "enum": ["red", "green"]},
    **{f"Leaf{i}": _record(f"Leaf{i}", "Colour") for i in range(30)},
    "Top": _record("Top", "Middle"),
    "Middle": _record("Middle", "Bottom", "Leaf3"),
    "Bottom": _record("Bottom"),
    "Node": {
        "type": "object",
        "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}},
    },
    "Message": _record("Message", "Quote"),
    "Quote": _record("Quote", "Message"),
    **{f"Extra{i}": _record(f"Extra{i}") for i in range(3)},
}


def _classes(source: str) -> list[str]:
    return re.findall(r"^class (\w+)", source, re.MULTILINE)


def _imported(source: str, name: str) -> types.ModuleType:
    module = types.ModuleType(name)
    sys.modules[name] = module  # pydantic resolves forward references through it
    try:
        exec(compile(source, name, "exec"), module.__dict__)
    finally:
        del sys.modules[name]
    return module


@pytest.mark.parametrize("spread", [0, 1, 3, 7])
def test_the_models_file_is_the_same_wherever_the_chunks_end(spread: int) -> None:
    schema = {"$defs": _DEFS}
    chunks = len(chunks_of(schema, {}, {}, spread))
    assert chunks == {0: 1, 1: len(_DEFS)}.get(spread) or 1 < chunks < len(_DEFS)
    assert models_file(schema, {}, spread=spread) == models_file(schema, {}, spread=40)


@pytest.mark.parametrize("name", ["kook", "lanying", "qqbot"])
def test_the_packages_models_are_the_same_in_one_chunk_as_one_class_a_chunk(name: str) -> None:
    api = _api(name)
    one = models_file(api.models_schema, api.field_aliases, spread=0)
    assert models_file(api.models_schema, api.field_aliases, spread=1) == one
    assert sorted(_classes(one)) == sorted({*api.model_names, *_classes(one)})


def test_a_class_comes_after_the_classes_it_refers_to_else_in_the_schema_order() -> None:
    order = _classes(models_file({"$defs": _DEFS}, {}, spread=1))
    assert order[:2] == ["Colour", "Leaf0"]
    assert order.index("Bottom") < order.index("Middle") < order.index("Top")
    assert order.index("Leaf3") < order.index("Middle")
    assert order[-3:] == ["Extra0", "Extra1", "Extra2"]


def test_classes_in_a_cycle_are_rebuilt_so_every_class_is_complete_on_import() -> None:
    source = models_file({"$defs": _DEFS}, {}, spread=1)
    rebuilt = re.findall(r"^(\w+)\.model_rebuild\(\)$", source, re.MULTILINE)
    assert rebuilt == ["Node", "Quote"]  # Quote comes first, and refers to Message
    module = _imported(source, "botspec_cycle_models")
    assert all(getattr(module, name).__pydantic_complete__ for name in _DEFS if name != "Colour")
    data = {"id": 1, "quote": {"id": 2, "message": {"id": 3}}}
    assert module.Message.model_validate(data).quote.message.id == 3
    tree = module.Node.model_validate({"children": [{"children": [{"children": []}]}]})
    assert len(tree.children[0].children) == 1


def test_an_enum_in_a_reference_cycle_is_not_rebuilt_as_a_model() -> None:
    # `allOf` of an enum and an object referring back to its user is still an enum class.
    defs = {
        "User": {"type": "object", "properties": {"manager": {"$ref": "#/$defs/Manager"}}},
        "Manager": {
            "allOf": [
                {"$ref": "#/$defs/Role"},
                {"type": "object", "properties": {"user": {"$ref": "#/$defs/User"}}},
            ]
        },
        "Role": {"type": "string", "enum": ["admin", "guest"]},
    }
    source = models_file({"$defs": defs}, {})
    assert "Manager.model_rebuild()" not in source
    module = _imported(source, "botspec_enum_cycle_models")
    assert module.User.model_validate({"manager": "admin"}).manager.value == "admin"


def test_a_class_narrowing_a_field_it_inherits_stays_required_and_tells_pyright() -> None:
    # An allOf member makes its base's optional `kind` a required literal. pyright would take
    # the field for inheriting the base's default (and report the narrowing of a mutable
    # field): the field is declared `= Field()`, still required, and the file turns that
    # report off. A file whose classes narrow nothing says nothing to pyright.
    base = {"type": "object", "properties": {"kind": {"type": "string"}, "x": {"type": "string"}}}
    member = {"type": "object", "required": ["kind"], "properties": {"kind": {"const": "sub"}}}
    defs = {"Base": base, "Sub": {"allOf": [{"$ref": "#/$defs/Base"}, member]}}
    source = models_file({"$defs": defs}, {})
    assert models_file({"$defs": defs}, {}, spread=1) == source  # Base and Sub apart
    assert "\n# pyright: reportIncompatibleVariableOverride=false\n" in source
    assert re.search(r'^    kind: Literal\["sub"\] = Field\(\)$', source, re.MULTILINE)
    module = _imported(source, "botspec_narrowing_models")
    with pytest.raises(pydantic.ValidationError, match="kind"):
        module.Sub(x="1")
    assert module.Sub(kind="sub").kind == "sub"
    assert "pyright" not in models_file({"$defs": {"Base": base}}, {})


def test_classes_the_model_tool_names_itself_are_made_in_one_chunk() -> None:
    # An array's inline enum items become a class datamodel-code-generator names (`Tag`);
    # it keeps such names unique within one call only.
    defs = {
        f"Post{i}": {
            "type": "object",
            "properties": {"tags": {"type": "array", "items": {"enum": [f"v{i}", "w"]}}},
        }
        for i in range(1, 5)
    }
    whole = models_file({"$defs": defs}, {}, spread=0)
    assert models_file({"$defs": defs}, {}, spread=1) == whole
    assert _classes(whole) == [
        "Tag", "Post1", "Tag1", "Post2", "Tag2", "Post3", "Tag3", "Post4"
    ]  # fmt: skip
    module = _imported(whole, "botspec_invented_models")
    assert module.Post2.model_validate({"tags": ["v2"]}).tags[0] is module.Tag1.V2


def test_a_class_the_model_tool_names_comes_after_another_it_names_that_it_refers_to() -> None:
    # A nested nullable `const` union becomes a root model `P` over an enum `PEnum`, both
    # named by datamodel-code-generator: `P`'s base evaluates `PEnum`, defined first.
    nested = {"anyOf": [{"anyOf": [{"const": True}, {"type": "null"}]}, {"type": "string"}]}
    defs = {"X": {"type": "object", "properties": {"p": nested}}}
    source = models_file({"$defs": defs}, {})
    assert _classes(source) == ["PEnum", "P", "X"]
    module = _imported(source, "botspec_invented_order_models")
    assert module.X.model_validate({"p": True}).p.root is module.PEnum.BOOLEAN_TRUE


def test_an_enum_member_named_as_a_class_is_no_need_of_that_class() -> None:
    # `x: anyOf [M, anyOf [const x, null]]` gives `class X(RootModel[XEnum | None])` over
    # `class XEnum(StrEnum): X = "x"`: the member's name was read as a need of class `X`, the
    # two as a cycle, and `X` came first, evaluating an undefined `XEnum`.
    nested = {"anyOf": [{"$ref": "#/$defs/M"}, {"anyOf": [{"const": "x"}, {"type": "null"}]}]}
    defs = {
        "Holder": {"type": "object", "properties": {"x": nested}},
        "M": {"type": "object", "properties": {"v": {"type": "boolean"}}},
    }
    source = models_file({"$defs": defs}, {})
    classes = _classes(source)
    assert classes.index("XEnum") < classes.index("X")
    module = _imported(source, "botspec_member_named_models")
    assert module.Holder.model_validate({"x": "x"}).x.root is module.XEnum.X


def test_a_class_the_model_tool_names_comes_after_the_spec_class_it_inherits_from() -> None:
    # allOf of a discriminated union and an object: datamodel-code-generator makes a class per
    # variant, inheriting from it (`Radius3(Square, Radius1)`), for Circle's field; Circle
    # names it first, in an annotation, which waits; the class statement cannot.
    def variant(field: str) -> dict[str, Any]:
        own = {"type": "object", "properties": {"zz": {"type": "number"}}}
        return {
            "type": "object",
            "required": ["kind"],
            "properties": {
                "kind": {"type": "string"},
                field: {"allOf": [{"$ref": "#/$defs/Shape"}, own]},
            },
        }

    refs = [{"$ref": "#/$defs/Circle"}, {"$ref": "#/$defs/Square"}]
    square = {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}}
    defs = {
        "Shape": {"oneOf": refs, "discriminator": {"propertyName": "kind"}},
        "Circle": variant("radius"),
        "Square": square,
    }
    source = models_file({"$defs": defs}, {})
    assert models_file({"$defs": defs}, {}, spread=1) == source
    classes = _classes(source)
    assert classes.index("Square") < classes.index("Radius3")
    assert classes.index("Circle") < classes.index("Radius2")
    module = _imported(source, "botspec_invented_bases_models")
    circle = {"kind": "Circle", "radius": {"kind": "Square", "zz": 1}}
    assert module.Shape.model_validate(circle).root.radius.root.zz == 1


def test_aliases_the_model_tool_names_itself_keep_their_own_constraints() -> None:
    # Constrained map values become `Scores = TypeAliasType("Scores", ...)`, named by
    # datamodel-code-generator and unique within one call only: one `Score`, then `Score1`.
    defs = {
        f"Board{i}": {
            "type": "object",
            "properties": {
                "score": {
                    "type": "object",
                    "additionalProperties": {"type": "integer", "maximum": i},
                }
            },
        }
        for i in range(1, 4)
    }
    whole = models_file({"$defs": defs}, {}, spread=0)
    assert models_file({"$defs": defs}, {}, spread=1) == whole
    module = _imported(whole, "botspec_alias_models")
    for i in range(1, 4):
        board = getattr(module, f"Board{i}")
        assert board.model_validate({"score": {"a": i}}).score == {"a": i}
        with pytest.raises(ValueError, match="less than or equal to"):
            board.model_validate({"score": {"a": i + 1}})


def test_extra_fields_marked_left_to_right_keep_a_known_enum_value_as_the_member() -> None:
    # The model stage marks a received enum's extra fields `Level | str`, tried in order.
    ordered = {"anyOf": [{"$ref": "#/$defs/Level"}, {"type": "string"}]}
    defs = {
        "Level": {"type": "string", "enum": ["low", "high"]},
        "Levels": {
            "type": "object",
            "properties": {"owner": {"type": "string"}},
            "additionalProperties": {**ordered, "union_mode": "left_to_right"},
        },
    }
    whole = models_file({"$defs": defs}, {}, spread=0)
    assert models_file({"$defs": defs}, {}, spread=1) == whole
    assert 'dict[str, Annotated[Level | str, Field(union_mode="left_to_right")]]' in whole
    module = _imported(whole, "botspec_ordered_extra_models")
    levels = module.Levels.model_validate_json('{"a": "low", "b": "new"}')
    assert levels.__pydantic_extra__ == {"a": module.Level("low"), "b": "new"}
    assert type(levels.__pydantic_extra__["a"]) is module.Level


def test_only_a_class_declaring_an_alias_sets_populate_by_name_and_its_subclasses_inherit_it() -> (
    None
):
    # datamodel-code-generator sets it on every class; without aliases it means nothing.
    closed = {"type": "object", "additionalProperties": False}  # as the model stage closes them
    note = {**closed, "properties": {"note": {"type": "string"}}}
    defs = {
        "Plain": {**closed, "properties": {"name": {"type": "string"}}},
        "Aliased": {**closed, "properties": {"user-id": {"type": "string"}}},
        "Child": {"allOf": [{"$ref": "#/$defs/Aliased"}, note]},
        "PlainChild": {"allOf": [{"$ref": "#/$defs/Plain"}, note]},
    }
    whole = models_file({"$defs": defs}, {"Aliased.user-id": "user_id"}, spread=0)
    module = _imported(whole, "botspec_unaliased_models")
    configs = {name: getattr(module, name).model_config for name in defs}
    assert [name for name, config in configs.items() if config.get("populate_by_name")] == [
        "Aliased",
        "Child",
    ]
    assert whole.count("populate_by_name=True") == 1
    assert module.Child(user_id="1", note="n").user_id == "1"
    assert module.Child.model_validate({"user-id": "2"}).user_id == "2"
    assert module.PlainChild(name="a", note="n").name == "a"


def test_chunks_end_after_the_same_classes_when_a_class_is_added_or_removed() -> None:
    before = chunks_of({"$defs": _DEFS}, {}, {}, 4)
    added = chunks_of({"$defs": {"New": _record("New"), **_DEFS}}, {}, {}, 4)
    removed = chunks_of({"$defs": {k: v for k, v in _DEFS.items() if k != "Leaf7"}}, {}, {}, 4)
    for after in (added, removed):
        kept = {c.key for c in before} & {c.key for c in after}
        assert len(kept) >= len(before) - 1 and len(after) - len(kept) <= 1


def test_a_chunk_holds_the_classes_its_own_refer_to_and_only_their_aliases() -> None:
    aliases = {"Top.id": "top_id", "Bottom.id": "bottom_id", "Extra0.id": "extra_id"}
    (top,) = (c for c in chunks_of({"$defs": _DEFS}, aliases, {}, 1) if c.classes == ("Top",))
    assert list(top.schema["$defs"]) == ["Colour", "Leaf3", "Top", "Middle", "Bottom"]
    assert top.aliases == {"Top.id": "top_id", "Bottom.id": "bottom_id"}


def test_a_schema_the_model_tool_refuses_is_a_located_spec_error_not_a_traceback() -> None:
    from generator.problems import SpecError

    defs = {
        "A": {"allOf": [{"$ref": "#/$defs/B"}, {"properties": {"a": {"type": "string"}}}]},
        "B": {"allOf": [{"$ref": "#/$defs/A"}, {"properties": {"b": {"type": "string"}}}]},
    }
    origins = {"A": ("openapi.yaml", 17, ("components", "schemas", "A"))}
    with pytest.raises(SpecError) as caught:
        models_file({"$defs": defs}, {}, origins, spread=0)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == ("openapi.yaml", 17)
    assert "inheritance cycle" in problem.message


def test_a_name_the_model_tool_gives_in_one_chunk_only_needs_no_second_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from generator.render import _models

    calls: list[tuple[str, ...]] = []
    real = _models._generate

    def counting(schema: Any, aliases: Any, origins: Any) -> str:
        calls.append(tuple(schema["$defs"]))
        return real(schema, aliases, origins)

    monkeypatch.setattr(_models, "_generate", counting)
    tags = {"type": "array", "items": {"enum": ["a", "b"]}}
    defs = {
        "Post": {"type": "object", "properties": {"tags": tags}},
        "Author": {"type": "object", "properties": {"name": {"type": "string"}}},
    }
    chunked = models_file({"$defs": defs}, {}, spread=1)
    assert calls == [("Post",), ("Author",)]
    assert chunked == models_file({"$defs": defs}, {}, spread=0)
    assert _classes(chunked) == ["Tag", "Post", "Author"]


def test_a_chunks_cache_key_changes_with_the_code_that_edits_what_the_model_tool_wrote(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A chunk kept by an earlier run must not be reused once the code making it has changed,
    # the edits made after datamodel-code-generator included.
    from generator.render import _model_edits, _models

    before = _models._models_step()
    real = Path.read_bytes
    edits_file = Path(_model_edits.__file__ or "")

    def changed(path: Path) -> bytes:
        return real(path) + (b"# changed\n" if path == edits_file else b"")

    monkeypatch.setattr(Path, "read_bytes", changed)
    _models._models_step.cache_clear()
    try:
        assert _models._models_step() != before
    finally:
        _models._models_step.cache_clear()
