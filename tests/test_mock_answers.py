"""What `botspec mock` answers where the spec shows no example: tests/specs/mock_answers,
served on 127.0.0.1 and called with plain httpx and with its own generated client (generated
outside the repository), which must decode every answer."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import Any

import httpx
import pytest
from mockserver import TEST_SPECS, MockServer, generated_package, served

SPEC = TEST_SPECS / "mock_answers"

generated, api = generated_package(SPEC)
_server, mock = served(SPEC, "mock")


@pytest.fixture
def client(api: ModuleType, mock: MockServer) -> Iterator[Any]:
    with api.Client(base_url=mock.url) as client:
        yield client


# -- which response ------------------------------------------------------------------


def test_an_operation_whose_only_response_is_default_is_answered_from_it(
    mock: MockServer, client: Any
) -> None:
    response = httpx.get(mock.url + "/default-only")
    assert response.status_code == 200
    assert response.json() == {"x": 0}
    assert client.answers.get_default_only().x == 0


def test_an_operation_listing_only_errors_is_answered_200_without_a_body(
    mock: MockServer, client: Any
) -> None:
    response = httpx.delete(mock.url + "/errors-only")
    assert (response.status_code, response.content) == (200, b"")
    assert client.answers.delete_errors_only() is None


# -- media types ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "method", "media"),
    [
        ("/media/charset", "get_charset", "application/json; charset=utf-8"),
        ("/media/problem", "get_problem", "application/problem+json"),
        ("/media/vendor", "get_vendor", "application/vnd.answers.point+json"),
    ],
)
def test_a_json_answer_of_any_json_media_type_is_json_in_that_media_type(
    mock: MockServer, client: Any, path: str, method: str, media: str
) -> None:
    response = httpx.get(mock.url + path)
    assert response.headers["content-type"] == media
    assert response.json() == {"x": 0, "y": "string"}
    assert getattr(client.media, method)().x == 0


def test_a_text_answer_is_text_in_its_own_media_type(mock: MockServer, client: Any) -> None:
    response = httpx.get(mock.url + "/media/csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert response.text == "string"
    assert client.media.get_csv() == "string"
