"""Parameters of the supported subset beside a request body sent whole: the package of
tests/specs/subset_parameters/ is generated, type-checked and called against a recording
HTTP server on 127.0.0.1."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from gen_support import RecordingServer, mypy_strict
from mockserver import TEST_SPECS, MockServer, generated_package, served

NAME = "subset_parameters"


generated, api = generated_package(TEST_SPECS / NAME)
_server, mock = served(TEST_SPECS / NAME, "mock")


@pytest.fixture
def client(api: ModuleType) -> Iterator[tuple[Any, RecordingServer]]:
    with RecordingServer() as wire, api.Client(base_url=wire.url) as client:
        yield client, wire


@pytest.mark.usefixtures("api")  # it generates the package into `generated`
def test_parameters_package_passes_mypy_strict(generated: Path) -> None:
    assert mypy_strict(generated, [NAME])[NAME] == []


def test_a_query_parameter_named_body_beside_a_json_body_gets_its_own_argument(
    client: tuple[Any, RecordingServer],
) -> None:
    api, wire = client
    api.default.post_numbers(body=[1, 2], body_query="q")
    assert (wire.last.query, wire.last.json()) == ({"body": ["q"]}, [1, 2])


def test_a_path_parameter_named_body_beside_a_text_body_gets_its_own_argument(
    client: tuple[Any, RecordingServer],
) -> None:
    api, wire = client
    api.default.post_note(body="hello", body_path="n1")
    assert (wire.last.path, wire.last.body) == ("/notes/n1", b"hello")


def test_header_parameters_openapi_ignores_give_no_argument(api: ModuleType) -> None:
    # Accept, Content-Type and Authorization (any case, the path item's too) SHALL be
    # ignored: an argument for one sent a Content-Type on a GET, or was dropped.
    with api.Client(base_url="https://api.example.test") as client:
        arguments = inspect.signature(client.default.get_file).parameters
    assert list(arguments) == ["id", "x_trace", "extra_headers", "timeout"]


def test_a_call_leaving_out_the_headers_openapi_ignores_is_answered_by_botspec_mock(
    api: ModuleType, mock: MockServer
) -> None:
    # The mock required the `required: true` ones the client no longer sends.
    with api.Client(base_url=mock.url) as client:
        assert client.default.get_file(id="f1", x_trace="t1") == "a,b"
    headers = mock.last("getFile")["headers"]
    assert headers["x-trace"] == "t1" and "content-type" not in headers
