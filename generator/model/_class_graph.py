"""The model classes as a graph: what each inherits from (`allOf`), lists as union members
(`oneOf`/`anyOf`) and declares, and the checks made on that graph once every class is
collected (`ClassGraph.check`), each refusing what no class can be, located at the spec.

`Schemas` (generator.model._schemas) collects the classes and is a `ClassGraph`. Whether a
field a subclass declares again keeps to its base's type is judged in
generator.model._overrides.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from generator.load import Document, is_binary
from generator.model._extras import ANNOTATIONS, admits_any, prop_kinds, ref_name, schema_shape
from generator.model._overrides import INHERITED, items_retyped, widening
from generator.problems import Pointer, Problem, SpecError

if TYPE_CHECKING:
    from generator.model._schemas import _Def

APPLICATORS = ("allOf", "oneOf", "anyOf")
NULL = {"type": "null"}


class ClassGraph:
    """The classes `_defs` holds, by name, with the discriminators' tags (`_tags`) and the
    unions without one (`_unions`) found while converting them."""

    _defs: dict[str, _Def]
    # (variant, tag property) -> its tags and the discriminator giving them
    _tags: dict[tuple[str, str], tuple[frozenset[str], Document, Pointer]]
    # Unions without a discriminator: where they are, and their converted members.
    _unions: list[tuple[Document, Pointer, list[dict[str, Any]]]]

    # -- the graph ------------------------------------------------------------

    def is_object(self, converted: dict[str, Any]) -> bool:
        """True for a schema that becomes a model with fields (not an enum, a union, nor a map
        or free-form object, which have no fields to spread into arguments)."""
        if "$ref" in converted:
            target = self._defs.get(ref_name(converted["$ref"]))
            return target is not None and self.is_object(target.schema)
        fields = "properties" in converted or "allOf" in converted
        return fields and is_object_schema(converted) and "enum" not in converted

    def _definition(self, name: str) -> tuple[dict[str, Any], Document, Pointer] | None:
        entry = self._defs.get(name)
        if entry is None or entry.doc is None:
            return None
        return entry.schema, entry.doc, entry.origin[2]

    def _properties(self, name: str, seen: set[str]) -> dict[str, Any]:
        """The properties of class `name`, inherited ones included; one it declares again
        admitting any value (`{}`, a description) keeps the schema it inherits, as allOf
        holds both."""
        out: dict[str, Any] = {}
        for base in sorted(self._bases(name) - seen):
            out.update(self._properties(base, seen | {name}))
        for wire, prop in own_properties(self._defs[name].schema).items():
            if wire not in out or not admits_any(prop):
                out[wire] = prop
        return out

    def _bases(self, name: str) -> set[str]:
        return base_refs(self._defs[name].schema) & self._defs.keys()

    def _ancestors(self, name: str) -> set[str]:
        return ancestors(name, self._bases)

    def _member_classes(self, name: str) -> set[str]:
        """The classes `name` lists in its oneOf/anyOf, an object's too (`_union_members`)."""
        return _member_refs(self._defs[name].schema) & self._defs.keys()

    def _union_members(self, name: str) -> set[str]:
        """The classes union `name` lists as members, in the unions nested in it too (a
        nullable member's); none for a model, whose fields are a value's parts."""
        return set() if is_object_schema(self._defs[name].schema) else self._member_classes(name)

    def _cycle(self, edges: Callable[[str], set[str]]) -> list[str] | None:
        """The first cycle of classes that `edges` leads along, as the path back to its
        start (`A -> B -> A`); None where there is none."""
        done: set[str] = set()
        for root in self._defs:
            stack = [(root, iter(sorted(edges(root))))] if root not in done else []
            while stack:
                following = next((b for b in stack[-1][1] if b not in done), None)
                if following is None:
                    done.add(stack.pop()[0])
                    continue
                path = [n for n, _ in stack]
                if following in path:
                    return [*path[path.index(following) :], following]
                stack.append((following, iter(sorted(edges(following)))))
        return None

    # -- checks -----------------------------------------------------------------

    def check(self) -> None:
        """SpecError for what no class of the spec's may be (a cycle of allOf or of unions, a
        field narrowed against its base, an unusable tag, variants no object tells apart).
        Run once, before `split_requests`: a problem then names the spec's classes."""
        self._check_inheritance()
        self._check_union_members()
        self._check_inherited_unions()
        self._check_held_in_place()
        self._check_overrides()
        self._check_tag_properties()
        self._check_unions()

    def _check_inheritance(self) -> None:
        """No class inherits from itself through `allOf`: none of a cycle could come first."""
        cycle = self._cycle(self._bases)
        if cycle:
            self._refuse_cycle(cycle, "inherits from itself through allOf")

    def _check_union_members(self) -> None:
        """No union is a member of itself, directly or through other unions (`Any: anyOf
        [Any, number]`): it adds no value, and pydantic would try it without end, the process
        dying of a stack overflow on a value no other member takes."""
        cycle = self._cycle(self._union_members)
        if cycle:
            self._refuse_cycle(cycle, "is a member of itself through oneOf/anyOf")

    def _check_inherited_unions(self) -> None:
        """No class inherits from a union it is a member of (`Pet: oneOf [Cat, Dog]`, `Cat:
        allOf [Pet, ...]`; an object's `oneOf` too), directly or through other classes and
        unions: no model could be made of it, and datamodel-code-generator made the union a
        wrong one, without its discriminator, rather than refuse it."""
        cycle = self._cycle(lambda name: self._bases(name) | self._member_classes(name))
        if cycle:
            start = next(
                i for i, name in enumerate(cycle) if cycle[i + 1] in self._member_classes(name)
            )
            cycle = [*cycle[start:-1], *cycle[:start], cycle[start]]
            self._refuse_cycle(cycle, "is a union one of its members inherits from through allOf")

    def _check_held_in_place(self) -> None:
        """No class applies itself to its own value through any nesting of allOf, oneOf and
        anyOf (`Value: allOf [{oneOf: [Value, number]}]`), which the checks above, of one
        keyword at a time, miss: datamodel-code-generator made `Value` an empty model."""
        cycle = self._cycle(
            lambda name: _in_place_refs(self._defs[name].schema) & self._defs.keys()
        )
        if cycle:
            self._refuse_cycle(
                cycle, "holds itself through allOf, oneOf or anyOf, with no object between"
            )

    def _refuse_cycle(self, cycle: list[str], what: str) -> None:
        file, line, pointer = self._defs[cycle[0]].origin
        message = f"{cycle[0]} {what} ({' -> '.join(cycle)}): outside botspec's supported subset"
        raise SpecError([Problem(file, line, pointer, message)])

    def _check_overrides(self) -> None:
        """A class may narrow a field it inherits (`allOf` holds both schemas), but not give
        it a type the base's excludes, even in part (`[string, integer]`, an enum of mixed
        values, over `string`): the subclass's annotation would contradict its base's (mypy
        refuses the models), and none of the values the base refuses passes both."""
        for name, entry in self._defs.items():
            inherited: dict[str, Any] = {}
            required: set[str] = set()
            for base in sorted(self._bases(name)):
                inherited.update(self._properties(base, {name}))
                required |= self._required(base)
            for wire, prop in own_properties(entry.schema).items():
                if wire not in inherited:
                    continue
                self._check_class_override(name, entry, wire, prop, inherited[wire])
                ours = prop_kinds(prop, self._definition)
                theirs = prop_kinds(inherited[wire], self._definition)
                nullable = wire not in required or "null" in theirs
                why = (
                    widening(ours, theirs, nullable)
                    or items_retyped(prop, inherited[wire])
                    or self._reshaped(prop, inherited[wire])
                )
                if why:
                    file, line, pointer = entry.origin
                    message = f"{name}.{wire} {why}"
                    raise SpecError([Problem(file, line, pointer, message)])

    def _reshaped(self, ours: Any, theirs: Any) -> str:
        """How a subclass's field would take a Python type its base's excludes where both
        are strings or objects: bytes over str (an enum's too), listed strings (an enum, a
        const) over bytes, a model over a map of typed values, or a union of models over a
        free-form object (which may be narrowed to one model)."""
        if not isinstance(ours, dict) or not isinstance(theirs, dict):
            return ""
        mine = _classes_of(ours)
        strings = prop_kinds(theirs, self._definition) - {"null"} == {"string"}
        if is_binary(ours) and strings and not is_binary(theirs):
            return (
                f"is binary (bytes) but {INHERITED} makes it a string (str): give both one format"
            )
        if mine and is_map_schema(theirs) and not is_free_map(theirs):
            return (
                f"is {' | '.join(mine)} but {INHERITED} makes it a map, not a free-form object:"
                " a field may be narrowed to a model where its base's is a free-form object only"
            )
        if len(mine) > 1 and is_free_map(theirs):
            return (
                f"is {' | '.join(mine)} but {INHERITED} makes it a free-form object: a field "
                "may be narrowed there to one model, not a union"
            )
        if is_binary(theirs) and not is_binary(ours) and self._lists_values(ours, mine):
            return (
                f"lists its values but {INHERITED} makes it binary (bytes): no listed str "
                "is bytes; list them in the base, or drop its format"
            )
        return ""

    def _lists_values(self, prop: dict[str, Any], classes: list[str]) -> bool:
        """Whether a property lists its values: an enum or const, inline or a class."""
        if "enum" in prop or "const" in prop:
            return True
        return bool(classes) and all("enum" in self._defs[c].schema for c in classes)

    def _required(self, name: str) -> set[str]:
        """The properties class `name` requires, inherited ones included."""
        out: set[str] = set()
        for cls in (name, *self._ancestors(name)):
            schema = self._defs[cls].schema
            inline = (
                m for m in schema.get("allOf") or [] if isinstance(m, dict) and "$ref" not in m
            )
            for part in (schema, *inline):
                out.update(part.get("required") or [])
        return out

    def _check_class_override(
        self, name: str, entry: _Def, wire: str, ours: Any, theirs: Any
    ) -> None:
        """A field its base types by a class (a model, an enum), or a union of classes, may be
        narrowed to a subclass of one of them, alone, or keep the base's union: another class
        would contradict the base's annotation, and of a union (null included)
        datamodel-code-generator makes classes of its own, each merged with the base's class,
        which contradict it too. A free-form object over one class (`$ref`) merges into it,
        but not into a union, nor beside null."""
        bases, mine = _classes_of(theirs), _classes_of(ours)
        if not bases:
            return
        base, file, line, pointer = " | ".join(bases), *entry.origin
        kinds = prop_kinds(ours, self._definition) - {"null"}
        one_object = len(bases) == 1 and self.is_object({"$ref": bases[0]})
        if not mine and kinds and "object" not in kinds and one_object:
            message = (
                f"{name}.{wire} is {'/'.join(sorted(kinds))} but {INHERITED} makes it {base},"
                " an object: no value is both"
            )
            raise SpecError([Problem(file, line, pointer, message)])
        if len(bases) > 1 and mine == bases:
            return
        if "$ref" in ours and set(bases) & {mine[0], *self._ancestors(mine[0])}:
            return
        merged = "$ref" in theirs and is_free_map(ours)  # into the one class, null aside
        if not mine and (merged or "object" not in kinds):
            return  # another type is `_widening`'s
        null = NULL in (ours.get("anyOf") or ours.get("oneOf") or [])
        what = " | ".join([*mine, *["None"] * null]) or ("object" if is_free_map(ours) else "a map")
        one = "one of " if len(bases) > 1 else ""
        message = (
            f"{name}.{wire} is {what} but {INHERITED} makes it {base}: a field may be narrowed"
            f" to a subclass of {one}{base} only, not null beside it nor a union"
        )
        raise SpecError([Problem(file, line, pointer, message)])

    def _check_tag_properties(self) -> None:
        """A variant's tag property holds its tag, a string: one that also admits null (or
        another type) gives a tag field pydantic refuses to tell the variants apart by. And
        as a variant's class holds its tags only (`Literal["cat"]`), it cannot inherit from a
        class tagged otherwise by the same property: mypy refused the narrowed field."""
        for (variant, prop), (tags, doc, pointer) in self._tags.items():
            if variant not in self._defs:
                continue
            schema = self._properties(variant, set()).get(prop)
            kinds = prop_kinds(schema, self._definition)
            if kinds and kinds != {"string"}:
                message = (
                    f"{variant}.{prop}, this discriminator's tag, is {'/'.join(sorted(kinds))}: "
                    "a tag property that is not a string alone is outside botspec's supported "
                    "subset"
                )
                raise SpecError([doc.problem(pointer, message)])
            for base in sorted(self._ancestors(variant)):
                theirs = self._tags.get((base, prop))
                if theirs is not None and theirs[0] != tags:
                    message = (
                        f"this discriminator tags {variant} {listed(tags)}, but {variant} "
                        f"inherits (allOf) from {base}, tagged {listed(theirs[0])}: a class "
                        f"holding both tags is outside botspec's supported subset"
                    )
                    raise SpecError([doc.problem(pointer, message)])

    def _check_unions(self) -> None:
        """A union without a discriminator takes an object for the variant declaring most of
        its keys (the models' `_best_fit`): two variants declaring the same properties of the
        same types cannot be told apart, and the first would take every object of both."""
        for doc, pointer, members in self._unions:
            shapes: dict[tuple[tuple[str, str], ...], str] = {}
            for member in members:
                name = ref_name(member["$ref"]) if "$ref" in member else ""
                if name not in self._defs or not self.is_object(member):
                    continue
                properties = self._properties(name, set())
                shape = tuple(sorted((w, _shape_of(p)) for w, p in properties.items()))
                earlier = shapes.setdefault(shape, name)
                if earlier != name:
                    message = (
                        f"{earlier} and {name} declare the same properties, of the same types: "
                        f"no object tells them apart, and this union would take each for "
                        f"{earlier}; give it a discriminator (outside botspec's supported "
                        "subset without one)"
                    )
                    raise SpecError([doc.problem(pointer, message)])


