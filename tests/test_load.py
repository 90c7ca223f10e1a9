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


def _parsed(tmp_path: Path, text: str) -> Any:
    path = tmp_path / "openapi.yaml"
    path.write_text(text, encoding="utf-8")
    return parse(path)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!foo bar", "YAML tag '!foo' is not supported (a spec document holds JSON values only)"),
        ("!!binary aGk=", "YAML tag '!!binary' is not supported"),  # was bytes in the data
        ("!!set {a, b}", "YAML tag '!!set' is not supported"),
        ("!!int abc", "'abc' is not a valid !!int"),  # these three were a traceback
        ("!!float abc", "'abc' is not a valid !!float"),
        ("!!bool maybe", "'maybe' is not a valid !!bool"),
    ],
)
def test_a_yaml_tag_making_no_json_value_is_one_line_located_where_it_is_written(
    tmp_path: Path, value: str, message: str
) -> None:
    problem = _parsed(tmp_path, f"openapi: 3.1.0\ninfo:\n  title: t\n  summary: {value}\n")
    assert isinstance(problem, Problem)
    assert (problem.line, problem.pointer) == (4, ("info", "summary"))
    assert problem.message.startswith(message) and "\n" not in problem.message


def test_a_yaml_tag_on_a_key_is_a_problem_on_its_line(tmp_path: Path) -> None:
    problem = _parsed(tmp_path, "openapi: 3.1.0\ninfo:\n  !foo title: t\n")
    assert isinstance(problem, Problem)
    assert (problem.line, problem.pointer) == (3, ("info",))
    assert problem.message.startswith("YAML tag '!foo' is not supported")


def test_a_plain_equals_sign_is_the_string_it_is_in_json(tmp_path: Path) -> None:
    # YAML 1.1 tags a plain `=` as its "value" key, which no constructor builds.
    document = _parsed(tmp_path, "openapi: 3.1.0\ninfo:\n  title: =\n")
    assert not isinstance(document, Problem)
    assert document.data["info"] == {"title": "="}


def test_a_yaml_error_without_a_node_is_one_line_at_the_line_its_mark_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Building the data raises YAML errors of its own (a constructor's, with its marks).
    def refusing_build(*args: Any) -> Any:
        mark = yaml.Mark("<unicode string>", 0, 43, 15, "", 0)
        raise yaml.constructor.ConstructorError(None, None, "could not construct", mark)

    monkeypatch.setattr(_loader, "_build", refusing_build)
    problem = _parsed(tmp_path, "openapi: 3.1.0\n")
    assert isinstance(problem, Problem)
    assert (problem.line, problem.message) == (44, "malformed YAML: could not construct")
