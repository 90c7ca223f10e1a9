"""The models file: pydantic v2 classes from datamodel-code-generator, made in chunks.

datamodel-code-generator is the slowest step of a generation but black, and its time grows
with the classes it is given. So the classes are cut into chunks, each made by one call
whose schema holds the chunk's classes and every class they refer to, and each kept in the
cache (`generator.cache`) under a key of its own: after an edit to a spec, only the chunks
holding a class that changed, or referring to one, are made again. A chunk ends after a
class whose name hashes to a multiple of `SPREAD`, so adding or removing a class moves no
other chunk's boundaries.

The file does not depend on where the chunks end (a test cuts them everywhere and nowhere):
a class's code depends only on its schema and those of the classes it refers to, which its
chunk holds, and the file puts the classes in an order of its own: each after the classes
it refers to (in a cycle, after those its statement evaluates), else in the model stage's
order.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import inspect
import json
import platform
import re
import sys
import warnings
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from importlib.metadata import PackageNotFoundError, requires, version
from pathlib import Path
from typing import Any

from generator._gc import paused_collection
from generator.cache import cache_key
from generator.model import (
    Api,
    ancestors,
    base_refs,
    defs_referenced,
    open_enum_types,
    own_properties,
    ref_name,
)
from generator.problems import Problem, SpecError
from generator.render import _filters as _filters_module
from generator.render import _model_edits as _edits
from generator.render._filters import (
    STRING_OR_COMMENT,
    black_quotes,
    docstring,
    from_import,
)
from generator.render._model_edits import (
    BEST_FIT,
    BEST_FIT_IMPORTS,
    OPEN_ENUM_IMPORTS,
    SENT_MODEL,
    SENT_MODEL_IMPORTS,
    Origins,
    best_fit_edits,
    default_factories,
    edited,
    factory_edits,
    inline_scalar_roots,
    open_enum_edits,
    sent_classes,
    sent_edits,
    tag_default_edits,
    tag_defaults,
    typed_extra_edits,
    unaliased_config_edits,
)
from generator.write import HEADER as _HEADER  # marks the folder as a generated package

MODELS_FILE = "_models.py"
SPREAD = 32  # classes per chunk, on average
_ROOT_CLASS = "BotspecUnusedRoot"  # datamodel-code-generator insists on a root model; dropped
# Warnings about the tools themselves, not about the schema they are given.
_TOOL_WARNINGS = (DeprecationWarning, PendingDeprecationWarning, ResourceWarning)


@dataclass(frozen=True)
class ModelsChunk:
    """Classes of the models file made by one call of datamodel-code-generator."""

    classes: tuple[str, ...]  # its own, in the model stage's order
    schema: dict[str, Any]  # `$defs`: those classes and every class they refer to
    aliases: dict[str, str]  # wire name -> Python name, of the fields in `schema`
    origins: Origins  # where each class's schema is, to locate a problem

    @cached_property
    def key(self) -> str:
        """Its key in the cache: everything its result depends on (`_models_step`)."""
        return cache_key(
            _models_step(),
            "\n".join(self.classes),
            json.dumps(self.schema, ensure_ascii=False),
            json.dumps(self.aliases, ensure_ascii=False),
        )


def models_source(api: Api) -> str:
    """Pydantic v2 models for every class the model stage named, in process."""
    return models_file(api.models_schema, api.field_aliases, api.model_origins)


def models_file(
    schema: Mapping[str, Any],
    aliases: Mapping[str, str],
    origins: Origins | None = None,
    spread: int | None = None,
) -> str:
    """The models file for `schema`, whose `$defs` are the classes; `aliases` maps wire
    names to Python names. SpecError when datamodel-code-generator warns: its warnings
    say the models would not do what the schema says (a union that cannot decode a
    variant, a tuple typed as a list...), located through `origins`."""
    defs = schema.get("$defs") or {}
    made = make_chunks(chunks_of(schema, aliases, origins or {}, spread))
    joined = _joined(defs, made)
    if joined is None:
        joined = _joined(defs, make_chunks(chunks_of(schema, aliases, origins or {}, 0)))
    assert joined is not None  # one chunk
    return joined


def models_chunks(api: Api, spread: int | None = None) -> list[ModelsChunk]:
    """The chunks of `api`'s models, in order (`chunks_of`)."""
    return chunks_of(api.models_schema, api.field_aliases, api.model_origins, spread)


