"""Every `$ref`, in every loaded file, must lead somewhere."""

from __future__ import annotations

from generator.load import Document, SpecSet
from generator.load._documents import iter_refs
from generator.problems import Problem


def check(specs: SpecSet) -> list[Problem]:
    problems = []
    for doc in specs.documents.values():
        for pointer, ref in iter_refs(doc.data):
            if "://" in ref.partition("#")[0]:
                problems.append(
                    doc.problem((*pointer, "$ref"), f"remote $ref '{ref}' is not supported")
                )
                continue
            try:
                specs.resolve(doc, ref)
            except (KeyError, ValueError, TypeError):
                problems.append(doc.problem((*pointer, "$ref"), f"$ref '{ref}' does not resolve"))
                continue
            if _leads_to_cycle(specs, doc, ref):
                problems.append(
                    doc.problem((*pointer, "$ref"), f"$ref '{ref}' leads to a cycle of $refs")
                )
    return problems


def _leads_to_cycle(specs: SpecSet, doc: Document, ref: str) -> bool:
    """Whether following `ref` only ever reaches further `$ref`s."""
    seen: set[tuple[str, str]] = set()
    while (str(doc.path), ref) not in seen:
        seen.add((str(doc.path), ref))
        try:
            doc, _, value = specs.resolve(doc, ref)
        except (KeyError, ValueError, TypeError):
            return False  # reported where that $ref is
        if not (isinstance(value, dict) and isinstance(value.get("$ref"), str)):
            return False
        ref = value["$ref"]
    return True
