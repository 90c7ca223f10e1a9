"""Edits to the source datamodel-code-generator writes, for what it does not write itself.

`render._models` makes each chunk of the models file with datamodel-code-generator, then
makes these edits (positions as `ast` gives them) before the chunk is kept:

* a typed `additionalProperties` beside properties declared as pydantic documents it
  (`typed_extra_edits`), so type checkers know the extra fields' type;
* a received enum's open union among an array's items or a map's values tried left to right
  (`open_enum_edits`), as a field's own is;
* a union of models without a discriminator annotated with `_best_fit` (`best_fit_edits`),
  which picks the variant an object is;
* a default holding a model or an enum member built by a default factory
  (`default_factories`, `factory_edits`), typed and made afresh for each instance;
* a received variant's optional tag field defaulting to its tag (`tag_defaults`,
  `tag_default_edits`), which datamodel-code-generator makes required;
* `populate_by_name` left out of the configuration of a class declaring no alias
  (`unaliased_config_edits`), where it means nothing;
* a constrained scalar among an array's items or a union's members, or a constrained array
  among a union's members, written in place (`inline_scalar_roots`, made first, on its own),
  not as a root model class of its own;
* a class only sent made a `_SentModel` (`sent_classes`, `sent_edits`), which leaves out a
  field given None unless its schema admits null.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any

from generator.model import SENT_NULLS, TAG_DEFAULT, picks_best_fit, ref_name
from generator.problems import Pointer, Problem, SpecError
from generator.render._filters import black_line, pyrepr

Origins = Mapping[str, tuple[str, int, Pointer]]  # class -> file, line, pointer; "": the spec
Position = tuple[int, int]  # line (from 1), UTF-8 column, as ast counts them
Edit = tuple[Position, Position, str]  # the text between two positions, and what replaces it


def edited(source: str, edits: Iterable[Edit]) -> str:
    """`source` with each edit made (they do not overlap); of insertions at one place, the
    earlier listed comes first."""
    data = source.encode()
    offset = _offsets(data)
    ordered = sorted(enumerate(edits), key=lambda e: (e[1][0], e[1][1], e[0]))
    pieces, done = [], 0  # joined once: an edit a class would make the whole file quadratic
    for _, (start, end, text) in ordered:
        pieces += [data[done : offset(start)], text.encode()]
        done = offset(end)
    return b"".join([*pieces, data[done:]]).decode()


def _offsets(data: bytes) -> Callable[[Position], int]:
    """The byte offset in `data` of a position as `ast` gives it."""
    starts = [0]
    for text_line in data.splitlines(keepends=True):
        starts.append(starts[-1] + len(text_line))
    return lambda position: starts[position[0] - 1] + position[1]


def _replacing(node: ast.expr | ast.stmt, text: str) -> Edit:
    """The edit putting `text` in place of `node`."""
    return _start(node), _end(node), text


def _end(node: ast.expr | ast.stmt) -> Position:
    assert node.end_lineno is not None and node.end_col_offset is not None
    return node.end_lineno, node.end_col_offset


def typed_extra_edits(tree: ast.Module) -> list[Edit]:
    """The type of a model's extra fields (typed `additionalProperties` beside properties),
    which datamodel-code-generator gives as `__annotations__ = {"__pydantic_extra__": ...}`,
    declared as pydantic documents it: type checkers then know it too. The type itself is
    left in place, for `open_enum_edits`."""
    edits: list[Edit] = []
    for node in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        for statement in node.body:
            value = _extra_type(statement)
            if value is None:
                continue
            head = "__pydantic_extra__: "
            edits.append((_start(statement), _start(value), head))
            edits.append((_end(value), _end(statement), " = Field(init=False)"))
            edits += [
                _replacing(name, "dict")
                for name in ast.walk(value)
                if isinstance(name, ast.Name) and name.id == "Dict"
            ]
    return edits


def _extra_type(statement: ast.stmt) -> ast.expr | None:
    """The type of `__annotations__ = {"__pydantic_extra__": <type>}`; None for another
    statement."""
    if not (
        isinstance(statement, ast.Assign)
        and [ast.unparse(t) for t in statement.targets] == ["__annotations__"]
        and isinstance(statement.value, ast.Dict)
        and len(statement.value.keys) == 1
        and isinstance(key := statement.value.keys[0], ast.Constant)
        and key.value == "__pydantic_extra__"
    ):
        return None
    return statement.value.values[0]


def _start(node: ast.expr | ast.stmt) -> Position:
    return node.lineno, node.col_offset


# -- open enums --------------------------------------------------------------------------------
# A received enum takes values the spec does not list: the model stage makes it `Color | str`,
# tried left to right (pydantic's smart mode takes a listed "red" for the `str`). A field's own
# union gets its `union_mode` from datamodel-code-generator, but one among an array's items or
# a map's values gets none: it is written `Annotated[Color | str, Field(union_mode=...)]`.

OPEN_ENUM_IMPORTS = [("typing", "Annotated"), ("pydantic", "Field")]


def open_enum_edits(tree: ast.Module, opened: Collection[str]) -> list[Edit]:
    """The insertions wrapping each union of a field's type (its extra fields' too) that is
    an open enum (`opened`: `open_enum_types`) and that no `union_mode` decides."""
    edits: list[Edit] = []
    for node in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        for statement in node.body:
            if isinstance(statement, ast.AnnAssign):
                edits += _open_enum_edits(statement.annotation, opened)
            elif (extra := _extra_type(statement)) is not None:
                edits += _open_enum_edits(extra, opened)
    return edits


def _open_enum_edits(node: ast.AST, opened: Collection[str]) -> list[Edit]:
    if isinstance(node, ast.Subscript) and _annotated_with(node, "union_mode"):
        first, *rest = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        parts = [*_union_members(first), *rest]  # the union itself is decided
        return [e for part in parts for e in _open_enum_edits(part, opened)]
    if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr)):
        return [e for child in ast.iter_child_nodes(node) for e in _open_enum_edits(child, opened)]
    members = _union_members(node)
    if " | ".join(ast.unparse(m) for m in members if ast.unparse(m) != "None") not in opened:
        return [e for m in members for e in _open_enum_edits(m, opened)]
    assert isinstance(node, ast.expr)
    mode = ', Field(union_mode="left_to_right")]'
    return [(_start(node), _start(node), "Annotated["), (_end(node), _end(node), mode)]


# -- constrained scalars ---------------------------------------------------------------------
# datamodel-code-generator makes a root model class of a constrained scalar that is an array's
# items or a union's member (`ShardItem(RootModel[int])` for `items: {type: integer, minimum:
# 0}`). Read, the value was then `ShardItem(root=0)`, not 0, and a caller had to build one to
# pass it; a subclass's field so declared contradicted its base's `str`. Such a class it names
# itself is written in place as its constrained type: `list[Annotated[int, Field(ge=0)]]`.
# So is such a class of a constrained array (`Annotated[list[str], Field(min_length=1)] |
# float`), which is as plain a value.

_SCALARS = frozenset({"str", "int", "float", "bool", "bytes"})
_REPEATED_NONE = re.compile(r"(?: \| None){2,}\b")
_SCALAR_ROOT = re.compile(
    rf"^class \w+\(RootModel\[(?:(?:{'|'.join(sorted(_SCALARS))}|None)\]\)|list\[)", re.M
)


def inline_scalar_roots(source: str, named: Collection[str]) -> str:
    """`source` with each root model class of a constrained scalar (or array) that is not
    one of the spec's (`named`) written in place where it is used, and left out."""
    while _SCALAR_ROOT.search(source):  # most chunks: spared a parse
        inlined = _inline_leaf_roots(source, named)
        if inlined == source:
            break
        source = inlined
    return source