def chunks_of(
    schema: Mapping[str, Any],
    aliases: Mapping[str, str],
    origins: Origins,
    spread: int | None = None,
) -> list[ModelsChunk]:
    """The classes of `schema` cut into chunks of `spread` on average (default `SPREAD`;
    1: one class each; 0: all in one)."""
    spread = SPREAD if spread is None else spread
    defs: Mapping[str, Any] = schema.get("$defs") or {}
    references = _references(defs)
    taggers = _taggers(defs)
    for name, unions in taggers.items():
        references[name] = (*references[name], *unions)
    chunks: list[ModelsChunk] = []
    owned: list[str] = []
    for name in defs:
        owned.append(name)
        if spread and _hash(name) % spread == 0:
            chunks.append(_chunk(owned, defs, references, aliases, origins))
            owned = []
    if owned or not chunks:  # no class at all: one chunk all the same, for the imports
        chunks.append(_chunk(owned, defs, references, aliases, origins))
    return chunks


def _hash(name: str) -> int:
    digest = hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def _chunk(
    owned: Sequence[str],
    defs: Mapping[str, Any],
    references: Mapping[str, tuple[str, ...]],
    aliases: Mapping[str, str],
    origins: Origins,
) -> ModelsChunk:
    needed = set(owned)
    todo = list(owned)
    while todo:
        for name in references[todo.pop()]:
            if name not in needed:
                needed.add(name)
                todo.append(name)
    closure = {name: schema for name, schema in defs.items() if name in needed}
    return ModelsChunk(
        tuple(owned),
        {"$defs": closure},
        {wire: python for wire, python in aliases.items() if wire.split(".")[0] in needed},
        origins,
    )


def _taggers(defs: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """The discriminated unions each class is a variant of: datamodel-code-generator writes
    a variant's tag field (`Literal["cat"]`) from the unions it is in, so a chunk holding the
    class holds them too."""
    out: dict[str, list[str]] = {}
    for name, schema in defs.items():
        for variant in sorted(_variants(schema) & defs.keys()):
            out.setdefault(variant, []).append(name)
    return {variant: tuple(unions) for variant, unions in out.items()}


def _variants(schema: Any) -> set[str]:
    """The classes the discriminated unions in `schema` hold, at any depth."""
    found: set[str] = set()
    for union in _discriminated(schema):
        found |= defs_referenced([*(union.get("oneOf") or []), *(union.get("anyOf") or [])])
    return found


def _discriminated(schema: Any) -> Iterator[dict[str, Any]]:
    """The discriminated unions in `schema`, at any depth."""
    if isinstance(schema, dict):
        if isinstance(schema.get("discriminator"), dict):
            yield schema
        for value in schema.values():
            yield from _discriminated(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _discriminated(value)


def _references(defs: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """The classes each class refers to, in the model stage's order."""
    position = {name: i for i, name in enumerate(defs)}
    return {
        name: tuple(sorted(defs_referenced(schema) & position.keys(), key=position.__getitem__))
        for name, schema in defs.items()
    }


def make_chunks(chunks: Sequence[ModelsChunk]) -> list[str]:
    """What each chunk makes (`make_chunk`); SpecError with every chunk's problems."""
    made: list[str] = []
    problems: dict[Problem, None] = {}  # a class shared by chunks may be reported by each
    for chunk in chunks:
        try:
            made.append(make_chunk(chunk))
        except SpecError as exc:
            problems.update(dict.fromkeys(exc.problems))
    if problems:
        raise SpecError(list(problems))
    return made


def make_chunk(chunk: ModelsChunk) -> str:
    """The chunk's own classes as datamodel-code-generator writes them, with the imports
    they need, as JSON text (what the cache keeps, and `join_models` reads)."""
    defs, factories = default_factories(chunk.schema["$defs"], chunk.aliases, chunk.origins)
    defs, tags = tag_defaults(defs, chunk.aliases)
    defs, sent = sent_classes(defs)
    source = _black_layout(_generate({"$defs": defs}, chunk.aliases, chunk.origins))
    source = inline_scalar_roots(source, chunk.schema["$defs"])
    tree = ast.parse(source)
    narrowing, required = _overrides(tree, chunk.classes)
    tagged = tag_default_edits(tree, tags)
    untagged = set(required) - {start for start, _, _ in tagged}
    edits = [(end, end, " = Field()") for end in required if end in untagged]
    edits += tagged + factory_edits(tree, factories)
    fits = best_fit_edits(tree)
    opens = open_enum_edits(tree, open_enum_types(chunk.schema["$defs"]))
    extras = typed_extra_edits(tree)
    edits += extras
    narrowing = narrowing or bool(extras)
    # A union's closing `]` before a ` = Field()` put at the same place.
    source = edited(
        source,
        sent_edits(tree, sent) + fits + opens + edits + unaliased_config_edits(tree, source),
    )
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    imports: list[tuple[str, str]] = [("pydantic", "Field")] if edits else []
    imports += BEST_FIT_IMPORTS if fits else []
    imports += SENT_MODEL_IMPORTS if sent.keys() & set(chunk.classes) else []
    imports += OPEN_ENUM_IMPORTS if opens else []
    classes: dict[str, str] = {}
    needs: dict[str, list[str]] = {}  # names a class's statement evaluates (`_evaluated`)
    # What datamodel-code-generator names itself (a class for an inline enum, an alias for
    # a map's constrained values...), by that name ("": a statement naming nothing), in its order.
    invented: list[tuple[str, str]] = []
    for node in tree.body:
        start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))])
        text = "".join(lines[start - 1 : node.end_lineno]).rstrip("\n")
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            imports += [(node.module, _imported(alias)) for alias in node.names]
        elif isinstance(node, ast.ClassDef) and node.name in chunk.schema["$defs"]:
            if node.name in chunk.classes:
                classes[node.name] = text
                needs[node.name] = sorted(_evaluated(node))
        elif not (_is_rebuild(node) or _is_class(node, _ROOT_CLASS)):
            invented.append((_defined_name(node), text))
    part = {
        "imports": imports,
        "classes": classes,
        "needs": needs,
        "invented": invented,
        "narrowing": narrowing,
        "best_fit": bool(fits),
        "sent": bool(sent.keys() & set(chunk.classes)),
    }
    return json.dumps(part, ensure_ascii=False)


