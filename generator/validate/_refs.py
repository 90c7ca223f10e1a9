"""Every `$ref`, in every loaded file, must lead somewhere."""

from __future__ import annotations

from generator.load import SpecSet
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
    return problems