def _inline_leaf_roots(source: str, named: Collection[str]) -> str:
    """`inline_scalar_roots` of the classes using no other such class (an array's may use
    its items'), which are written in place of them first."""
    tree = ast.parse(source)
    roots = {
        node.name: (node, annotation)
        for node in tree.body
        if isinstance(node, ast.ClassDef) and node.name not in named
        for annotation in [_scalar_root(node, source)]
        if annotation
    }
    roots = {name: root for name, root in roots.items() if not _uses(root[0], roots)}
    if not roots:
        return source
    edits = [_replacing(node, "") for node, _ in roots.values()]
    relaid: set[ast.expr] = set()
    for statement in _statements(tree):
        uses = _uses(statement, roots)
        if uses and statement.lineno == statement.end_lineno:
            edits.append(_relaid(statement, source, {node: roots[node.id][1] for node in uses}))
            relaid.update(uses)
    edits += [_replacing(n, roots[n.id][1]) for n in _uses(tree, roots) if n not in relaid]
    return edited(source, edits)


def _uses(node: ast.AST, names: Collection[str]) -> list[ast.Name]:
    return [
        n
        for n in ast.walk(node)
        if isinstance(n, ast.Name) and n.id in names and isinstance(n.ctx, ast.Load)
    ]


def _statements(tree: ast.Module) -> Iterable[ast.stmt]:
    """The module's statements, each class's body in the class's place (its line, with its
    bases, is no statement of these)."""
    for node in tree.body:
        yield from node.body if isinstance(node, ast.ClassDef) else [node]