def _evaluated(node: ast.ClassDef) -> set[str]:
    """The names a class statement evaluates when it runs: in its bases (`RootModel[A | B]`,
    a parent class) and its body but for annotations (a default `Status.ON`). Annotations
    are not evaluated (`from __future__ import annotations`), nor the names the body
    assigns (an enum's member `X = "x"` needs no class `X`)."""
    parts: list[ast.AST] = [*node.bases, *node.keywords, *node.decorator_list]
    for statement in node.body:
        if isinstance(statement, ast.AnnAssign):
            parts += [statement.value] if statement.value else []
        else:
            parts.append(statement)
    return {
        n.id
        for part in parts
        for n in _walk_evaluated(part)
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    }


def _walk_evaluated(node: ast.AST) -> Iterator[ast.AST]:
    """`ast.walk`, but for the bodies of lambdas (a default factory), run later."""
    yield node
    for child in ast.iter_child_nodes(node):
        if not isinstance(node, ast.Lambda) or child is node.args:
            yield from _walk_evaluated(child)


def _defined_name(node: ast.stmt) -> str:
    if isinstance(node, ast.ClassDef):
        return node.name
    if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
        return node.targets[0].id
    return ""


def _is_class(node: ast.stmt, name: str) -> bool:
    return isinstance(node, ast.ClassDef) and node.name == name


def _imported(alias: ast.alias) -> str:
    return f"{alias.name} as {alias.asname}" if alias.asname else alias.name


def _is_rebuild(node: ast.stmt) -> bool:
    """`X.model_rebuild()`, which datamodel-code-generator ends a module with."""
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Attribute)
        and node.value.func.attr == "model_rebuild"
    )


def join_models(api: Api, made: Sequence[str]) -> str | None:
    """The models file from what its chunks made (`make_chunk`), in order. None when they
    cannot be joined: datamodel-code-generator names some things itself (`XKind` for an
    inline enum) and keeps the names unique within one call only, so two
    chunks may give one name two meanings, or a name a class of another chunk has. The
    caller then makes the models in one chunk (`models_chunks(api, spread=0)`)."""
    return _joined(api.models_schema.get("$defs") or {}, made)


