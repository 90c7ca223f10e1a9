"""The loader's own limits, where they depend on the YAML library's version."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.load import _loader
from generator.load._loader import parse
from generator.problems import Problem


def _deep_flow_json(depth: int) -> str:
    return '{"openapi": "3.1.0",\n"x-deep": ' + "[" * depth + "]" * depth + "}\n"


def test_libyamls_own_nesting_limit_is_reported_as_too_deep_on_the_line_it_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PyYAML 6.0.4's libyaml refuses deep flow nesting while scanning ahead, before the
    # loader's event count reaches its own limit; older ones hand every event over.
    def refusing_parse(text: str, Loader: Any) -> Iterator[yaml.Event]:
        mark = yaml.Mark("<text>", 0, 1, 1020, text, 0)
        raise yaml.MarkedYAMLError(problem="exceeded maximum nesting depth", problem_mark=mark)

    monkeypatch.setattr(_loader.yaml, "parse", refusing_parse)
    path = tmp_path / "openapi.json"
    path.write_text(_deep_flow_json(20_000), encoding="utf-8")
    problem = parse(path)
    assert isinstance(problem, Problem)
    assert (problem.line, problem.message) == (2, "nested more than 200 levels deep")


def test_another_yaml_error_while_measuring_depth_is_left_for_composing_to_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refusing_parse(text: str, Loader: Any) -> Iterator[yaml.Event]:
        mark = yaml.Mark("<text>", 0, 1, 0, text, 0)
        raise yaml.MarkedYAMLError(problem="found character that cannot start", problem_mark=mark)

    monkeypatch.setattr(_loader.yaml, "parse", refusing_parse)
    path = tmp_path / "openapi.yaml"
    path.write_text("openapi: 3.1.0\nx-deep: " + "[" * 20_000 + "]" * 20_000 + "\n", "utf-8")
    problem = parse(path)
    # Composing the real text (the real parser is untouched) finds it too deep itself.
    assert isinstance(problem, Problem)
    assert problem.line == 2
    assert "nesting" in problem.message or "nested" in problem.message