def _relaid(statement: ast.stmt, source: str, texts: Mapping[ast.expr, str]) -> Edit:
    """The edit writing a one-line statement with `texts` in place of its nodes, laid out
    as black lays it out (the class written in place may make it too long for one line)."""
    start = statement.col_offset
    line = edited(
        ast.get_source_segment(source, statement) or "",
        [
            ((1, n.col_offset - start), (1, (n.end_col_offset or 0) - start), t)
            for n, t in texts.items()
        ],
    )
    line = _REPEATED_NONE.sub(" | None", line)  # a null root written beside the union's own
    return _replacing(statement, black_line(line, start)[start:])


def _scalar_root(node: ast.ClassDef, source: str) -> str:
    """The annotation of a `RootModel[int]` class whose one statement (a docstring aside) is
    `root: Annotated[int, Field(...)]`, or `root: int`, as the source writes it (`None` for a
    `RootModel[None]`); else empty."""
    body = [s for s in node.body if not (isinstance(s, ast.Expr) and _is_text(s.value))]
    match node.bases, body:
        case (
            [ast.Subscript(value=ast.Name(id="RootModel"), slice=base)],
            [ast.AnnAssign(target=ast.Name(id="root"), annotation=annotation)],
        ) if (
            _inlined(base) and not node.keywords and _annotates(annotation, base)
        ):
            return ast.get_source_segment(source, annotation) or ""
        case (  # null given a constraint its base's field has, which says nothing of null
            [ast.Subscript(value=ast.Name(id="RootModel"), slice=ast.Constant(value=None))],
            [ast.AnnAssign(target=ast.Name(id="root"), annotation=ast.Constant(value=None))],
        ) if not node.keywords:
            return "None"
    return ""


def _inlined(base: ast.expr) -> bool:
    """Whether a root model class of `base` is written in place: a scalar, or a list (a
    constrained array among a union's members, `type: [number, array]` beside `minItems`)."""
    match base:
        case ast.Name(id=scalar):
            return scalar in _SCALARS
        case ast.Subscript(value=ast.Name(id="list")):
            return True
    return False


def _annotates(annotation: ast.expr, base: ast.expr) -> bool:
    """Whether `annotation` is `base`, constrained (`Annotated[int, Field(ge=0)]`) or not:
    the tool writes a member of a base's union a subclass narrows away as a plain one."""
    match annotation:
        case ast.Subscript(value=ast.Name(id="Annotated"), slice=ast.Tuple(elts=[inner, *_])):
            return ast.dump(inner) == ast.dump(base)
    return ast.dump(annotation) == ast.dump(base)


def _is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


# -- unions of models without a discriminator ---------------------------------------------------
# Models keep unknown fields, so an object validates as any variant whose required fields it
# has, and pydantic's smart mode then takes the first of them for JSON input: `{"b": 1}` came
# back as an `A` (no field set) in a union `A | B` of models of optional fields. Beside a map
# (`A | dict[str, int]`) smart mode even read a JSON object otherwise than the same dict from
# Python. Such a union is annotated with `_best_fit`, which picks the variant itself.