def _joined(defs: Mapping[str, Any], made: Sequence[str]) -> str | None:
    parts = [json.loads(text) for text in made]
    invented: dict[str, tuple[str, str]] = {}  # name (a statement naming nothing: its text)
    for part in parts:
        for name, text in part["invented"]:
            if invented.setdefault(name or text, (name, text))[1] != text or name in defs:
                return None
    imports: dict[str, None] = {}
    classes: dict[str, str] = {}
    needs: dict[str, tuple[str, ...]] = {}
    for part in parts:
        imports.update(dict.fromkeys(f"from {m} import {n}" for m, n in part["imports"]))
        classes.update(part["classes"])
        needs.update(
            (name, tuple(n for n in names if n in defs)) for name, names in part["needs"].items()
        )
    references = _references(defs)
    # After what it refers to, unless in a cycle; after what its statement evaluates, always.
    order = _after(_after(defs, references), needs)
    body = [classes[name] for name in order if name in classes]
    named = [item for item in invented.values() if item[0]]
    _place_invented(body, named)
    if named:
        body = _evaluated_first(body, {**needs, **{n: _needs_of(t) for n, t in named}})
    body[:0] = [text for name, text in invented.values() if not name]
    rebuilt = [n for n in _rebuilt(order, references) if not _ENUM.match(classes.get(n, ""))]
    if rebuilt:
        body.append("\n".join(f"{name}.model_rebuild()" for name in rebuilt))
    code = "".join("\n\n" + text + "\n" for text in body)
    narrowing = any(part["narrowing"] for part in parts)
    if any(part.get("best_fit") for part in parts):
        code = "\n\n" + BEST_FIT + code
    if any(part.get("sent") for part in parts):
        code = "\n\n" + SENT_MODEL + code
    source = f"{_HEADER}\n\n{_FUTURE}\n" + "".join(line + "\n" for line in imports)
    return _tidy_imports(source + (_NARROWING if narrowing else "") + code)


# pyright (Pylance) reports a class declaring a field it inherits with a narrower type (an
# allOf member's `pet_type: Literal["cat"]` over its base's `pet_type: str`) as an unsafe
# override: a models file where a class does so turns that report off.
_NARROWING = """
# Classes narrow fields they inherit (a discriminator to its value, an optional field to a
# required one, pydantic's extra fields to their type), as their schemas say. pyright reports
# such a narrowing of a mutable field as an incompatible override; here it is deliberate.
# pyright: reportIncompatibleVariableOverride=false
"""


def _overrides(tree: ast.Module, own: Collection[str]) -> tuple[bool, list[tuple[int, int]]]:
    """Whether one of the classes `own` declares again a field it inherits, and where each
    of their fields ends that makes one it inherits with a default required: there it gets
    `= Field()` (no default: still required), which type checkers would otherwise take for
    inheriting the default. `tree` holds the classes' ancestors too (a chunk's schema holds
    every class its own refer to)."""
    fields: dict[str, dict[str, ast.AnnAssign]] = {}
    bases: dict[str, list[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            fields[node.name] = {
                statement.target.id: statement
                for statement in node.body
                if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)
            }
            bases[node.name] = [base.id for base in node.bases if isinstance(base, ast.Name)]

    def inherited(name: str, field: str, seen: set[str]) -> ast.AnnAssign | None:
        """The declaration of `field` that class `name` inherits, the nearest first."""
        for base in bases.get(name, []):
            if base in fields and base not in seen:
                seen.add(base)
                found = fields[base].get(field) or inherited(base, field, seen)
                if found is not None:
                    return found
        return None

    narrowing = False
    ends: list[tuple[int, int]] = []  # where a required field's annotation ends
    for name in own:
        for field, statement in fields.get(name, {}).items():
            base = inherited(name, field, {name})
            narrowing = narrowing or base is not None
            if base is not None and base.value is not None and statement.value is None:
                assert statement.end_lineno is not None and statement.end_col_offset is not None
                ends.append((statement.end_lineno, statement.end_col_offset))
    return narrowing, ends


# An enum class (no model to rebuild, whatever its schema refers to: `allOf` of an enum
# and an object is still an enum).
_ENUM = re.compile(r"class \w+\((?:Str|Int)?Enum\):")


def _place_invented(body: list[str], invented: Sequence[tuple[str, str]]) -> None:
    """Put each (name, text) the model tool invented before the first text using it, in the
    tool's order. Last first: one used by another invented after it (`PEnum` of a root model
    `P`) then finds that user already placed."""
    placed: set[str] = set()
    for name, text in reversed(invented):
        at = _first_user(body, name)
        while at and body[at - 1] in placed:  # before those the tool wrote after it
            at -= 1
        body.insert(at, text)
        placed.add(text)


def _needs_of(text: str) -> tuple[str, ...]:
    """The names the one statement `text` evaluates when it runs (`_evaluated`)."""
    node = ast.parse(text).body[0]
    if isinstance(node, ast.ClassDef):
        return tuple(sorted(_evaluated(node)))
    names = ast.walk(node)
    return tuple(
        sorted({n.id for n in names if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)})
    )


