"""Runs every check in order; later checks only run on documents that passed the earlier ones."""

from __future__ import annotations

from generator.load import ASYNCAPI_VERSIONS, OPENAPI_VERSIONS, Document, SpecSet
from generator.problems import Problem
from generator.validate import (
    _encoding,
    _examples,
    _extension_fields,
    _parameters,
    _raw_text,
    _refs,
    _rules,
    _structure,
)


def validate(specs: SpecSet) -> list[Problem]:
    problems = list(specs.problems)
    refs = _refs.Refs()
    problems += _refs.check(specs, refs)
    for doc in specs.roots:
        version_problem = _check_version(doc)
        if version_problem:
            problems.append(version_problem)
            continue
        structure = _structure.check(doc, specs)
        problems += structure
        if not structure:
            problems += _rules.check(doc, specs)
            problems += _extension_fields.check(doc, specs)
            problems += _parameters.check(doc, specs)
            problems += _encoding.check(doc, specs)
            problems += _raw_text.check(doc, specs)
            problems += _examples.check(doc, specs, refs)
    return sorted(set(problems))


def _check_version(doc: Document) -> Problem | None:
    if not isinstance(doc.data, dict):
        return doc.problem((), "a spec document must be a mapping at the top level")
    if doc.kind is None:
        return doc.problem(
            (), "not an OpenAPI or AsyncAPI document: no 'openapi' or 'asyncapi' key"
        )
    supported = OPENAPI_VERSIONS if doc.kind == "openapi" else ASYNCAPI_VERSIONS
    if doc.version not in supported:
        return doc.problem(
            (doc.kind,),
            f"unsupported {doc.kind} version '{doc.version}'; supported: {', '.join(supported)}",
        )
    return None