BEST_FIT = '''def _best_fit(*variants: Any) -> WrapValidator:
    """The variant of a union without a discriminator, of models or of models and maps
    (`dict[str, int]`), that an object is, read alike from JSON and from Python: of those it
    validates as, the model declaring most of its keys, then the one it leaves fewest fields
    unset of; else a map; else a model declaring none of its keys; then the first listed.
    Models keep unknown fields, so without this an object would be taken for the first model
    whose required fields it has."""
    models = [v if isinstance(v, type) and issubclass(v, BaseModel) else None for v in variants]
    adapters: dict[int, TypeAdapter[Any]] = {}

    def misfit(index: int, keys: set[str]) -> tuple[int, int, int]:
        model = models[index]
        if model is None:
            return 1, 0, 0  # a map: its values' schema holds for every key
        fields = {} if model.__pydantic_root_model__ else model.model_fields
        names = {field.alias or name for name, field in fields.items()}
        declared = len(names & keys)
        return (0 if declared or not keys else 2), -declared, len(names - keys)

    def validated(index: int, fields: dict[str, Any]) -> Any:
        model = models[index]
        if model is not None:
            return model.model_validate(fields)
        if index not in adapters:  # made at first use: the map's values may name later classes
            adapters[index] = TypeAdapter(variants[index])
        return adapters[index].validate_python(fields)

    def pick(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        if not isinstance(value, dict):
            return handler(value)
        fields = cast("dict[str, Any]", value)
        keys = set(fields)
        for index in sorted(range(len(variants)), key=lambda i: misfit(i, keys)):
            try:
                return validated(index, fields)
            except ValidationError:
                continue
        return handler(value)  # no variant takes it: pydantic says why

    return WrapValidator(pick)
'''
BEST_FIT_IMPORTS = [
    *(("typing", name) for name in ("Annotated", "Any", "cast")),
    *(
        ("pydantic", name)
        for name in (
            "BaseModel",
            "TypeAdapter",
            "ValidationError",
            "ValidatorFunctionWrapHandler",
            "WrapValidator",
        )
    ),
]


def best_fit_edits(tree: ast.Module) -> list[Edit]:
    """Each union of two or more models, or of models and maps, in a field's annotation that
    no discriminator tags, wrapped: `Annotated[A | B | None, _best_fit(A, B)]`,
    `Annotated[A | dict[str, int], _best_fit(A, dict[str, int])]`."""
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    fits = _Fits({name for name in classes if _is_model(name, classes, set())}, classes)
    edits: list[Edit] = []
    for node in classes.values():
        for statement in node.body:
            if isinstance(statement, ast.AnnAssign):
                edits += fits.edits(statement.annotation)
    return edits


def _is_model(name: str, classes: Mapping[str, ast.ClassDef], seen: set[str]) -> bool:
    """A class with fields of its own (not a root model, nor an enum)."""
    for base in classes[name].bases:
        if isinstance(base, ast.Name) and base.id == "BaseModel":
            return True
        if isinstance(base, ast.Name) and base.id in classes and base.id not in seen:
            return _is_model(base.id, classes, seen | {name})
    return False


def _is_enum(node: ast.ClassDef) -> bool:
    """An enum class: no model to pick for an object (nor one `_best_fit` can try)."""
    return any(
        isinstance(b, ast.Name) and b.id in ("Enum", "IntEnum", "StrEnum") for b in node.bases
    )


def _is_map(node: ast.expr) -> bool:
    """`dict[str, ...]`: an object schema without properties."""
    return (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name)
        and node.value.id == "dict"
    )


class _Fits:
    """Which unions of an annotation `_best_fit` picks for, given the models of the file."""

    def __init__(self, models: set[str], classes: Mapping[str, ast.ClassDef]) -> None:
        self.models = models
        self.classes = classes

    def variants(self, members: list[ast.expr]) -> list[ast.expr] | None:
        """What `_best_fit` tries of a union's members: its classes (not enums) and maps;
        None for a union it is not for (`picks_best_fit`)."""
        models = sum(1 for m in members if isinstance(m, ast.Name) and m.id in self.models)
        if not picks_best_fit(models, any(_is_map(m) for m in members)):
            return None
        return [m for m in members if _is_map(m) or self._is_class(m)]

    def _is_class(self, node: ast.expr) -> bool:
        return (
            isinstance(node, ast.Name)
            and node.id in self.classes
            and not _is_enum(self.classes[node.id])
        )

    def edits(self, node: ast.AST) -> list[Edit]:
        """The insertions wrapping each union of `node` that `_best_fit` is for."""
        if isinstance(node, ast.Subscript) and _is_discriminated(node):
            return []
        if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr)):
            return [e for child in ast.iter_child_nodes(node) for e in self.edits(child)]
        members = _union_members(node)
        inner = [e for m in members for e in self.edits(m)]
        variants = self.variants(members)
        if variants is None:
            return inner
        start, end = _start(node), _end(node)
        fit = f", _best_fit({', '.join(self.text(v) for v in variants)})]"
        return [(start, start, "Annotated["), *inner, (end, end, fit)]

    def text(self, node: ast.expr) -> str:
        """`node` as `edits` leaves it: a map passed to `_best_fit` must pick its own values'
        variants as the field does."""
        if isinstance(node, ast.Subscript) and not _is_discriminated(node):
            return f"{ast.unparse(node.value)}[{self.text(node.slice)}]"
        if isinstance(node, ast.Tuple):
            return ", ".join(self.text(e) for e in node.elts)
        if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr)):
            return ast.unparse(node)
        members = _union_members(node)
        union = " | ".join(self.text(m) for m in members)
        variants = self.variants(members)
        if variants is None:
            return union
        return f"Annotated[{union}, _best_fit({', '.join(self.text(v) for v in variants)})]"