def _evaluated_first(body: Sequence[str], needs: Mapping[str, Sequence[str]]) -> list[str]:
    """`body` reordered so each statement comes after the definitions it evaluates: an
    invented class inheriting from a spec class (`DogBark2(Dog, DogBark1)`, allOf of a union)
    goes after it, though `Dog`'s annotation names it first (annotations wait)."""
    by_name = {_defined_name(ast.parse(text).body[0]): text for text in body}
    order = _after(by_name, {n: [d for d in needs.get(n, ()) if d in by_name] for n in by_name})
    return [by_name[name] for name in order]


def _first_user(texts: Sequence[str], name: str) -> int:
    """Where what is invented for `name`'s users goes: before the first of them."""
    word = re.compile(rf"\b{re.escape(name)}\b")
    return next((i for i, text in enumerate(texts) if word.search(text)), len(texts))


def _after(names: Iterable[str], edges: Mapping[str, Sequence[str]]) -> list[str]:
    """`names` reordered so that each comes after the names its `edges` lead to (but where
    they lead back to it, a cycle), moving no name that need not move."""
    order: list[str] = []
    seen: set[str] = set()
    for root in names:
        stack = [(root, iter(edges.get(root, ())))] if root not in seen else []
        seen.add(root)
        while stack:
            name, pending = stack[-1]
            following = next((ref for ref in pending if ref not in seen), None)
            if following is None:
                stack.pop()
                order.append(name)
            else:
                seen.add(following)
                stack.append((following, iter(edges.get(following, ()))))
    return order


def _rebuilt(order: Sequence[str], references: Mapping[str, tuple[str, ...]]) -> list[str]:
    """The classes that refer to themselves or to a class defined after them (a cycle):
    pydantic builds them only once those are defined."""
    position = {name: i for i, name in enumerate(order)}
    return [
        name for name in order if any(position[ref] >= position[name] for ref in references[name])
    ]


@cache
def _models_step() -> str:
    code = hashlib.blake2b(digest_size=20)
    # What makes a chunk: this module and those whose code it runs on the way.
    for module in (
        Path(__file__),
        Path(_filters_module.__file__ or ""),
        Path(_edits.__file__ or ""),
    ):
        code.update(module.read_bytes())
    return f"models {' '.join(_models_tools())} {platform.python_version()} {code.hexdigest()}"


def _models_tools() -> list[str]:
    """datamodel-code-generator's version and those of what it needs (not its extras)."""
    names = ["datamodel-code-generator"]
    for requirement in requires("datamodel-code-generator") or []:
        if "extra ==" not in requirement:
            names.append(re.split(r"[\s;<>=!~\[(]", requirement, maxsplit=1)[0])
    found = []
    for name in dict.fromkeys(names):
        with contextlib.suppress(PackageNotFoundError):  # needed on another platform only
            found.append(f"{name} {version(name)}")
    return found


