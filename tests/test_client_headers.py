"""Headers set once on the client (`x-client-default`): tests/specs/client_headers (an enum,
a boolean, an integer of at least 1 and a string with a length limit and a pattern),
generated outside the repository and called over real HTTP against `botspec mock` on
127.0.0.1; and Lanying's integer `user_id`.

A client-wide header is checked and sent as the same argument of a call is."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from gen_support import mypy_strict
from mockserver import TEST_SPECS, MockServer, generated_package, served

SPEC = TEST_SPECS / "client_headers"


generated, api = generated_package(SPEC)
_server, mock = served(SPEC, "mock")


def sent(mock: MockServer) -> dict[str, str]:
    headers: dict[str, str] = mock.last("listItems")["headers"]
    return {k: v for k, v in headers.items() if k.startswith("x-")}


def test_package_with_an_enum_client_header_passes_mypy_strict(
    api: ModuleType, generated: Path
) -> None:
    assert mypy_strict(generated, ["client_headers"]) == {"client_headers": []}


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
def test_client_headers_are_sent_as_the_same_call_arguments_are(
    api: ModuleType, mock: MockServer, cls: str
) -> None:
    kwargs: dict[str, Any] = {"x_region": api.Region.EU, "x_flag": True, "x_account": 7}
    getattr(api, cls)(base_url=mock.url, x_tag="a", **kwargs)  # builds; nothing sent yet
    with api.Client(base_url=mock.url, x_tag="a", **kwargs) as client:
        client.default.list_items()
        on_client = sent(mock)
        client.default.list_items(x_tag="a", **kwargs)
        per_call = sent(mock)
    assert on_client == per_call == {
        "x-region": "eu", "x-flag": "true", "x-account": "7", "x-tag": "a"}  # fmt: skip


def test_a_client_header_whose_schema_admits_null_is_typed_once_and_sent(
    api: ModuleType, mock: MockServer, generated: Path
) -> None:
    # Its class (a $ref to a nullable enum) went unimported by the client module, and its
    # type read `ZoneVariant1 | None | None` (found by fuzzing). mypy --strict above checks
    # the import; the annotation is read here.
    annotation = api.Client.__init__.__annotations__["x_zone"]
    assert annotation.count("None") == 1, annotation
    with api.Client(base_url=mock.url, x_zone="north") as client:
        client.default.list_items()
    assert sent(mock) == {"x-zone": "north"}
    with api.Client(base_url=mock.url, x_zone=None) as client:
        client.default.list_items()
    assert sent(mock) == {}


def test_an_enum_client_header_given_as_its_listed_value_is_sent_as_such(
    api: ModuleType, mock: MockServer
) -> None:
    with api.Client(base_url=mock.url, x_region="us", x_flag=False, x_account=12) as client:
        client.default.list_items()
    assert sent(mock) == {"x-region": "us", "x-flag": "false", "x-account": "12"}


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"x_region": "mars"}, "x_region"),
        ({"x_flag": "perhaps"}, "x_flag"),
        ({"x_account": "abc"}, "x_account"),
        ({"x_account": 1.5}, "x_account"),
        ({"x_account": "12"}, "x_account"),
        ({"x_account": True}, "x_account"),
        ({"x_flag": 1}, "x_flag"),
        ({"x_flag": "true"}, "x_flag"),
        ({"x_tag": b"a"}, "x_tag"),
        ({"x_tag": 5}, "x_tag"),
    ],
)
def test_a_client_header_of_the_wrong_type_raises_configuration_error_naming_it(
    api: ModuleType, kwargs: dict[str, Any], named: str, cls: str
) -> None:
    with pytest.raises(api.ConfigurationError) as info:
        getattr(api, cls)(**kwargs)
    assert str(info.value).startswith(f"{named}: ")


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"x_account": 0}, "x_account: Input should be greater than or equal to 1"),
        ({"x_tag": "abcdefghi"}, "x_tag: String should have at most 8 characters"),
        ({"x_tag": "9lives"}, "x_tag: String should match pattern"),
    ],
)
def test_a_client_header_breaking_its_constraints_raises_configuration_error_naming_it(
    api: ModuleType, kwargs: dict[str, Any], reason: str, cls: str
) -> None:
    with pytest.raises(api.ConfigurationError) as info:
        getattr(api, cls)(**kwargs)
    assert str(info.value).startswith(reason)


def test_a_client_header_within_its_constraints_is_sent(api: ModuleType, mock: MockServer) -> None:
    with api.Client(base_url=mock.url, x_account=1, x_tag="abcdefg8") as client:
        client.default.list_items()
    assert sent(mock) == {"x-account": "1", "x-tag": "abcdefg8"}


def test_lanying_act_as_user_id_that_is_not_an_integer_is_refused_at_construction(
    lanying: ModuleType,
) -> None:
    with pytest.raises(lanying.ConfigurationError, match=r"^user_id: "):
        lanying.Client(access_token="t", app_id="1", base_url="http://127.0.0.1", user_id="abc")