def _union_members(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return [*_union_members(node.left), *_union_members(node.right)]
    return [node]


def _is_discriminated(node: ast.Subscript) -> bool:
    """`Annotated[..., Field(discriminator=...)]`: a tagged union picks its variant itself."""
    return _annotated_with(node, "discriminator")


def _annotated_with(node: ast.Subscript, keyword: str) -> bool:
    """`Annotated[..., Field(<keyword>=...)]`."""
    if not (isinstance(node.value, ast.Name) and node.value.id == "Annotated"):
        return False
    parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else []
    return any(
        isinstance(part, ast.Call) and any(k.arg == keyword for k in part.keywords)
        for part in parts
    )


# -- defaults holding models -------------------------------------------------------------------
# A field's default that holds a model or an enum member (`settings: {$ref: Settings,
# default: {mode: a}}`) is built by a default factory, typed and made afresh for each instance:
# datamodel-code-generator writes the JSON value itself, which type checkers refuse.

Factories = dict[tuple[str, str], str]  # (class, Python field name) -> the factory's expression


Defaults = dict[tuple[str, str], tuple[Any, Any]]  # (class, wire name) -> (schema, default)


def default_factories(
    defs: Mapping[str, Any], aliases: Mapping[str, str], origins: Origins
) -> tuple[dict[str, Any], Factories]:
    """`defs` without the defaults that need a factory, and the factories. SpecError for a
    default that would build itself without end (`_endless`)."""
    out: dict[str, Any] = {}
    factories: Factories = {}
    defaults: Defaults = {}
    for name, schema in defs.items():
        out[name] = _without_factory_defaults(name, schema, defs, aliases, factories, defaults)
    for (name, wire), (schema, value) in defaults.items():
        if _endless(schema, value, defs, defaults, [(name, wire)]):
            file, line, pointer = origins.get(name, ("<models>", 1, ()))
            message = (
                f"model {name}: the default of '{wire}' holds a model whose own defaults build "
                f"it again without end: set '{wire}' inside the default (null ends it) or "
                "leave the default out"
            )
            raise SpecError([Problem(file, line, pointer, message)])
    return out, factories


def _endless(
    schema: Any, value: Any, defs: Mapping[str, Any], defaults: Defaults, stack: list[Any]
) -> bool:
    """Whether building `value` as `schema` runs a default factory already running (`stack`):
    a model built from a default takes the defaults of the fields the value leaves out."""
    if not isinstance(schema, dict):
        return False
    if "$ref" in schema:
        name = ref_name(schema["$ref"])
        if not isinstance(value, dict) or name not in defs:
            return _endless(defs.get(name), value, defs, defaults, stack)
        for owner, wire, sub in _fields(name, defs, set()):
            if wire in value:
                if _endless(sub, value[wire], defs, defaults, stack):
                    return True
            elif (owner, wire) in defaults:
                if (owner, wire) in stack:
                    return True
                default_schema, default = defaults[owner, wire]
                if _endless(default_schema, default, defs, defaults, [*stack, (owner, wire)]):
                    return True
        return False
    for key in ("anyOf", "oneOf"):
        if isinstance(schema.get(key), list):
            member = next((m for m in schema[key] if _accepts(m, value, defs)), None)
            return _endless(member, value, defs, defaults, stack)
    if isinstance(value, list):
        return any(_endless(schema.get("items"), v, defs, defaults, stack) for v in value)
    if isinstance(value, dict):
        extra = schema.get("additionalProperties")
        return any(_endless(extra, v, defs, defaults, stack) for v in value.values())
    return False


def _fields(name: str, defs: Mapping[str, Any], seen: set[str]) -> list[tuple[str, str, Any]]:
    """(class declaring it, wire name, schema) of each field of class `name`, inherited ones
    included."""
    schema = defs.get(name)
    if not isinstance(schema, dict) or name in seen:
        return []
    out: list[tuple[str, str, Any]] = []
    for member in schema.get("allOf") or []:
        if isinstance(member, dict) and "$ref" in member:
            out += _fields(ref_name(member["$ref"]), defs, seen | {name})
        elif isinstance(member, dict):
            out += [(name, w, p) for w, p in (member.get("properties") or {}).items()]
    out += [(name, w, p) for w, p in (schema.get("properties") or {}).items()]
    return out


def _without_factory_defaults(
    name: str,
    schema: Any,
    defs: Mapping[str, Any],
    aliases: Mapping[str, str],
    factories: Factories,
    defaults: Defaults,
    required: frozenset[str] = frozenset(),
) -> Any:
    """A class's schema (or an inline `allOf` member's) with such defaults taken out."""
    if not isinstance(schema, dict):
        return schema
    required = required | frozenset(schema.get("required") or ())
    out = dict(schema)
    if isinstance(schema.get("allOf"), list):
        out["allOf"] = [
            _without_factory_defaults(name, m, defs, aliases, factories, defaults, required)
            for m in schema["allOf"]
        ]
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return out
    kept: dict[str, Any] = {}
    for wire, prop in properties.items():
        if isinstance(prop, dict) and "default" in prop and wire not in required:
            expression = _default_expression(prop, prop["default"], defs)
            if expression is not None:
                factories[name, aliases.get(f"{name}.{wire}", wire)] = expression
                defaults[name, wire] = prop, prop["default"]
                prop = {k: v for k, v in prop.items() if k != "default"}
        kept[wire] = prop
    out["properties"] = kept
    return out


def _default_expression(schema: dict[str, Any], value: Any, defs: Mapping[str, Any]) -> str | None:
    """The Python expression of `value` as a field of type `schema` holds it, where that is
    not what datamodel-code-generator writes: None for a value holding no model or enum
    member, and for an enum member alone (`= Kind.B`, which it writes)."""
    expression, classes = _built(schema, value, defs)
    if not classes or (not isinstance(value, dict | list) and ".model_validate(" not in expression):
        return None
    return expression


def _built(schema: Any, value: Any, defs: Mapping[str, Any]) -> tuple[str, bool]:
    """`value` as a Python expression of the type `schema` makes, and whether it names a
    class: a model validates its JSON value, an enum member is called by its value."""
    if not isinstance(schema, dict):
        return pyrepr(value), False
    if "$ref" in schema:
        name = ref_name(schema["$ref"])
        if "enum" in (defs.get(name) or {}):
            return f"{name}({pyrepr(value)})", True
        return f"{name}.model_validate({pyrepr(value)})", True
    for key in ("anyOf", "oneOf"):
        if isinstance(schema.get(key), list):
            member = next((m for m in schema[key] if _accepts(m, value, defs)), None)
            return _built(member, value, defs)
    members = schema.get("allOf")
    if isinstance(members, list) and len(members) == 1:
        return _built(members[0], value, defs)
    if isinstance(value, list):
        items = [_built(schema.get("items"), item, defs) for item in value]
        return "[" + ", ".join(e for e, _ in items) + "]", any(c for _, c in items)
    if isinstance(value, dict) and isinstance(schema.get("additionalProperties"), dict):
        entries = {k: _built(schema["additionalProperties"], v, defs) for k, v in value.items()}
        text = ", ".join(f"{pyrepr(k)}: {e}" for k, (e, _) in entries.items())
        return "{" + text + "}", any(c for _, c in entries.values())
    return pyrepr(value), False


def _accepts(schema: Any, value: Any, defs: Mapping[str, Any]) -> bool:
    """Whether a union member's schema admits `value` (the first that does holds it, as a
    union tried left to right would take it)."""
    from jsonschema import Draft202012Validator

    if not isinstance(schema, dict):
        return bool(schema)
    return bool(Draft202012Validator({**schema, "$defs": dict(defs)}).is_valid(value))


def factory_edits(tree: ast.Module, factories: Factories) -> list[Edit]:
    """The default of each field in `factories` (None, once its JSON default is taken out)
    replaced by its `Field(default_factory=...)`."""
    edits: list[Edit] = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        for statement in node.body:
            if not (
                isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)
            ):
                continue
            expression = factories.get((node.name, statement.target.id))
            value = statement.value
            if expression is None or value is None:
                continue
            built = _as_declared(expression, statement.annotation)
            edits.append(_replacing(value, f"Field(default_factory=lambda: {built})"))
    return edits


