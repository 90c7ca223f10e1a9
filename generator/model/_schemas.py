"""Turns spec schemas into named model classes and Python type expressions.

Every object and enum schema becomes a class with a name chosen here, so the
client signatures built from this module and the classes that
datamodel-code-generator writes agree. Primitive and array schemas are inlined.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.load import (
    BrokenRef,
    Document,
    SpecSet,
    is_binary,
    iter_mappings,
    mapping_ref,
    object_fields,
    unescape_token,
    unresolved_mapping,
)
from generator.model._class_graph import (
    APPLICATORS,
    NULL,
    ClassGraph,
    base_refs,
    class_of,
    is_free_map,
    is_map_schema,
    is_object_schema,
    listed,
    own_properties,
    picks_best_fit,
)
from generator.model._constraints import (
    constrained,
    pattern_problem,
    spread,
    typed_conflict,
    typed_members,
    typed_union,
    union_conflict,
    union_members,
    value_expression,
    without_typed,
)
from generator.model._extras import (
    ANNOTATIONS,
    JSON_TYPES,
    PYTHON_TYPES,
    UNSAID,
    extras_of,
    ref_name,
)
from generator.model._finishing import (
    SENT_NULLS,
    TAG_DEFAULT,
    closed,
    each_field,
    field_strings_first,
    not_required,
    open_enum_fields,
    open_enum_type,
    open_enums,
    opened,
    ordered_unions,
    str_first,
    strings_first,
    with_extras,
)
from generator.model._names import model_field_name, pascal_case, unique
from generator.model._types import admits_null, referenced_classes
from generator.problems import Pointer, SpecError, format_pointer

if TYPE_CHECKING:
    from generator.validate import SchemaValidators

# The formats kept, for the one type datamodel-code-generator reads each for (it refuses
# `type: string, format: int64`, an ID sent as text); other string formats are dropped on
# purpose, a plain `str`: wire values round-trip unchanged.
_KEPT_FORMATS = {
    "int32": "integer", "int64": "integer", "float": "number", "double": "number",
    "binary": "string",
}  # fmt: skip
_DROPPED_KEYS = frozenset(
    {"example", "examples", "title", "xml", "externalDocs", "deprecated"}
    | {"union_mode", TAG_DEFAULT, SENT_NULLS}  # not JSON Schema: the models' own markers
)
# Constructs outside botspec's supported subset, named in the error: the models would drop
# them (a constraint the client then never checks) or get them wrong.
_UNSUPPORTED = (
    *("not", "if", "then", "else", "dependentSchemas", "dependentRequired", "patternProperties"),
    *("$dynamicRef", "contains", "minContains", "maxContains", "prefixItems", "unevaluatedItems"),
)
_MAP_KEYWORDS = ("propertyNames", "minProperties", "maxProperties")  # a model drops them


@dataclass
class _Def:
    schema: dict[str, Any]
    contexts: set[str] = field(default_factory=set)  # "request" / "response"
    origin: Origin = ("", 1, ())  # where the spec defines it
    doc: Document | None = None


Origin = tuple[str, int, Pointer]  # file, line, pointer


class Schemas(ClassGraph):
    """Collects the model classes one package needs, named once and for all."""

    def __init__(self, specs: SpecSet, reserved: Iterable[str] = ()) -> None:
        """`reserved`: names the package defines itself, which no model class may take."""
        self._specs = specs
        self._defs = {}
        self._by_location: dict[tuple[Path, Pointer], str] = {}
        # Referenced schemas being written out in place (`_inline`) at the moment.
        self._inlining: set[tuple[Path, Pointer]] = set()
        self._taken: set[str] = set(reserved)
        # The class names of the schemas the spec's authors named, which the classes named
        # after their use (an inline answer's `GetUserResponse`) never take, and which of
        # those schemas has each one.
        self._authored = _authored_names(specs)
        self._named_by: dict[str, tuple[Document, Pointer]] = {}
        # Classes whose schema admits null beside them: references say `X | None`.
        self._nullable: set[str] = set()
        self._tags = {}
        self._validators: SchemaValidators | None = None  # made when a default needs checking
        self._unions = []

    # -- public ---------------------------------------------------------------

    def python_type(self, doc: Document, pointer: Pointer, hint: str, context: str) -> str:
        """The Python type of the schema at `pointer`; classes are created as needed (an
        inline object or enum schema becomes a class named after `hint`)."""
        converted = self.convert(doc, pointer, hint, context)
        if "$ref" not in converted and _needs_class(converted):
            return self._hoist(doc, pointer, converted, hint, context)
        return self.whole_type(doc, pointer, converted)

    def whole_type(self, doc: Document, pointer: Pointer, converted: dict[str, Any]) -> str:
        """`type_of` for a value passed or returned whole, not as a model's field: its type
        keeps no map keyword (a model's map field does), so one found there is refused."""
        key = _map_keyword_in(converted)
        if key is not None:
            message = (
                f"'{key}' on a map passed or returned whole (not as a model's field) is "
                "outside botspec's supported subset"
            )
            raise SpecError([doc.problem(pointer, message)])
        return self.type_of(converted)

    def checked_type(
        self, doc: Document, pointer: Pointer, converted: dict[str, Any]
    ) -> str | None:
        """The runtime type of a value passed whole (`whole_type`'s, the schema at `pointer`),
        carrying the constraints the spec states on it and its items (`Annotated[int,
        Field(le=5)]`); None where it states none, or where a class holds them (a model, an
        enum)."""
        if "$ref" not in converted and _needs_class(converted):
            return None
        conflict = union_conflict(converted)
        if conflict is not None:
            message = (
                f"'{conflict}' beside oneOf/anyOf whose members state constraints of their own "
                "is outside botspec's supported subset (state them in the members)"
            )
            raise SpecError([doc.problem(pointer, message)])
        checked = self.type_of(converted, checked=True)
        return value_expression(checked) if checked != self.type_of(converted) else None

    def page_items(
        self, doc: Document, pointer: Pointer, hint: str
    ) -> tuple[str | None, str | None]:
        """For an array whose items are read one by one (a page's): the root model they become
        where they are a union of models, and the runtime type to read them by where it
        differs from their annotation (both as `answer_types` gives them); each else None."""
        found = _location_of(self._specs, doc, pointer)
        if found is None or not isinstance(found[0].get(found[1]).get("items"), dict):
            return None, None
        items, decoded = self.answer_types(found[0], (*found[1], "items"), hint)
        entry = self._defs.get(items.removesuffix(" | None"))
        here = (found[0].name, (*found[1], "items"))
        hoisted = entry is not None and (entry.origin[0], entry.origin[2]) == here
        return (items if hoisted else None), decoded

    def answer_types(self, doc: Document, pointer: Pointer, hint: str) -> tuple[str, str | None]:
        """`python_type` of what a call returns whole (an answer, a page's items), and the
        runtime type to read it by where that differs. A union without a discriminator of two
        or more models, or of models and maps, becomes a root model of its own, named after
        `hint`, as no class field holds it to pick its variant by the object's keys (the
        models' `_best_fit`); null stays outside (`GetPetResponse | None`). The runtime type
        differs for a union of a string enum (or a binary string) and a number, integer or
        boolean, tried left to right, the strings first (`strings_first`), as a model's field
        of that union is."""
        converted = self._received(doc, pointer, hint)
        for key in ("oneOf", "anyOf"):
            members = converted.get(key)
            if "$ref" in converted or not isinstance(members, list) or "discriminator" in converted:
                continue
            models = sum(1 for m in members if "$ref" in m and self.is_object(m))
            if not picks_best_fit(models, any(is_map_schema(m) for m in members)):
                continue
            union = {**converted, key: [m for m in members if m != NULL]}
            name = self._hoist(doc, pointer, union, hint, "response")
            return (f"{name} | None" if NULL in members else name), None
        if "$ref" not in converted and _needs_class(converted):
            return self._hoist(doc, pointer, converted, hint, "response"), None
        plain = self.whole_type(doc, pointer, converted)
        ordered = self.type_of(converted, ordered=True)
        return plain, (value_expression(ordered) if ordered != plain else None)

    def _received(self, doc: Document, pointer: Pointer, hint: str) -> dict[str, Any]:
        """The schema at `pointer` converted for what a client reads: the enums it holds (it
        too, its class made) take values the spec does not list (`open_enums`)."""
        converted = self.convert(doc, pointer, hint, "response")
        if "enum" in converted and _needs_class(converted):
            converted = {
                "$ref": f"#/$defs/{self._hoist(doc, pointer, converted, hint, 'response')}"
            }
        return open_enums(converted, self._enum_values())

    def convert(self, doc: Document, pointer: Pointer, hint: str, context: str) -> dict[str, Any]:
        """The schema at `pointer`, rewritten for datamodel-code-generator."""
        schema = doc.get(pointer)
        if isinstance(schema, bool):
            return {} if schema else {"not": {}}
        if not isinstance(schema, dict):
            raise SpecError([doc.problem(pointer, "expected a schema object")])
        out = self._convert(doc, pointer, schema, hint, context, top=True)
        if not out.pop(_NULL_OUTSIDE, False):
            return out
        inner = {"$ref": f"#/$defs/{self._hoist(doc, pointer, out, hint, context)}"}
        return _or_null(inner if _needs_class(out) else out)

    def class_for(self, doc: Document, pointer: Pointer, hint: str, context: str) -> str:
        """The class name for an object schema (hoisted when inline)."""
        converted = self.convert(doc, pointer, hint, context)
        if "$ref" in converted:
            return ref_name(converted["$ref"])
        return self._hoist(doc, pointer, converted, hint, context)

    def declare_tags(self) -> None:
        """Give a discriminated union's variant that declares no tag property (nor inherits
        one) a string one: the frames carry it, and datamodel-code-generator, which types
        each variant's by its tags, refused the union, naming no class. Run before
        `split_requests`, so the twins have it too."""
        for variant, prop in self._tags:
            if variant in self._defs and prop not in self._properties(variant, set()):
                entry = self._defs[variant]
                properties = {**(entry.schema.get("properties") or {}), prop: {"type": "string"}}
                entry.schema = {**entry.schema, "properties": properties}

    def definitions(self) -> dict[str, Any]:
        """`$defs` for datamodel-code-generator (`check` passed). Objects read from responses
        or events are open whatever the spec says, so fields a platform adds later survive;
        objects only sent are closed unless the spec opens them."""
        contexts = self._propagated_contexts()
        enums = self._enum_values()
        strings = self._string_classes()
        loosened = self._narrowed_maps()
        out: dict[str, Any] = {}
        for name, entry in self._defs.items():
            schema = _loosen(entry.schema, loosened.get(name, set()))
            if is_object_schema(schema):
                schema = with_extras(schema, self.extras(name))
            if is_object_schema(schema) and "response" in contexts[name]:
                schema = opened(open_enum_fields(not_required(schema, "writeOnly"), enums))
                schema = self._default_tags(name, schema)
            elif is_object_schema(schema):
                schema = {**closed(not_required(schema, "readOnly")), SENT_NULLS: self._nulls(name)}
            elif "response" in contexts[name]:
                schema = open_enums(schema, enums)
            if is_object_schema(schema):
                schema = each_field(schema, lambda prop: field_strings_first(prop, strings))
            else:
                schema = ordered_unions(schema, strings)
            out[name] = schema
        return out

    def _nulls(self, name: str) -> list[str]:
        """The Python names of the fields of class `name`, inherited ones included, whose
        schemas admit null: a request sends their None as null."""
        python = self.field_names(name)
        fields = self.fields_of(name)  # which are required does not matter here
        return sorted(python[wire] for wire, type_, _, _ in fields if admits_null(type_))

    def _default_tags(self, name: str, schema: dict[str, Any]) -> dict[str, Any]:
        """A received variant's tag property that the spec leaves optional, given one tag,
        defaults to it (`TAG_DEFAULT`): the variant read alone, or by a union tagging it by
        another property, need not carry it. (A sent variant's stays required: a request
        sends what was set.)"""
        properties = schema.get("properties")
        if not isinstance(properties, dict):
            return schema
        required = {wire for wire, _, is_required, _ in self.fields_of(name) if is_required}
        out = dict(properties)
        for (variant, prop), (tags, _, _) in self._tags.items():
            if variant == name and len(tags) == 1 and prop in out and prop not in required:
                out[prop] = {**out[prop], TAG_DEFAULT: next(iter(tags))}
        return {**schema, "properties": out}

    def _narrowed_maps(self) -> dict[str, set[str]]:
        """The free-form object fields (`dict[str, Any]`) a subclass narrows to a model, by the
        class declaring them: an envelope's `data`, a `User` in a `UserEnvelope`."""
        out: dict[str, set[str]] = {}
        for name, entry in self._defs.items():
            for wire, prop in own_properties(entry.schema).items():
                model = class_of(prop)
                if model is None or "enum" in self._defs[model].schema:
                    continue
                owner = self._declaring(name, wire)
                if owner and is_free_map(own_properties(self._defs[owner].schema)[wire]):
                    out.setdefault(owner, set()).add(wire)
        return out

    def _declaring(self, name: str, wire: str) -> str | None:
        """The nearest class `name` inherits property `wire` from."""
        for base in sorted(self._bases(name)):
            if wire in own_properties(self._defs[base].schema):
                return base
            found = self._declaring(base, wire)
            if found:
                return found
        return None

    def split_requests(self, request_types: Iterable[str]) -> dict[str, str]:
        """Give each class both sent and received a closed twin, `<Name>Param`, for the
        requests: request-only classes and the twins refer to twins. `request_types`: the
        type expressions of what requests carry. Answers class name -> twin name."""
        contexts = self._propagated_contexts()
        shared = {n for n, c in contexts.items() if len(c) > 1} - self._enums()
        roots = {n for n, c in contexts.items() if c == {"request"}}
        roots |= {n for t in request_types for n in referenced_classes(t) if n in self._defs}
        twinned = self._twinned(roots, shared)
        twins = {
            name: unique(name + "Param", self._taken) for name in self._defs if name in twinned
        }
        defs: dict[str, _Def] = {}
        for name, entry in self._defs.items():
            if contexts[name] == {"request"}:
                entry.schema = _renamed(entry.schema, twins)
            defs[name] = entry
            if name in twins:
                defs[twins[name]] = _Def(
                    _renamed(entry.schema, twins), {"request"}, entry.origin, entry.doc
                )
        self._defs = defs
        return twins

    def _twinned(self, roots: set[str], shared: set[str]) -> set[str]:
        """The shared classes requests carry: as values (a field's or an argument's type),
        and as bases with such fields (a subclass's config closes the subclass, not the
        classes of the fields it inherits)."""
        values, bases = roots & shared, set()
        seen, todo = set(roots), list(roots)
        while todo:
            schema = self._defs[todo.pop()].schema
            kids, parents = _value_refs(schema), base_refs(schema)
            values |= kids & shared
            bases |= parents & shared
            todo += [kid for kid in (kids | parents) - seen if kid in self._defs]
            seen |= kids | parents
        twinned = set(values)
        while more := {
            b
            for b in bases - twinned
            if (_value_refs(self._defs[b].schema) | base_refs(self._defs[b].schema)) & twinned
        }:
            twinned |= more
        return twinned

    def open_enum(self, python_type: str) -> str | None:
        """For an enum class, the type that also takes values it does not list, tried left to
        right (`Annotated[Kind | str, Field(union_mode="left_to_right")]`): what a received
        field has (`definitions` does the same for model fields)."""
        entry = self._defs.get(python_type)
        if entry is None or "enum" not in entry.schema:
            return None
        opened = open_enum_type(python_type, entry.schema["enum"])
        return f'Annotated[{opened}, Field(union_mode="left_to_right")]' if opened else None

    def _enums(self) -> set[str]:
        return {name for name, entry in self._defs.items() if "enum" in entry.schema}

    def _enum_values(self) -> Mapping[str, list[Any]]:
        # A view, not a copy: every answer asks, and a copy each time was quadratic in the
        # number of schemas (half the model stage's time at 1,000 operations).
        return _EnumValues(self._defs)

    def _string_classes(self) -> set[str]:
        """The classes a union tries before a number (`strings_first`): enums of strings,
        binary strings."""
        return {
            name
            for name, values in self._enum_values().items()
            if values and all(isinstance(v, str) for v in values)
        } | {name for name, entry in self._defs.items() if is_binary(entry.schema)}

    def _propagated_contexts(self) -> dict[str, set[str]]:
        """A class nested in a response model is a response model too."""
        contexts = {name: set(entry.contexts) for name, entry in self._defs.items()}
        children = {name: defs_referenced(entry.schema) for name, entry in self._defs.items()}
        changed = True
        while changed:
            changed = False
            for name, kids in children.items():
                for kid in kids:
                    if kid in contexts and not contexts[name] <= contexts[kid]:
                        contexts[kid] |= contexts[name]
                        changed = True
        return contexts

    @property
    def aliases(self) -> dict[str, str]:
        """`Class.wire` -> Python field name, for datamodel-code-generator, wherever the two
        differ. Names are unique within each class, inherited fields included."""
        out: dict[str, str] = {}
        for name in self._defs:
            for wire, python in self.field_names(name).items():
                if python != wire:
                    out[f"{name}.{wire}"] = python
        return out

    def field_names(self, name: str, _seen: frozenset[str] = frozenset()) -> dict[str, str]:
        """Wire name -> Python attribute of a class's fields: inherited fields first, named
        as the parent names them, then its own, each made unique."""
        names: dict[str, str] = {}
        own: list[str] = []

        def walk(part: dict[str, Any]) -> None:  # inline members, at any depth, are its own
            for member in part.get("allOf") or []:
                parent = ref_name(member.get("$ref", ""))
                if parent in self._defs and parent not in _seen:
                    names.update(self.field_names(parent, _seen | {name}))
                else:
                    walk(member)
            own.extend(part.get("properties") or {})

        walk(self._defs[name].schema)
        taken, wires = set(names.values()), {*names, *own}
        for wire in own:
            if wire not in names:
                # The models populate fields by name too: one named as another field's wire
                # name would take that field's value where its own is left out.
                names[wire] = unique(model_field_name(wire), taken | (wires - {wire}))
                taken.add(names[wire])
        return names

    @property
    def origins(self) -> dict[str, Origin]:
        """Class name -> where the spec defines its schema."""
        return {name: entry.origin for name, entry in self._defs.items()}

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._defs)

    def shape(self, converted: dict[str, Any], seen: frozenset[str] = frozenset()) -> str:
        """`"scalar"` (primitives, enums, unions of them), `"array"`, `"object"`, `"mixed"` (a
        union of arrays or objects) or `"recursive"` (a class met again inside itself)."""
        if "$ref" in converted:
            name = ref_name(converted["$ref"])
            target = self._defs.get(name)
            if name in seen:
                return "recursive"
            if not (target and target.schema):
                return "object"
            return self.shape(target.schema, seen | {name})
        if "enum" in converted or "const" in converted:
            return "scalar"
        members = [*(converted.get("oneOf") or []), *(converted.get("anyOf") or [])]
        members += converted.get("allOf") or []
        if members:
            shapes = {self.shape(m, seen) for m in members}
            if "recursive" in shapes:
                return "recursive"
            return shapes.pop() if shapes in ({"scalar"}, {"object"}) else "mixed"
        types = converted.get("type")
        kinds = set(types) if isinstance(types, list) else {types}
        if "array" in kinds:
            return "array"
        if "object" in kinds or "properties" in converted or "additionalProperties" in converted:
            return "object"
        return "scalar"

    def fields_of(self, name: str, sent: bool = False) -> list[tuple[str, str, bool, str]]:
        """(wire name, Python type, required, description) of a model's fields, `allOf` merged;
        `sent`: as a request carries them (a readOnly field is never required there)."""
        fields: dict[str, tuple[str, str, bool, str]] = {}
        self._collect_fields(self._defs[name].schema, fields)
        if sent:
            return [(w, t, r and not self._read_only(name, w), d) for w, t, r, d in fields.values()]
        return list(fields.values())

    def extra_type(self, name: str) -> str | None:
        """The type of the extra fields a model takes (its `additionalProperties`: typed, else
        `Any`); None where the spec allows none (`false`, or left out: requests are closed)."""
        extra = self.extras(name)
        if extra is UNSAID or extra is False:
            return None
        return self.type_of(extra) if isinstance(extra, dict) else "Any"

    def extras(self, name: str) -> Any:
        """What class `name` takes beside its properties, its composition folded in (see
        `generator.model._extras`): UNSAID, True, False or a converted schema."""
        return extras_of(name, self._definition)

    def _read_only(self, name: str, wire: str) -> bool:
        found: dict[str, bool] = {}
        self._collect_flags(self._defs[name].schema, "readOnly", found)
        return found.get(wire, False)

    def _collect_flags(self, schema: dict[str, Any], flag: str, out: dict[str, bool]) -> None:
        for target in self._members(schema):
            self._collect_flags(target, flag, out)
        for wire, prop in (schema.get("properties") or {}).items():
            out[wire] = isinstance(prop, dict) and prop.get(flag) is True

    def _members(self, schema: dict[str, Any]) -> list[dict[str, Any]]:
        """The schemas of `schema`'s `allOf` members, but a class it inherits from through
        itself (refused, located, when the models are written: `_check_inheritance`)."""
        out = []
        for member in schema.get("allOf") or []:
            target = self._defs[ref_name(member["$ref"])].schema if "$ref" in member else member
            if not self._inherits(target, schema, set()):
                out.append(target)
        return out

    def _inherits(self, schema: dict[str, Any], ancestor: dict[str, Any], seen: set[str]) -> bool:
        """Whether `schema` is `ancestor` or inherits from it (through `allOf`)."""
        if schema is ancestor:
            return True
        for member in schema.get("allOf") or []:
            name = ref_name(member["$ref"]) if "$ref" in member else ""
            if name and name not in seen:
                seen.add(name)
                if self._inherits(self._defs[name].schema, ancestor, seen):
                    return True
        return False

    def _collect_fields(
        self, schema: dict[str, Any], out: dict[str, tuple[str, str, bool, str]]
    ) -> None:
        for target in self._members(schema):
            self._collect_fields(target, out)
        required = set(schema.get("required") or [])
        for wire, prop in (schema.get("properties") or {}).items():
            previous = out.get(wire)
            is_required = wire in required or bool(previous and previous[2])
            out[wire] = (wire, self.type_of(prop), is_required, prop.get("description", ""))
        for wire in required & out.keys():  # beside `allOf`, it may name an inherited field
            out[wire] = (*out[wire][:2], True, out[wire][3])

    def type_of(self, schema: dict[str, Any], checked: bool = False, ordered: bool = False) -> str:
        """Python type expression for a converted schema; `checked`: carrying the constraints
        it states (`constrained`), as the client checks a value passed whole; `checked` or
        `ordered`: its unions of a string enum (or a binary string) and a scalar tried left to
        right, the strings first (`strings_first`)."""
        if "$ref" in schema:
            return ref_name(schema["$ref"])
        if "const" in schema:
            return "None" if schema["const"] is None else f"Literal[{schema['const']!r}]"
        for key in ("oneOf", "anyOf"):
            if key in schema:
                members = [spread(schema, s) if checked else s for s in schema[key]]
                first = (
                    strings_first(members, self._string_classes()) if checked or ordered else None
                )
                in_turn = first or str_first(members) or members
                union = _union([self.type_of(s, checked, ordered) for s in in_turn])
                opened = schema.get("union_mode") == "left_to_right" and (checked or ordered)
                in_order = (bool(first) or opened) and union != "Any"
                return (
                    f'Annotated[{union}, Field(union_mode="left_to_right")]' if in_order else union
                )
        if "allOf" in schema and len(schema["allOf"]) == 1:
            return self.type_of(schema["allOf"][0], checked, ordered)
        types = schema.get("type")
        if isinstance(types, list):
            return _union([self.type_of({**schema, "type": t}, checked, ordered) for t in types])
        plain = self._plain_type(schema, checked, ordered)
        # bytes (`format: binary`) are counted in bytes, not as the spec counts a string
        return constrained(plain, schema, str(types)) if checked and plain != "bytes" else plain

    def _plain_type(self, schema: dict[str, Any], checked: bool, ordered: bool) -> str:
        """`type_of` a schema of one type (or none), its own constraints aside."""
        types = schema.get("type")
        if types == "array":
            return f"list[{self.type_of(schema.get('items') or {}, checked, ordered)}]"
        if types == "object" or (types is None and "additionalProperties" in schema):
            extra = schema.get("additionalProperties")
            value = self.type_of(extra, checked, ordered) if isinstance(extra, dict) else "Any"
            return f"dict[str, {value}]"
        if types == "string" and schema.get("format") == "binary":
            return "bytes"
        return PYTHON_TYPES.get(str(types), "Any")

    # -- conversion -----------------------------------------------------------

    def _convert(
        self,
        doc: Document,
        pointer: Pointer,
        schema: dict[str, Any],
        hint: str,
        context: str,
        top: bool = False,
    ) -> dict[str, Any]:
        schema = _schema_object(doc, pointer, schema)
        if "$ref" in schema:
            return self._reference(doc, pointer, schema, hint, context)
        _check_supported(doc, pointer, schema)
        if isinstance(schema.get("discriminator"), dict):
            _check_inline_variants(doc, pointer, schema)
        if _is_reference_wrapper(schema) and (not top or self._wraps_value(doc, schema)):
            # `allOf: [$ref]` beside a description (3.0's way to describe or null a $ref):
            # the referenced class itself, not a subclass of it.
            inner = self._convert(doc, (*pointer, "allOf", 0), schema["allOf"][0], hint, context)
            notes = {k: schema[k] for k in ("description",) if k in schema}
            if schema.get("nullable") is True:
                return {"anyOf": [inner, {"type": "null"}], **notes}
            return {**inner, **notes}
        merged = self._merged_value_all_of(doc, pointer, schema)
        if merged is not None:
            return self._convert(doc, pointer, merged, hint, context, top)
        self._check_all_of(doc, pointer, schema)
        out = self._by_type(
            doc, pointer, self._convert_keywords(doc, pointer, schema, hint, context), hint, context
        )
        if isinstance(out.get("discriminator"), dict):
            self._check_tags(doc, (*pointer, "discriminator"), out)
        null_outside = _null_outside(out, schema)
        if not top and (null_outside or _needs_class(out)):
            inner = (
                {"$ref": f"#/$defs/{self._hoist(doc, pointer, out, hint, context)}"}
                if _needs_class(out)
                else out
            )
            return _or_null(inner, out) if null_outside else inner
        if null_outside:
            out[_NULL_OUTSIDE] = True
        return out

    def _convert_keywords(
        self, doc: Document, pointer: Pointer, schema: dict[str, Any], hint: str, context: str
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in schema.items():
            if (key.startswith("x-") and key != "x-enum-varnames") or key in _DROPPED_KEYS:
                continue
            where = (*pointer, key)
            if key == "properties":
                out[key] = {
                    name: self._property(
                        doc, (*where, name), sub, hint + pascal_case(name), context
                    )
                    for name, sub in value.items()
                }
            elif key == "items" or (key == "additionalProperties" and isinstance(value, dict)):
                suffix = "Item" if key == "items" else "Value"
                out[key] = self._convert(doc, where, value, hint + suffix, context)
            elif key in APPLICATORS:
                out[key] = [
                    self._member(doc, (*where, i), sub, hint, key, i, context)
                    for i, sub in enumerate(value)
                ]
                if key != "allOf" and not isinstance(schema.get("discriminator"), dict):
                    self._unions.append((doc, where, out[key]))
            elif key == "discriminator" and isinstance(value, dict):
                out[key] = self._discriminator(doc, pointer, schema, hint, context)
            elif (key == "format" and not _kept_format(value, schema)) or key == "nullable":
                continue
            elif key == "x-enum-varnames":
                out[key] = _enum_varnames(doc, where, value, schema.get("enum"))
            elif key == "unevaluatedProperties":
                self._unevaluated(doc, where, value, hint, context, out, "allOf" in schema)
            elif key == "pattern" and isinstance(value, str) and pattern_problem(value):
                raise SpecError([doc.problem(where, str(pattern_problem(value)))])
            else:
                out[key] = value
        _null_enum_as_const(out)
        _typed_enum(out)
        if schema.get("nullable") is True and "type" in out:
            out["type"] = (
                [out["type"], "null"] if isinstance(out["type"], str) else [*out["type"], "null"]
            )
        return out

    def _by_type(
        self, doc: Document, pointer: Pointer, out: dict[str, Any], hint: str, context: str
    ) -> dict[str, Any]:
        """`out`, a converted schema, as the union of its `typed_members` when it has them
        (beside a union, each member's: `typed_union`); an object member declaring
        properties is a class, named at its entry in `type`."""
        conflict = typed_conflict(out)
        if conflict is not None:
            message = (
                f"'{conflict}' beside a type array and oneOf/anyOf members stating it too is "
                "outside botspec's supported subset (state it in the members)"
            )
            raise SpecError([doc.problem((*pointer, conflict), message)])
        union = typed_union(out)
        if union is not None:
            key = "oneOf" if "oneOf" in union else "anyOf"
            where = (*pointer, key)
            union[key] = [
                self._by_type(doc, (*where, i), member, hint, context)
                for i, member in enumerate(union[key])
            ]
            return union
        members = typed_members(out)
        if members is None:
            return out
        for index, member in enumerate(members):
            if _needs_class(member):
                where = (*pointer, "type", out["type"].index("object"))
                members[index] = {
                    "$ref": f"#/$defs/{self._hoist(doc, where, member, hint, context)}"
                }
        return {**without_typed(out), "anyOf": members}

    def _unevaluated(
        self,
        doc: Document,
        pointer: Pointer,
        value: Any,
        hint: str,
        context: str,
        out: dict[str, Any],
        composed: bool,
    ) -> None:
        """`unevaluatedProperties`: beside `allOf`, the extra fields no member declares (the
        class's, `extras`); without one, it acts as `additionalProperties`."""
        if isinstance(value, dict):
            value = self._convert(doc, pointer, value, hint + "Value", context)
        if composed:
            out["unevaluatedProperties"] = value
        else:
            out.setdefault("additionalProperties", value)

    def _property(
        self, doc: Document, pointer: Pointer, schema: Any, hint: str, context: str
    ) -> dict[str, Any]:
        """A property's schema, keeping its own description beside a `$ref`; without one, the
        referenced class's description (what its values mean, what the object is) documents
        the field."""
        out = self._convert(doc, pointer, schema, hint, context)
        if "$ref" in out and isinstance(schema, dict):  # 3.1 keeps keywords beside a $ref
            out.update({k: True for k in ("readOnly", "writeOnly") if schema.get(k) is True})
        if isinstance(schema, dict) and "default" in schema and "default" not in out:
            # Beside a $ref, an allOf wrapper, or a class made of an inline schema: the
            # field's own default, which the class (or the inlined schema) does not hold.
            if "$ref" in schema:  # the validate stage checks the referenced schema only
                self._check_default(doc, pointer, schema)
            out = {**out, "default": schema["default"]}
        if "$ref" not in out or "description" in out:
            return out
        target = self._defs.get(ref_name(out["$ref"]))
        description = schema.get("description") or (
            target.schema.get("description") if target else None
        )
        return {**out, "description": description} if description else out

    def _check_default(self, doc: Document, pointer: Pointer, schema: dict[str, Any]) -> None:
        """SpecError unless the schema beside `default` (its `$ref` included) accepts it."""
        default = schema["default"]
        if default is None and schema.get("nullable") is True:
            return
        if self._validators is None:
            from generator.validate import SchemaValidators

            root = next((d for d in self._specs.roots if d.kind == doc.kind), None)
            self._validators = SchemaValidators(root or self._specs.roots[0], self._specs)
        try:
            error = next(iter(self._validators.at(doc, pointer).iter_errors(default)), None)
        except RecursionError:  # EndlessSchema, or a value nested past the interpreter's limit
            message = (
                "the default cannot be checked: its schema contains itself without end "
                "(through allOf, oneOf or anyOf), which is outside botspec's supported subset"
            )
            raise SpecError([doc.problem((*pointer, "default"), message)]) from None
        if error is not None:
            where = "".join(f"[{p!r}]" for p in error.absolute_path)
            message = f"the default does not match its schema{where and ' at ' + where}: "
            message += error.message
            raise SpecError([doc.problem((*pointer, "default"), message)])

    def _member(
        self,
        doc: Document,
        pointer: Pointer,
        sub: Any,
        hint: str,
        key: str,
        index: int,
        context: str,
    ) -> dict[str, Any]:
        if key == "allOf" and isinstance(sub, dict) and "$ref" not in sub:
            _check_member_keywords(doc, pointer, sub)
            merged = self._convert(doc, pointer, sub, hint, context, top=True)  # into the parent
            merged.pop(_NULL_OUTSIDE, None)  # the parent says whether it admits null
            return merged
        out = self._convert(doc, pointer, sub, f"{hint}Variant{index + 1}", context)
        members = out.get("anyOf") if key == "allOf" and "$ref" not in out else None
        if members and "$ref" in members[0] and isinstance(sub, dict) and "$ref" in sub:
            return dict(members[0])  # a base class, whether or not it admits null
        return out

    def _discriminator(
        self, doc: Document, pointer: Pointer, union: dict[str, Any], hint: str, context: str
    ) -> dict[str, Any]:
        """The union's discriminator, its `mapping` naming every variant: a variant it leaves
        out is tagged by its schema's name (`dog-x`, `class`), which its class name
        (`DogX`, `Class`), what datamodel-code-generator would tag it by, may not be."""
        value = union["discriminator"]
        where = (*pointer, "discriminator", "mapping")
        mapping = {
            key: self._mapped(doc, (*where, key), to, hint, context)
            for key, to in (value.get("mapping") or {}).items()
        }
        for key in ("oneOf", "anyOf"):
            for index, member in enumerate(union.get(key) or []):
                if not (isinstance(member, dict) and isinstance(member.get("$ref"), str)):
                    continue
                ref = member["$ref"]
                variant = self._variant(doc, (*pointer, key, index), ref, hint, context)
                if variant not in mapping.values():
                    mapping.setdefault(unescape_token(ref.rsplit("/", 1)[-1]), variant)
        return {"propertyName": value["propertyName"], "mapping": mapping}

    def _mapped(self, doc: Document, pointer: Pointer, to: str, hint: str, context: str) -> str:
        """The class a discriminator's `mapping` value (a `$ref`, or a schema's name) names."""
        ref = mapping_ref(to)
        try:
            self._specs.resolve(doc, ref)
        except KeyError:
            raise SpecError([doc.problem(pointer, unresolved_mapping(to))]) from None
        return self._variant(doc, pointer, ref, hint, context)

    def _variant(self, doc: Document, pointer: Pointer, ref: str, hint: str, context: str) -> str:
        """The class a discriminator's mapping entry names; it must name one."""
        converted = self._reference(doc, pointer, {"$ref": ref}, hint, context)
        if "$ref" in converted or "$ref" in (converted.get("anyOf") or [{}])[0]:
            return _ref_of(converted)
        reason = f"'{ref}' names no object schema, which a discriminator's variant must be"
        raise SpecError([doc.problem(pointer, reason)])

    def _check_tags(self, doc: Document, pointer: Pointer, union: dict[str, Any]) -> None:
        """Each variant's model holds one set of tags: two discriminators giving one variant
        different tags would leave one of the unions unable to decode it."""
        prop = str(union["discriminator"]["propertyName"])
        for variant, tags in _variant_tags(union).items():
            earlier = self._tags.setdefault((variant, prop), (tags, doc, pointer))
            if earlier[0] != tags:
                where = f"{earlier[1].name}:{earlier[1].line_of(earlier[2])}"
                message = (
                    f"this discriminator tags {variant} {listed(tags)} but the one at {where} "
                    f"tags it {listed(earlier[0])}: a variant with different tags in two "
                    "unions is outside botspec's supported subset"
                )
                raise SpecError([doc.problem(pointer, message)])

    def _reference(
        self, doc: Document, pointer: Pointer, schema: dict[str, Any], hint: str, context: str
    ) -> dict[str, Any]:
        try:
            target, target_pointer, value = self._specs.resolve(doc, schema["$ref"])
        except KeyError:
            raise SpecError(
                [doc.problem((*pointer, "$ref"), f"$ref '{schema['$ref']}' does not resolve")]
            ) from None
        if not isinstance(value, dict):
            return {}
        location = (target.path, target_pointer)
        if location in self._by_location:
            name = self._by_location[location]
            self._defs[name].contexts.add(context)
            return self._ref_to(name)
        name_hint = _schema_name(target_pointer) if target_pointer else hint
        merged = self._merged_value_all_of(target, target_pointer, value)
        if merged is not None:  # written as the one schema it is, merged once, here
            value = merged
        if not _needs_class(value) or self._wraps_value(target, value):
            return self._inline(target, target_pointer, value, name_hint, context)
        # Named before converting, so a schema that refers to itself finds its own name; and
        # a cycle through it ends at it, so what is being written out around it (`_inline`)
        # is not met again inside it.
        name = self._reserve(target, target_pointer, name_hint, context, bool(target_pointer))
        if _null_outside(dict(value), value):  # known before: it may refer to itself
            self._nullable.add(name)
        around, self._inlining = self._inlining, set()
        try:
            converted = self._convert(target, target_pointer, value, name_hint, context, top=True)
        finally:
            self._inlining = around
        if converted.pop(_NULL_OUTSIDE, False):
            self._nullable.add(name)
        self._defs[name].schema = converted
        return self._ref_to(name)

    def _check_all_of(self, doc: Document, pointer: Pointer, schema: dict[str, Any]) -> None:
        """`allOf` of an object and a `$ref` to what no object is (an enum, a string, an
        array...) admits no value, and no class can inherit from both: refused at the member."""
        members = schema.get("allOf")
        if not isinstance(members, list):
            return
        inline = [m for m in members if isinstance(m, dict) and "$ref" not in m]
        if not any(is_object_schema(m) for m in [schema, *inline]):
            return
        for i, member in enumerate(members):
            if not (isinstance(member, dict) and isinstance(member.get("$ref"), str)):
                continue
            try:
                _, _, target = self._specs.resolve(doc, member["$ref"])
            except KeyError:
                continue  # said where the member is converted
            kind = _not_an_object(target)
            if kind:
                message = (
                    f"allOf of {member['$ref']} ({kind}) and an object admits no value: outside "
                    "botspec's supported subset"
                )
                raise SpecError([doc.problem((*pointer, "allOf", i), message)])

    def _merged_value_all_of(
        self, doc: Document, pointer: Pointer, schema: dict[str, Any]
    ) -> dict[str, Any] | None:
        """An `allOf` of what no object is (`[{type: string}, {maxLength: 5}]`, or a `$ref`
        to a string and constraints beside it) as the one schema it is, its members'
        keywords merged; None for any other schema (an object, a class to inherit from).
        Members stating one keyword two ways are refused: the value would have to meet both."""
        members = schema.get("allOf")
        if not isinstance(members, list) or not members or _object_keywords(schema):
            return None
        parts: list[tuple[Pointer, dict[str, Any]]] = []
        for i, member in enumerate(members):
            part = self._value_member(doc, member)
            if part is None:
                return None
            parts.append(((*pointer, "allOf", i), part))
        rest = {k: v for k, v in schema.items() if k != "allOf"}
        if not any(_not_an_object(part) for part in [rest, *(p for _, p in parts)]):
            return None
        merged = rest
        for where, part in parts:
            for key, value in part.items():
                if key in merged and merged[key] != value and key not in _DOCUMENTATION:
                    message = (
                        f"allOf members give '{key}' two values ({json.dumps(merged[key])} and"
                        f" {json.dumps(value)}), which a value would have to meet both of: say"
                        " it once"
                    )
                    raise SpecError([doc.problem((*where, key), message)])
                merged.setdefault(key, value)
        return merged

    def _value_member(self, doc: Document, member: Any) -> dict[str, Any] | None:
        """An `allOf` member's keywords where they can merge into the schema: an inline
        member with no object keyword nor applicator, or a `$ref` alone to such a schema of
        the same document (whose own references then mean what they meant there)."""
        if not isinstance(member, dict) or _object_keywords(member):
            return None
        if "$ref" not in member:
            return None if APPLICATORS & member.keys() else member
        if set(member) != {"$ref"}:
            return None
        try:
            target_doc, _, target = self._specs.resolve(doc, member["$ref"])
        except KeyError:
            return None  # said where the member is converted
        if target_doc is not doc or not isinstance(target, dict):  # its $refs hold here
            return None
        return self._value_member(doc, target) if _not_an_object(target) else None

    def _wraps_value(self, doc: Document, schema: dict[str, Any]) -> bool:
        """Whether `schema` is an `allOf: [$ref]` wrapper of what no class can inherit from (an
        enum, an array, a map, a union): even where it would be a class of its own (a
        component, a body), it is the referenced schema, not an empty model."""
        if not _is_reference_wrapper(schema):
            return False
        try:
            _, _, target = self._specs.resolve(doc, schema["allOf"][0]["$ref"])
        except KeyError:
            return False  # said where the member is converted
        return isinstance(target, dict) and (
            "enum" in target or not ("properties" in target or "allOf" in target)
        )

    def _ref_to(self, name: str) -> dict[str, Any]:
        ref = {"$ref": f"#/$defs/{name}"}
        return _or_null(ref) if name in self._nullable else ref

    def _inline(
        self, doc: Document, pointer: Pointer, value: dict[str, Any], hint: str, context: str
    ) -> dict[str, Any]:
        """A referenced schema that needs no class (a union, an array, a map), written out
        where it is used; unless it contains itself with no named class between
        (`Content: oneOf [string, array of Content]`): met again while being written out, it
        is named after all (a root model), and the inner reference and every later one refer
        to that class. A cycle through a named class (`RichText: anyOf [string, Span]`, whose
        `Span` holds `RichText`s) ends at that class: `RichText` stays `str | Span`."""
        location = (doc.path, pointer)
        if location in self._inlining:
            named = self._reserve(doc, pointer, hint, context, bool(pointer))
            if _admits_null(value):  # null stays outside the root model: `Content | None`
                self._nullable.add(named)
            return self._ref_to(named)
        self._inlining.add(location)
        try:
            out = self._convert(doc, pointer, value, hint, context, top=True)
        finally:
            self._inlining.discard(location)
        null_outside = out.pop(_NULL_OUTSIDE, False)
        name = self._by_location.get(location)
        if name is not None:
            self._defs[name].schema = _without_null(out) if name in self._nullable else out
            out = self._ref_to(name)
        return _or_null(out) if null_outside else out

    def _reserve(
        self, doc: Document, pointer: Pointer, hint: str, context: str, named: bool = False
    ) -> str:
        """A class name for the schema at `pointer`, from `hint`: its key, if `named` (a
        schema the author named), else what it is used for."""
        wanted = pascal_case(hint)
        named = named or (doc.path, pointer) in self._authored.get(wanted, ())
        if named:
            self._claim(doc, pointer, wanted)
        # Numbered only past the names the package defines itself, and a name the generator
        # makes up past every name an author gave: adding a schema renames no named class.
        if named and wanted not in self._taken:
            self._taken.add(wanted)
            name = wanted
        else:
            name = unique(wanted, self._taken, reserved=self._authored)
        self._by_location[(doc.path, pointer)] = name
        self._defs[name] = _Def({}, {context}, (doc.name, doc.line_of(pointer), pointer), doc)
        return name

    def _claim(self, doc: Document, pointer: Pointer, wanted: str) -> None:
        """Record that the named schema at `pointer` makes class `wanted`; SpecError if another
        named schema makes it too: whichever came second would be renamed (`Detail2`)."""
        earlier = self._named_by.setdefault(wanted, (doc, pointer))
        if (earlier[0].path, earlier[1]) != (doc.path, pointer):
            where = f"{earlier[0].name}:{earlier[0].line_of(earlier[1])}"
            message = (
                f"this schema and the one at {where} ({format_pointer(earlier[1])}) both make the"
                f" model class {wanted}; rename one of them (a class is named after its key)"
            )
            raise SpecError([doc.problem(pointer, message)])

    def _hoist(
        self, doc: Document, pointer: Pointer, schema: dict[str, Any], hint: str, context: str
    ) -> str:
        location = (doc.path, pointer)
        if location in self._by_location:
            return self._by_location[location]
        name = self._reserve(doc, pointer, hint, context)
        self._defs[name].schema = schema
        return name


class _EnumValues(Mapping[str, list[Any]]):
    """The listed values of each enum class made so far, by class name."""

    def __init__(self, defs: dict[str, _Def]) -> None:
        self._defs = defs

    def __getitem__(self, name: str) -> list[Any]:
        entry = self._defs.get(name)
        if entry is None or "enum" not in entry.schema:
            raise KeyError(name)
        values: list[Any] = entry.schema["enum"]
        return values

    def __iter__(self) -> Iterator[str]:
        return (name for name, entry in self._defs.items() if "enum" in entry.schema)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _schema_name(pointer: Pointer) -> str:
    """The class name a schema the author named (`components/schemas/user-info`) makes."""
    return pascal_case(str(pointer[-1]))


def _authored_names(specs: SpecSet) -> dict[str, set[tuple[Path, Pointer]]]:
    """The class names of the schemas a `$ref` or a discriminator's `mapping` names by their
    key, in any document of `specs`, that may make a class (an object, an enum): where each
    such schema is, by name."""
    names: dict[str, set[tuple[Path, Pointer]]] = {}
    for doc in specs.documents.values():
        for ref in dict.fromkeys(_references(doc.data)):  # each once: most are shared enums
            try:
                target, pointer, value = specs.resolve(doc, ref)
            except (KeyError, ValueError):  # said where it is converted, if it is
                continue
            if pointer and isinstance(value, dict) and _needs_class(value):
                names.setdefault(_schema_name(pointer), set()).add((target.path, pointer))
    return names


def _references(data: Any) -> Iterator[str]:
    """Every `$ref`, and every discriminator `mapping` value as the `$ref` it stands for."""
    for _, node in iter_mappings(data):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        discriminator = node.get("discriminator")
        mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
        if isinstance(mapping, dict):
            yield from (mapping_ref(to) for to in mapping.values() if isinstance(to, str))


def _variant_tags(union: dict[str, Any]) -> dict[str, frozenset[str]]:
    """Variant class -> the tags a discriminated union decodes it by (its `mapping`'s keys,
    else its class name)."""
    mapping = union["discriminator"].get("mapping") or {}
    out: dict[str, frozenset[str]] = {}
    for member in [*(union.get("oneOf") or []), *(union.get("anyOf") or [])]:
        if isinstance(member, dict) and "$ref" in member:
            ref = str(member["$ref"])
            name = ref_name(ref)
            out[name] = frozenset(tag for tag, to in mapping.items() if to == ref) or frozenset(
                {name}
            )
    return out


def _check_inline_variants(doc: Document, pointer: Pointer, union: dict[str, Any]) -> None:
    """An inline variant of a discriminated union has no schema name to be tagged by: its
    tag property must say its one value (`const`, or an `enum` of one)."""
    prop = union["discriminator"].get("propertyName")
    for key in ("oneOf", "anyOf"):
        for index, member in enumerate(union.get(key) or []):
            if not isinstance(member, dict) or "$ref" in member or member == {"type": "null"}:
                continue
            parts = [member, *(m for m in member.get("allOf") or [] if isinstance(m, dict))]
            tags = [(part.get("properties") or {}).get(prop) for part in parts]
            if any(
                isinstance(tag, dict) and ("const" in tag or len(tag.get("enum") or []) == 1)
                for tag in tags
            ):
                continue
            message = (
                f"this inline variant of a discriminated union has no tag: give its "
                f"'{prop}' property a const (or $ref a named schema)"
            )
            raise SpecError([doc.problem((*pointer, key, index), message)])


def _loosen(schema: dict[str, Any], wires: set[str]) -> dict[str, Any]:
    """`schema` with its free-form object properties `wires` admitting any value: a subclass
    narrows them to a model, which a `dict[str, Any]` annotation would contradict (mypy)."""
    if not wires:
        return dict(schema)

    def loose(properties: dict[str, Any]) -> dict[str, Any]:
        return {
            w: {k: v for k, v in p.items() if k in ANNOTATIONS} if w in wires else p
            for w, p in properties.items()
        }

    out = dict(schema)
    if isinstance(schema.get("properties"), dict):
        out["properties"] = loose(schema["properties"])
    if isinstance(schema.get("allOf"), list):
        out["allOf"] = [
            (
                {**m, "properties": loose(m["properties"])}
                if isinstance(m, dict) and isinstance(m.get("properties"), dict)
                else m
            )
            for m in schema["allOf"]
        ]
    return out


# Keywords that only document a schema: where allOf members give them two ways, the first is
# kept.
_DOCUMENTATION = frozenset({"description", "title", "example", "examples", "externalDocs"})


def _object_keywords(schema: dict[str, Any]) -> bool:
    """Whether `schema` says anything of an object's members, or is typed an object."""
    types = schema.get("type")
    typed_object = types == "object" or (isinstance(types, list) and "object" in types)
    return typed_object or bool(_OBJECT_KEYWORDS & schema.keys())


_OBJECT_KEYWORDS = frozenset(
    {"properties", "additionalProperties", "patternProperties", "required", "discriminator"}
    | {"unevaluatedProperties", "propertyNames", "minProperties", "maxProperties"}
)


def _not_an_object(schema: Any) -> str:
    """What `schema` admits instead of objects ("an enum", "array"...); empty if objects."""
    if not isinstance(schema, dict):
        return ""
    if "enum" in schema:
        return "an enum"
    for key in ("oneOf", "anyOf"):
        members = schema.get(key)
        if isinstance(members, list) and members and all(_not_an_object(m) for m in members):
            return f"a union of {'/'.join(sorted({_not_an_object(m) for m in members}))}"
    types = schema.get("type")
    kinds = set(types) if isinstance(types, list) else {types} if isinstance(types, str) else set()
    return "/".join(sorted(kinds)) if kinds and "object" not in kinds else ""


def _schema_object(doc: Document, pointer: Pointer, schema: Any) -> dict[str, Any]:
    """A schema as an object: the boolean schema `true` (JSON Schema 2020-12) admits any
    value, as `{}` does; `false` admits none, which no model can express."""
    if schema is True:
        return {}
    if not isinstance(schema, dict):
        message = (
            f"the schema {json.dumps(schema)} admits no value: outside botspec's supported subset"
        )
        raise SpecError([doc.problem(pointer, message)])
    return schema


def _check_supported(doc: Document, pointer: Pointer, schema: dict[str, Any]) -> None:
    """SpecError naming the first keyword of `schema` outside botspec's subset."""
    found = _unsupported_keyword(schema)
    if found is not None:
        key, detail = found
        message = f"'{key}'{detail} is outside botspec's supported subset"
        raise SpecError([doc.problem((*pointer, key), message)])


def _unsupported_keyword(schema: dict[str, Any]) -> tuple[str, str] | None:
    """(keyword, what about it) for a keyword the models would drop or get wrong."""
    for key in _UNSUPPORTED:
        if key in schema:
            return key, ""
    composed = any(key in schema for key in APPLICATORS)
    if "unevaluatedProperties" in schema and {"oneOf", "anyOf"} & set(schema):
        return "unevaluatedProperties", " beside oneOf/anyOf"
    on_map_only = next((key for key in _MAP_KEYWORDS if key in schema), None)
    if on_map_only and ("properties" in schema or composed):
        return on_map_only, " on an object with properties (only on a map)"
    if "discriminator" in schema and not {"oneOf", "anyOf"} & set(schema):
        return "discriminator", " without oneOf/anyOf (polymorphism through allOf inheritance)"
    return None


def _map_keyword_in(schema: Any) -> str | None:
    """The first map keyword in a converted schema that is no class (classes are `$ref`s)."""
    if isinstance(schema, list):
        return next(filter(None, (_map_keyword_in(s) for s in schema)), None)
    if not isinstance(schema, dict):
        return None
    found = next((key for key in _MAP_KEYWORDS if key in schema), None)
    values = (v for k, v in schema.items() if k not in _VALUE_KEYWORDS)
    return found or next(filter(None, (_map_keyword_in(v) for v in values)), None)


_VALUE_KEYWORDS = frozenset({"default", "const", "enum", "examples", "example"})


def _check_member_keywords(doc: Document, pointer: Pointer, member: dict[str, Any]) -> None:
    """An inline `allOf` member merges into a class with properties, where the models would
    drop what only a map keeps."""
    key = next((key for key in _MAP_KEYWORDS if key in member), None)
    if key is not None:
        message = (
            f"'{key}' in an allOf member (it merges into a class with properties; only on a "
            "map) is outside botspec's supported subset"
        )
        raise SpecError([doc.problem((*pointer, key), message)])


def _is_reference_wrapper(schema: dict[str, Any]) -> bool:
    """`{allOf: [{$ref: ...}]}` with nothing else but annotations."""
    members = schema.get("allOf")
    return (
        isinstance(members, list)
        and len(members) == 1
        and isinstance(members[0], dict)
        and "$ref" in members[0]
        and all(k == "allOf" or k in ANNOTATIONS or k.startswith("x-") for k in schema)
    )


def _needs_class(schema: dict[str, Any]) -> bool:
    if "enum" in schema:  # but one of null alone, which is `const: null` (`_null_enum_as_const`)
        return not _only_null(schema["enum"])
    if "properties" in schema or "allOf" in schema:
        return True
    return bool(schema.get("discriminator"))


# Marks a converted schema that admits null beside what it holds (`_null_outside`); the
# caller that names it, or writes it out, puts the null around it.
_NULL_OUTSIDE = "\0null"


def _null_outside(out: dict[str, Any], schema: dict[str, Any]) -> bool:
    """Whether `out` admits null that it cannot hold itself, taking any null member out of a
    discriminated union (whose variants are tagged models) to say so. OpenAPI 3.0's
    `nullable: true` beside `oneOf`/`anyOf` adds a null member; beside no `type` (an
    `allOf`, `properties`) or an `enum` it admits null beside the class."""
    listed_null = _null_out_of_enum(out) or _null_out_of_class_type(out)
    # An enum listing no null says so too: 3.0 documents mean null by `nullable` alone.
    enum = out.get("enum")
    listed = isinstance(enum, list) and None not in enum
    nullable = listed_null or (schema.get("nullable") is True and ("type" not in out or listed))
    if isinstance(out.get("discriminator"), dict):
        for key in ("oneOf", "anyOf"):
            if isinstance(out.get(key), list) and NULL in out[key]:
                out[key] = [member for member in out[key] if member != NULL]
                nullable = True
        return nullable
    if not nullable:
        return False
    for key in ("oneOf", "anyOf"):
        if isinstance(out.get(key), list):
            out[key] = out[key] if NULL in out[key] else [*out[key], NULL]
            return False
    return any(key not in ANNOTATIONS for key in out)  # `{}` admits null already


def _kept_format(value: Any, schema: dict[str, Any]) -> bool:
    """Whether `format: value` is kept: one of `_KEPT_FORMATS`, on its type alone."""
    types = schema.get("type")
    kinds = set(types) if isinstance(types, list) else {types}
    return isinstance(value, str) and kinds - {"null"} == {_KEPT_FORMATS.get(value)}


def _only_null(enum: Any) -> bool:
    """Whether an `enum` lists null and nothing else."""
    return isinstance(enum, list) and bool(enum) and all(value is None for value in enum)


def _null_enum_as_const(out: dict[str, Any]) -> None:
    """An enum whose only value is null is `const: null`: a class of one member for null
    would be no None to a type checker, and None, meaning "not given", would not send it."""
    if _only_null(out.get("enum")):
        for key in ("enum", "x-enum-varnames", "type"):
            out.pop(key, None)
        out["const"] = None


def _typed_enum(out: dict[str, Any]) -> None:
    """An enum naming no `type` whose values are all strings (or all integers) has that
    type: its class is then a `StrEnum` (`IntEnum`), a `str` where a base class's field is
    one, not a plain `Enum`."""
    enum = out.get("enum")
    if "type" in out or not isinstance(enum, list):
        return
    kinds = {JSON_TYPES.get(type(value)) for value in enum if value is not None}
    if kinds in ({"string"}, {"integer"}):
        out["type"] = [*kinds, "null"] if None in enum else kinds.pop()


def _null_out_of_class_type(out: dict[str, Any]) -> bool:
    """Whether `out` is an object class whose type also names null (`[object, "null"]`, or
    3.0's `nullable`), null then taken out of it to be admitted beside the class: no model
    instance is null, and an answer or a body of that class alone would refuse it."""
    types = out.get("type")
    if not isinstance(types, list) or sorted(types) != ["null", "object"]:
        return False
    if "enum" in out or not _needs_class(out):
        return False
    out["type"] = "object"
    return True


def _null_out_of_enum(out: dict[str, Any]) -> bool:
    """Whether `out` is an enum listing null beside other values, null then taken out of it
    to be admitted beside its class: a member for null is not None to a type checker, and
    None would not send it."""
    enum = out.get("enum")
    if not isinstance(enum, list) or None not in enum or _only_null(enum):
        return False
    kept = [i for i, value in enumerate(enum) if value is not None]
    out["enum"] = [enum[i] for i in kept]
    names = out.get("x-enum-varnames")
    if isinstance(names, list) and len(names) == len(enum):
        out["x-enum-varnames"] = [names[i] for i in kept]
    if isinstance(out.get("type"), list):
        types = [t for t in out["type"] if t != "null"]
        out["type"] = types[0] if len(types) == 1 else types
    return True


def _admits_null(schema: dict[str, Any]) -> bool:
    """Whether a spec schema admits null at its top: 3.0's `nullable`, a type array naming
    null, or a null member of its union."""
    types = schema.get("type")
    members = [*(schema.get("oneOf") or []), *(schema.get("anyOf") or [])]
    return (
        schema.get("nullable") is True
        or (isinstance(types, list) and "null" in types)
        or any(member == NULL for member in members)
    )


def _without_null(converted: dict[str, Any]) -> dict[str, Any]:
    """A converted schema with the null it admits at its top taken out (`_admits_null`)."""
    out = dict(converted)
    types = out.get("type")
    if isinstance(types, list) and "null" in types:
        kept = [t for t in types if t != "null"]
        out["type"] = kept[0] if len(kept) == 1 else kept
    for key in ("oneOf", "anyOf"):
        if isinstance(out.get(key), list):
            out[key] = [member for member in out[key] if member != NULL]
    return out


def _or_null(inner: dict[str, Any], notes: dict[str, Any] | None = None) -> dict[str, Any]:
    """`inner` or null; the description stays on the outside, where a field's is read."""
    described = {k: v for k, v in (notes or {}).items() if k == "description"}
    return {"anyOf": [inner, dict(NULL)], **described}


def _ref_of(converted: dict[str, Any]) -> str:
    """The `$ref` of a converted reference (`{$ref}`, or `_or_null`'s)."""
    return str(converted["$ref"] if "$ref" in converted else converted["anyOf"][0]["$ref"])


def _union(types: list[str]) -> str:
    seen: list[str] = []
    for t in types:
        for part in union_members(t):
            if part not in seen:
                seen.append(part)
    if "Any" in seen:  # a member admitting any value, null included: the others add nothing
        return "Any"
    if "None" in seen:
        seen.remove("None")
        seen.append("None")
    return " | ".join(seen)


def _renamed(schema: Any, names: dict[str, str]) -> Any:
    """`schema` with its `$ref`s to the classes in `names` pointing at their new names."""
    if isinstance(schema, dict):
        out = {k: _renamed(v, names) for k, v in schema.items()}
        if "$ref" in schema:
            out["$ref"] = _renamed_ref(schema["$ref"], names)
        discriminator = schema.get("discriminator")
        if isinstance(discriminator, dict):
            # A variant tagged by its schema's name keeps that tag under its twin's name.
            mapping = dict(discriminator.get("mapping") or {})
            for variant, tags in _variant_tags(schema).items():
                if variant in names and tags == {variant}:
                    mapping.setdefault(variant, f"#/$defs/{variant}")
            if mapping:
                out["discriminator"]["mapping"] = {
                    k: _renamed_ref(v, names) for k, v in mapping.items()
                }
        return out
    if isinstance(schema, list):
        return [_renamed(v, names) for v in schema]
    return schema


def _renamed_ref(ref: str, names: dict[str, str]) -> str:
    name = ref_name(ref)
    return f"#/$defs/{names[name]}" if name in names else ref


def _value_refs(schema: dict[str, Any]) -> set[str]:
    """The classes a class's own fields (or union members) refer to."""
    members = [m for m in schema.get("allOf") or [] if not (isinstance(m, dict) and "$ref" in m)]
    return defs_referenced({**schema, "allOf": members})


def defs_referenced(schema: Any) -> set[str]:
    """The `$defs` classes a schema refers to, at any depth."""
    if isinstance(schema, dict):
        found = {ref_name(schema["$ref"])} if "$ref" in schema else set()
        for value in schema.values():
            found |= defs_referenced(value)
        return found
    if isinstance(schema, list):
        return set().union(*(defs_referenced(v) for v in schema)) if schema else set()
    return set()


def find_property(
    specs: SpecSet, doc: Document, pointer: Pointer, name: str
) -> tuple[Document, Pointer] | None:
    """Where property `name` of the object schema at `pointer` is defined, following
    `$ref` and `allOf` (the last definition wins, as a merge would)."""
    return object_fields(specs, doc, pointer).properties.get(name)


def requires_property(specs: SpecSet, doc: Document, pointer: Pointer, name: str) -> bool:
    """Whether the object schema at `pointer`, or a part it merges (`$ref`, `allOf`),
    lists `name` as required."""
    return name in object_fields(specs, doc, pointer).required


def _location_of(
    specs: SpecSet, doc: Document, pointer: Pointer
) -> tuple[Document, Pointer] | None:
    """Follow `$ref`s from the schema at `pointer` to where its content is."""
    try:
        doc, pointer, value = specs.follow(doc, pointer, doc.get(pointer))
    except BrokenRef:
        return None
    return (doc, pointer) if isinstance(value, dict) else None


def _enum_varnames(doc: Document, pointer: Pointer, names: Any, values: Any) -> list[str]:
    """`x-enum-varnames`, checked to name each value of the enum beside it: a short list
    would leave members named by their position (`integer_2`)."""
    if (
        not isinstance(names, list)
        or not all(isinstance(name, str) and name for name in names)
        or not isinstance(values, list)
        or len(names) != len(values)
    ):
        count = len(values) if isinstance(values, list) else "no"
        message = f"x-enum-varnames must be a list of one name per enum value ({count} values)"
        raise SpecError([doc.problem(pointer, message)])
    return names