def own_properties(schema: dict[str, Any]) -> dict[str, Any]:
    """The properties a class declares itself: beside its `allOf` and in inline members."""
    out: dict[str, Any] = {}
    for member in schema.get("allOf") or []:
        if isinstance(member, dict) and "$ref" not in member:
            out.update(member.get("properties") or {})
    out.update(schema.get("properties") or {})
    return out


def base_refs(schema: dict[str, Any]) -> set[str]:
    """The classes a class inherits from (`allOf` members that are `$ref`s)."""
    return {
        ref_name(m["$ref"])
        for m in schema.get("allOf") or []
        if isinstance(m, dict) and "$ref" in m
    }


def ancestors(name: str, bases: Callable[[str], set[str]]) -> set[str]:
    """The classes `name` inherits from, directly or not, `bases` giving each one's own; a
    cycle of inheritance ends the walk."""
    out: set[str] = set()
    pending = [name]
    while pending:
        for base in bases(pending.pop()) - out:
            out.add(base)
            pending.append(base)
    return out


def class_of(prop: Any) -> str | None:
    """The class a converted property holds (`{$ref}`, or it or null), else None."""
    classes = _classes_of(prop)
    return classes[0] if len(classes) == 1 else None


def is_object_schema(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "object" or "properties" in schema or "allOf" in schema


def is_map_schema(converted: dict[str, Any]) -> bool:
    """An object schema without properties (a map, or a free-form object): `dict[str, ...]`.
    A `$ref` to one is inlined once converted."""
    return converted.get("type") == "object" and not (
        {"properties", "allOf", "oneOf", "anyOf", "enum", "$ref"} & converted.keys()
    )


def is_free_map(prop: Any) -> bool:
    """A free-form object: `dict[str, Any]` (no properties, any extra value). A subclass may
    narrow one to a model (`Schemas._narrowed_maps` loosens the base's annotation)."""
    if not isinstance(prop, dict) or prop.get("type") != "object":
        return False
    rest = set(prop) - ANNOTATIONS - {"type", "additionalProperties"}
    return not rest and admits_any(prop.get("additionalProperties", True))


def picks_best_fit(models: int, has_map: bool) -> bool:
    """Whether a union without a discriminator picks its variant by the object's keys (the
    models' `_best_fit`): it holds two or more models, or a model and a map. Smart mode would
    read such a union differently from JSON and from Python."""
    return models >= 2 or (models >= 1 and has_map)


def listed(tags: frozenset[str]) -> str:
    return "/".join(f"'{tag}'" for tag in sorted(tags))


def _classes_of(prop: Any) -> list[str]:
    """The classes a converted property holds: its `$ref`, or those of its union where every
    other member is null; else none."""
    if not isinstance(prop, dict):
        return []
    if "$ref" in prop:
        return [ref_name(prop["$ref"])]
    members = prop.get("anyOf") or prop.get("oneOf")
    if not isinstance(members, list):
        return []
    refs = [m for m in members if isinstance(m, dict) and "$ref" in m]
    others = [m for m in members if m != NULL and m not in refs]
    return [] if others else [ref_name(m["$ref"]) for m in refs]


def _member_refs(schema: dict[str, Any]) -> set[str]:
    """The classes a union's members name, in unions nested in it too."""
    out: set[str] = set()
    for member in [*(schema.get("oneOf") or []), *(schema.get("anyOf") or [])]:
        if isinstance(member, dict):
            out |= {ref_name(member["$ref"])} if "$ref" in member else _member_refs(member)
    return out


def _in_place_refs(schema: Any) -> set[str]:
    """The classes a schema applies to its own value: its `$ref`'s, and its allOf, oneOf and
    anyOf members', nested ones too (not its properties' nor its items', parts of the value)."""
    if not isinstance(schema, dict):
        return set()
    out = {ref_name(schema["$ref"])} if "$ref" in schema else set()
    for key in APPLICATORS:
        for member in schema.get(key) or []:
            out |= _in_place_refs(member)
    return out


def _shape_of(schema: Any) -> str:
    """What a property admits, as far as telling union variants apart goes."""
    return schema_shape(schema) if isinstance(schema, dict) else ""
