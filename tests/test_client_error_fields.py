"""Where an error body holds the platform's code and message is declared by the spec
(`x-error`, else the envelope's fields), never guessed: tests/specs/openness, with and
without `x-error`, generated and called against `botspec mock` on 127.0.0.1."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from gen_support import TEST_SPECS, generate_to, imported
from mockserver import MockServer

SPEC = TEST_SPECS / "openness"
BODY = {"errcode": 7, "errmsg": "profile locked", "code": 99, "message": "not these"}


def _package(tmp_path: Path, name: str, x_error: dict[str, str] | None) -> Path:
    spec_dir = tmp_path / "specs" / name
    shutil.copytree(SPEC, spec_dir)
    path = spec_dir / "openapi.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if x_error is not None:
        data["x-error"] = x_error
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    generate_to(spec_dir, tmp_path / "out", name)
    return spec_dir


@pytest.fixture
def declared(tmp_path: Path) -> Iterator[tuple[ModuleType, MockServer]]:
    spec_dir = _package(tmp_path, "declared", {"code": "errcode", "message": "errmsg"})
    with imported(tmp_path / "out", "declared") as module, MockServer(spec_dir) as mock:
        yield module, mock


@pytest.fixture
def undeclared(tmp_path: Path) -> Iterator[tuple[ModuleType, MockServer]]:
    spec_dir = _package(tmp_path, "undeclared", None)
    with imported(tmp_path / "out", "undeclared") as module, MockServer(spec_dir) as mock:
        yield module, mock


def test_error_code_and_message_come_from_the_fields_x_error_names(
    declared: tuple[ModuleType, MockServer],
) -> None:
    module, mock = declared
    mock.fault(operation="makeReceipt", status=409, body=BODY)
    with module.Client(base_url=mock.url) as client, pytest.raises(module.ApiError) as raised:
        client.profile.make_receipt()
    assert (raised.value.code, raised.value.status_code) == (7, 409)
    assert "profile locked" in str(raised.value)
    assert raised.value.body == BODY


def test_without_x_error_or_envelope_no_code_is_guessed_and_the_reason_phrase_says_why(
    undeclared: tuple[ModuleType, MockServer],
) -> None:
    module, mock = undeclared
    mock.fault(operation="makeReceipt", status=409, body=BODY)
    with module.Client(base_url=mock.url) as client, pytest.raises(module.ApiError) as raised:
        client.profile.make_receipt()
    assert raised.value.code is None
    assert "Conflict" in str(raised.value) and "not these" not in str(raised.value)
    assert raised.value.body == BODY  # all of it, for the caller to read


@pytest.mark.parametrize("x_error", [{"code": "errcode"}, {"code": "", "message": "m"}])
def test_an_x_error_without_both_field_names_is_a_located_spec_error(
    tmp_path: Path, x_error: dict[str, str]
) -> None:
    from generator.problems import SpecError

    with pytest.raises(SpecError) as raised:
        _package(tmp_path, "broken", x_error)
    [problem] = raised.value.problems
    assert problem.file.endswith("openapi.yaml") and problem.pointer == ("x-error",)
    assert "x-error needs code and message" in problem.message


def test_without_x_error_the_error_fields_are_the_envelopes_with_its_defaults(
    tmp_path: Path,
) -> None:
    spec_dir = tmp_path / "specs" / "enveloped"
    shutil.copytree(SPEC, spec_dir)
    path = spec_dir / "openapi.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["x-envelope"] = {"code": "errcode", "data": "data"}  # message: the default field
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    generate_to(spec_dir, tmp_path / "out", "enveloped")
    with imported(tmp_path / "out", "enveloped") as module, MockServer(spec_dir) as mock:
        mock.fault(operation="makeReceipt", status=409, body=BODY)
        with module.Client(base_url=mock.url) as client, pytest.raises(module.ApiError) as raised:
            client.profile.make_receipt()
    assert (raised.value.code, raised.value.message) == (7, "not these")