def _as_declared(expression: str, annotation: ast.expr) -> str:
    """A list or dict default built as the field's own container type (`list[X | None]([...])`):
    a type checker infers a literal's items from what it holds (`list[X]`), which a container
    of `X | None` does not take (lists and dicts are invariant)."""
    if not expression.startswith(("[", "{")):
        return expression
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        none = annotation.right
        if isinstance(none, ast.Constant) and none.value is None:
            annotation = annotation.left
    if not (isinstance(annotation, ast.Subscript) and isinstance(annotation.value, ast.Name)):
        return expression
    declared = ast.unparse(annotation)
    # Only where the items admit more than the literal holds, a union (`X | None`, an open
    # enum's `Kind | int`); else the literal is kept.
    unions = (n for n in ast.walk(annotation.slice) if isinstance(n, ast.BinOp))
    if annotation.value.id in ("list", "dict") and any(unions):
        return f"{declared}({expression})"
    return expression


# -- tags of variants read alone ------------------------------------------------------------


def tag_defaults(
    defs: Mapping[str, Any], aliases: Mapping[str, str]
) -> tuple[dict[str, Any], dict[tuple[str, str], str]]:
    """`defs` without the model stage's `TAG_DEFAULT` markers, and the tag each marked field
    (class, Python name) defaults to."""
    out: dict[str, Any] = {}
    found: dict[tuple[str, str], str] = {}
    for name, schema in defs.items():
        properties = schema.get("properties") if isinstance(schema, dict) else None
        if isinstance(properties, dict):
            kept = {}
            for wire, prop in properties.items():
                if isinstance(prop, dict) and TAG_DEFAULT in prop:
                    found[name, aliases.get(f"{name}.{wire}", wire)] = prop[TAG_DEFAULT]
                    prop = {k: v for k, v in prop.items() if k != TAG_DEFAULT}
                kept[wire] = prop
            schema = {**schema, "properties": kept}
        out[name] = schema
    return out, found


