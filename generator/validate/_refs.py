"""Every `$ref`, in every loaded file, must lead somewhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.load import Document, SpecSet
from generator.problems import Pointer, Problem

# Where a value is: None for the top, else (where its container is, its key there).
_Place = tuple[Any, str | int] | None


class Refs:
    """The `$ref`s of each document, and the file each names, looked for once in a
    validation."""

    def __init__(self) -> None:
        self._found: dict[Path, list[tuple[_Place, str]]] = {}
        self._files: dict[tuple[Path, str], Document] = {}

    def places(self, doc: Document) -> list[tuple[_Place, str]]:
        """Every `$ref` string in `doc`, with the place of the object holding it."""
        if doc.path not in self._found:
            self._found[doc.path] = _ref_places(doc.data)
        return self._found[doc.path]

    def strings(self, doc: Document) -> list[str]:
        """Every `$ref` string in `doc`."""
        return [ref for _, ref in self.places(doc)]

    def resolve(self, specs: SpecSet, doc: Document, ref: str) -> tuple[Document, Pointer, Any]:
        """`specs.resolve(doc, ref)`, finding the file `ref` names once per document (a lookup
        on disk costs more than the rest); KeyError when it leads nowhere."""
        file, _, fragment = ref.partition("#")
        if not file:
            return specs.resolve(doc, ref)
        key = (doc.path, file)
        target = self._files.get(key)
        if target is None:
            target, _, _ = specs.resolve(doc, file)
            self._files[key] = target
        return specs.resolve(target, "#" + fragment)


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
        refs.resolve(specs, doc, ref)
    except (KeyError, ValueError, TypeError):
        return f"$ref '{ref}' does not resolve"
    if _leads_to_cycle(specs, refs, doc, ref):
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


def _leads_to_cycle(specs: SpecSet, refs: Refs, doc: Document, ref: str) -> bool:
    """Whether following `ref` only ever reaches further `$ref`s."""
    seen: set[tuple[str, str]] = set()
    while (str(doc.path), ref) not in seen:
        seen.add((str(doc.path), ref))
        try:
            doc, _, value = refs.resolve(specs, doc, ref)
        except (KeyError, ValueError, TypeError):
            return False  # reported where that $ref is
        if not (isinstance(value, dict) and isinstance(value.get("$ref"), str)):
            return False
        ref = value["$ref"]
    return True