def _generate(schema: Mapping[str, Any], aliases: Mapping[str, str], origins: Origins) -> str:
    """datamodel-code-generator's module for `schema`; SpecError for its warnings."""
    # Imported here: a parallel driver calls this in a worker, which then pays for it alone.
    from datamodel_code_generator import generate
    from datamodel_code_generator.enums import (
        DataModelType,
        InputFileType,
        NamingStrategy,
        UnionMode,
    )
    from datamodel_code_generator.format import PythonVersion

    # paused: it builds many small objects; collected afterwards
    defs = schema.get("$defs") or {}
    with (
        paused_collection(),
        warnings.catch_warnings(record=True) as caught,
        _refusals(origins, defs),
    ):
        warnings.simplefilter("always")
        source = generate(
            _with_union_modes(schema, UnionMode),
            input_file_type=InputFileType.JsonSchema,
            output_model_type=DataModelType.PydanticV2BaseModel,
            target_python_version=PythonVersion.PY_311,
            disable_timestamp=True,
            use_annotated=True,
            field_constraints=True,
            use_schema_description=True,
            use_field_description=True,
            use_standard_collections=True,
            use_union_operator=True,
            allow_population_by_field_name=True,
            aliases=dict(aliases),
            field_extra_keys={"union_mode"},
            class_name=_ROOT_CLASS,
            custom_file_header=_HEADER,
            formatters=[],
            keep_self_referencing_array_items=True,  # else `Tags: array of (str | Tags)` is a bare list
            # A spec's class keeps its name where a class the tool invents for an inline
            # schema (a property `json`'s constrained union member) would take it first.
            naming_strategy=NamingStrategy.DefinitionsFirst,
            set_default_enum_member=True,  # `= Status.OFF`, not a str a type checker refuses
            capitalise_enum_members=True,  # PEP 8; and `value`, `name` would shadow Enum's own
        )
    problems = [
        _warning_problem(str(w.message), origins, defs)
        for w in caught
        if not issubclass(w.category, _TOOL_WARNINGS)
    ]
    if problems:
        raise SpecError(problems)
    assert isinstance(source, str)
    return source


@contextlib.contextmanager
def _refusals(origins: Origins, defs: Mapping[str, Any]) -> Iterator[None]:
    """datamodel-code-generator's refusal of a schema (its `Error`: an inheritance cycle...)
    as a SpecError, located as its warnings are."""
    from datamodel_code_generator import Error

    try:
        yield
    except Error as exc:
        raise SpecError([_warning_problem(str(exc), origins, defs)]) from None


def _with_union_modes(schema: Mapping[str, Any], mode: Callable[[str], Any]) -> dict[str, Any]:
    """`schema` with the `union_mode` the model stage gives some fields made the member
    datamodel-code-generator takes."""
    defs = schema.get("$defs") or {}
    return {**schema, "$defs": {name: _field_modes(d, mode) for name, d in defs.items()}}


def _field_modes(schema: Any, mode: Callable[[str], Any]) -> Any:
    """The fields of a class and of its inline `allOf` members, where the model stage puts
    `union_mode` (a spec's own is dropped there)."""
    if not isinstance(schema, dict):
        return schema
    out = dict(schema)
    if isinstance(schema.get("properties"), dict):
        out["properties"] = {
            name: (
                {**prop, "union_mode": mode(prop["union_mode"])}
                if isinstance(prop, dict) and "union_mode" in prop
                else prop
            )
            for name, prop in schema["properties"].items()
        }
    if isinstance(schema.get("allOf"), list):
        out["allOf"] = [_field_modes(member, mode) for member in schema["allOf"]]
    return out


def _warning_problem(text: str, origins: Origins, defs: Mapping[str, Any]) -> Problem:
    """The warning located at the first model class it names, else, for a discriminator it
    names, at the first class holding a union by that property, else, for a recursion, at
    the class that causes it (`_subclass_in_union`), else at the spec's start."""
    name = next((word for word in _IDENTIFIER.findall(text) if word in origins), "")
    tag = _DISCRIMINATOR.match(text)
    if not name and tag is not None:
        holders = (n for n, d in defs.items() if n in origins and _by_tag(d, tag.group(1)))
        name = next(holders, "")
    why = ""
    if not name and _TOO_DEEP in text:
        found = _subclass_in_union({n: d for n, d in defs.items() if n in origins})
        if found is not None:
            name, wire, subclass, narrowed = found
            why = (
                f" ({name}.{wire} holds {subclass} in a union, and {subclass} inherits from "
                f"{name}, giving its '{narrowed}' a type of its own: the tool follows that "
                f"without end; hold {subclass} outside a union, or leave '{narrowed}' as "
                f"{name} has it)"
            )
    file, line, pointer = origins.get(name, ("<models>", 1, ()))
    about = f"model {name}: " if name else ""
    message = f"{about}datamodel-code-generator cannot model it: {text}{why}"
    return Problem(file, line, pointer, message)