def tag_default_edits(tree: ast.Module, defaults: Mapping[tuple[str, str], str]) -> list[Edit]:
    """` = "cat"` after each field of `defaults` declared without a default."""
    edits: list[Edit] = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        for statement in node.body:
            if (
                isinstance(statement, ast.AnnAssign)
                and isinstance(statement.target, ast.Name)
                and statement.value is None
                and (node.name, statement.target.id) in defaults
            ):
                end = _end(statement)
                tag = defaults[node.name, statement.target.id]
                edits.append((end, end, f" = {pyrepr(tag)}"))
    return edits


# -- sent classes ------------------------------------------------------------------------------
# A method leaves out an optional argument given None unless its schema admits null; a class
# only sent does the same with its fields, at any depth of a request (`Inner(note=None)`
# sent `{"note": null}`, which a server refuses for a field that admits no null).

SENT_MODEL = '''class _SentModel(BaseModel):
    """A model the client sends: a field holding None when it is sent is left out, as an
    argument given None is, unless its schema admits null (`_nullable`), where None is sent
    as null."""

    _nullable: ClassVar[frozenset[str]] = frozenset()

    # On serialising, not on building or setting: a model_copy(update=) or model_construct
    # sets fields without either, and what is sent is serialised whichever way it was made.
    # Such a None counts as unset: a dump leaving unset fields out (as the client's does)
    # leaves it out too, the model left as it is (a dump has no side effects).
    @model_serializer(mode="wrap")
    def _leave_out_nones(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> dict[str, Any]:
        fields_sent: dict[str, Any] = handler(self)
        if info.exclude_unset:
            _SentModel._trim(self, fields_sent, info.by_alias)
        return fields_sent

    @staticmethod
    def _trim(model: object, fields_sent: dict[str, Any], by_alias: bool) -> None:
        """Take out of `fields_sent` the fields of `model` holding None, but those admitting
        null. It may be no model: pydantic hands the serializer whatever model_construct put
        in a field."""
        if isinstance(model, _SentModel):
            for name, field in type(model).model_fields.items():
                if name not in model._nullable and getattr(model, name, None) is None:
                    key = (field.serialization_alias or field.alias) if by_alias else None
                    fields_sent.pop(key or name, None)
'''
SENT_MODEL_IMPORTS = [
    ("typing", "Any"),
    ("typing", "ClassVar"),
    ("pydantic", "BaseModel"),
    ("pydantic", "SerializationInfo"),
    ("pydantic", "SerializerFunctionWrapHandler"),
    ("pydantic", "model_serializer"),
]


