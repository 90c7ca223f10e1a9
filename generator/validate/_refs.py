"""Every `$ref`, in every loaded file, must lead somewhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.load import BrokenRef, Document, RefCycle, SpecSet
from generator.problems import Pointer, Problem

# Where a value is: None for the top, else (where its container is, its key there).
_Place = tuple[Any, str | int] | None


class Refs:
    """The `$ref`s of each document, looked for once in a validation."""

    def __init__(self) -> None:
        self._found: dict[Path, list[tuple[_Place, str]]] = {}

    def places(self, doc: Document) -> list[tuple[_Place, str]]:
        """Every `$ref` string in `doc`, with the place of the object holding it."""
        if doc.path not in self._found:
            self._found[doc.path] = _ref_places(doc.data)
        return self._found[doc.path]

    def strings(self, doc: Document) -> list[str]:
        """Every `$ref` string in `doc`."""
        return [ref for _, ref in self.places(doc)]


def check(specs: SpecSet, refs: Refs | None = None) -> list[Problem]:
    refs = refs or Refs()
    problems = []
    for doc in specs.documents.values():
        verdicts: dict[str, str | None] = {}  # what is wrong with each distinct $ref
        for place, ref in refs.places(doc):
            if ref not in verdicts:
                verdicts[ref] = _verdict(specs, refs, doc, ref)
            verdict = verdicts[ref]
            if verdict is not None:
                problems.append(doc.problem((*_pointer_of(place), "$ref"), verdict))
    return problems


def _verdict(specs: SpecSet, refs: Refs, doc: Document, ref: str) -> str | None:
    if "://" in ref.partition("#")[0]:
        return f"remote $ref '{ref}' is not supported"
    try:
        specs.resolve(doc, ref)
    except (KeyError, ValueError, TypeError):
        return f"$ref '{ref}' {specs.unresolved(doc, ref)}"
    if _leads_to_cycle(specs, doc, ref):
        return f"$ref '{ref}' leads to a cycle of $refs"
    return None


def _ref_places(data: Any) -> list[tuple[_Place, str]]:
    found: list[tuple[_Place, str]] = []
    stack: list[tuple[_Place, Any]] = [(None, data)]
    pop = stack.pop
    push = stack.append
    while stack:
        place, node = pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                found.append((place, ref))
            for key, value in node.items():
                if isinstance(value, (dict, list)):
                    push(((place, key), value))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                if isinstance(value, (dict, list)):
                    push(((place, index), value))
    return found


def _pointer_of(place: _Place) -> Pointer:
    parts: list[str | int] = []
    while place is not None:
        place, key = place
        parts.append(key)
    return tuple(reversed(parts))


def _leads_to_cycle(specs: SpecSet, doc: Document, ref: str) -> bool:
    """Whether following `ref` only ever reaches further `$ref`s."""
    try:
        specs.follow(doc, (), {"$ref": ref})
    except RefCycle:
        return True
    except BrokenRef:
        pass  # reported where that $ref is
    return False