def _subclass_in_union(defs: Mapping[str, Any]) -> tuple[str, str, str, str] | None:
    """(class, its field, subclass, field the subclass declares again) where a class holds,
    in a union, a subclass of its own that declares one of its fields again: what sends
    datamodel-code-generator into a recursion without end."""
    for name, schema in defs.items():
        own = own_properties(schema)
        for wire, prop in own.items():
            for held in sorted(_union_refs(prop) & defs.keys()):
                again = own_properties(defs[held]).keys() & own.keys()
                if again and name in ancestors(held, lambda n: base_refs(defs[n]) & defs.keys()):
                    return name, wire, held, min(again)
    return None


def _union_refs(schema: Any) -> set[str]:
    """The classes a oneOf/anyOf names, at any depth of `schema`."""
    if isinstance(schema, list):
        return set().union(*map(_union_refs, schema))
    if not isinstance(schema, dict):
        return set()
    out: set[str] = set().union(*map(_union_refs, schema.values()))
    for key in ("oneOf", "anyOf"):
        members = schema.get(key)
        if isinstance(members, list):
            out |= {ref_name(m["$ref"]) for m in members if isinstance(m, dict) and "$ref" in m}
    return out


def _by_tag(schema: Any, tag: str) -> bool:
    """Whether `schema` holds, at any depth, a union discriminated by property `tag`."""
    return any(u["discriminator"].get("propertyName") == tag for u in _discriminated(schema))


_FUTURE = "from __future__ import annotations\n"
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
_DISCRIMINATOR = re.compile(r"Discriminator '([^']+)'")
_TOO_DEEP = "nesting is too deep"


def _tidy_imports(source: str) -> str:
    """The imports with only the names the models use (the dropped root class used some),
    stdlib before third party, each group sorted as isort sorts it."""
    head, future, rest = source.partition(_FUTURE)
    lines = rest.lstrip("\n").split("\n")
    count = next(i for i, line in enumerate(lines) if not line.startswith("from "))
    body = "\n".join(lines[count:])
    used = set(_IDENTIFIER.findall(STRING_OR_COMMENT.sub("", body)))
    modules: dict[str, set[str]] = {}
    for line in lines[:count]:
        module, _, names = line.removeprefix("from ").partition(" import ")
        kept = {name for name in names.split(", ") if name.split(" as ")[-1] in used}
        modules.setdefault(module, set()).update(kept)
    groups: tuple[list[str], list[str]] = ([], [])
    for module in sorted(m for m in modules if modules[m]):
        third_party = module.split(".")[0] not in sys.stdlib_module_names
        groups[third_party].append(from_import(module, modules[module]))
    imports = "\n\n".join("\n".join(group) for group in groups if group)
    return head + future + ("\n" + imports + "\n" if imports else "") + body


_CLASS_THEN_DOCSTRING = re.compile(r"\nclass \w[^\n]*:\n    \Z")


def _black_layout(source: str) -> str:
    """The models with docstrings wrapped as the templates wrap them, and what black would
    change that is cheap to do here: strings in black's quotes, a blank line after a class
    docstring. Black still formats the file; this only spares it work (black formats a file
    twice when its first pass changes anything).
    """
    out, end = [], 0
    for match in STRING_OR_COMMENT.finditer(source):
        token, start, after = match.group(), match.start(), match.end()
        indent = start - source.rfind("\n", 0, start) - 1
        if token[0] == "'":
            out += [source[end:start], black_quotes(token)]
        elif token.startswith('"""') and not source[start - indent : start].strip():
            out += [source[end:start], _docstring(token, indent)]
            if _blank_line_follows(source, start, after):
                out.append("\n")
        else:
            continue
        end = after
    return "".join(out) + source[end:].rstrip("\n") + "\n"


def _docstring(literal: str, indent: int) -> str:
    """A docstring as the templates write it (datamodel-code-generator leaves it unwrapped)."""
    return docstring(inspect.cleandoc(ast.literal_eval(literal)), indent)


def _blank_line_follows(source: str, start: int, after: int) -> bool:
    """Black puts a blank line after a class docstring followed by code."""
    return (
        source.startswith("\n    ", after)
        and not source[after + 5 : after + 6].isspace()
        and _CLASS_THEN_DOCSTRING.search(source, source.rfind("\n", 0, start - 5), start)
        is not None
    )