def sent_classes(defs: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, frozenset[str]]]:
    """`defs` without the model stage's `SENT_NULLS` markers, and each class only sent with
    its fields whose None is sent as null."""
    out: dict[str, Any] = {}
    sent: dict[str, frozenset[str]] = {}
    for name, schema in defs.items():
        if isinstance(schema, dict) and SENT_NULLS in schema:
            sent[name] = frozenset(schema[SENT_NULLS])
            schema = {k: v for k, v in schema.items() if k != SENT_NULLS}
        out[name] = schema
    return out, sent


def sent_edits(tree: ast.Module, sent: Mapping[str, frozenset[str]]) -> list[Edit]:
    """Each class of `sent` a `_SentModel`: its base in place of `BaseModel`, or beside bases
    none of which is one; its `_nullable` declared where it does not inherit them."""
    edits: list[Edit] = []
    for node in (n for n in tree.body if isinstance(n, ast.ClassDef) and n.name in sent):
        bases = [base.id for base in node.bases if isinstance(base, ast.Name)]
        inherited = next((sent[base] for base in bases if base in sent), None)
        if bases == ["BaseModel"]:
            edits.append(_replacing(node.bases[0], "_SentModel"))
        elif inherited is None:
            end = _end(node.bases[-1])
            edits.append((end, end, ", _SentModel"))
        if sent[node.name] != (inherited or frozenset()):
            names = ", ".join(pyrepr(name) for name in sorted(sent[node.name]))
            edits.append(
                _leading(node, f"_nullable: ClassVar[frozenset[str]] = frozenset({{{names}}})")
            )
    return edits


def _leading(node: ast.ClassDef, statement: str) -> Edit:
    """The edit putting `statement` in class `node` after its docstring and `model_config`."""
    indent = " " * node.body[0].col_offset
    before = [s for s in node.body[:2] if _is_config(s) or _is_docstring(s)]
    if before and before == node.body[: len(before)]:
        end = _end(before[-1])
        return end, end, f"\n{indent}{statement}"
    start = _start(node.body[0])
    return start, start, f"{statement}\n{indent}"


def _is_docstring(statement: ast.stmt) -> bool:
    return isinstance(statement, ast.Expr) and _is_text(statement.value)


def _is_config(statement: ast.stmt) -> bool:
    return isinstance(statement, ast.Assign) and [
        getattr(t, "id", None) for t in statement.targets
    ] == ["model_config"]


# -- configuration ------------------------------------------------------------------------


def unaliased_config_edits(tree: ast.Module, source: str) -> list[Edit]:
    """`model_config` without `populate_by_name=True` in each class declaring no alias:
    datamodel-code-generator sets it on every class, where it says nothing but to a reader
    who then looks for the aliases. A subclass of a class with aliases inherits the setting
    with the rest of its base's configuration."""
    data = source.encode()
    offset = _offsets(data)  # not ast.get_source_segment, which splits the source each call

    def text(node: ast.expr) -> str:
        return data[offset(_start(node)) : offset(_end(node))].decode()

    edits: list[Edit] = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef) or _declares_alias(node):
            continue
        for statement in node.body:
            call = _config_call(statement)
            if call is None:
                continue
            kept = [k for k in call.keywords if k.arg != "populate_by_name"]
            if kept and len(kept) < len(call.keywords):
                arguments = ", ".join(f"{k.arg}={text(k.value)}" for k in kept)
                edits.append(_replacing(call, f"ConfigDict({arguments})"))
    return edits


def _config_call(statement: ast.stmt) -> ast.Call | None:
    """The `ConfigDict(...)` call of a `model_config = ConfigDict(...)` statement."""
    if (
        _is_config(statement)
        and isinstance(statement, ast.Assign)
        and isinstance(statement.value, ast.Call)
        and getattr(statement.value.func, "id", None) == "ConfigDict"
        and not statement.value.args
        and all(k.arg is not None for k in statement.value.keywords)
    ):
        return statement.value
    return None


def _declares_alias(node: ast.ClassDef) -> bool:
    return any(
        isinstance(inner, ast.keyword) and inner.arg in ("alias", "validation_alias")
        for statement in node.body
        for inner in ast.walk(statement)
    )
