"""What a user of a generated package reads off its errors and signatures: the same
attributes on the errors of one kind, whichever way they are raised."""

from __future__ import annotations

import asyncio
import inspect
import pydoc
import socket
import typing
from types import ModuleType
from typing import Any

import pytest
from mockserver import MockServer


def test_a_connection_error_carries_its_reason_as_decode_and_argument_errors_do(
    kook: ModuleType,
) -> None:
    # A port held bound but not listening refuses connections, and no other process can
    # take it meanwhile (a port bound then released could be).
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        with (
            kook.Client(token="t", base_url=url, max_retries=0) as client,
            pytest.raises(kook.ApiConnectionError) as caught,
        ):
            client.user.me()
    error = caught.value
    assert error.reason.startswith("ConnectError: ")
    assert str(error) == f"user.me(): {error.reason}"
    assert (error.operation, error.call) == ("me", "user.me()")


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(
    ("arguments", "named"),
    [({"page_size": "three"}, "page_size"), ({"timeout": "soon"}, "timeout")],
    ids=["wrong-argument", "wrong-timeout"],
)
def test_an_iter_method_refuses_a_wrong_argument_at_the_call_not_where_the_loop_begins(
    lanying: ModuleType,
    lanying_mock: MockServer,
    mode: str,
    arguments: dict[str, Any],
    named: str,
) -> None:
    kwargs = {"access_token": "t", "app_id": "1", "base_url": lanying_mock.url}
    if mode == "sync":
        with lanying.Client(**kwargs) as client, pytest.raises(lanying.InvalidArgument) as caught:
            client.user.iter_users(**arguments)
    else:

        async def main() -> None:
            async with lanying.AsyncClient(**kwargs) as client:
                client.user.iter_users(**arguments)

        with pytest.raises(lanying.InvalidArgument) as caught:
            asyncio.run(main())
    assert caught.value.argument == named
    assert caught.value.call == "user.iter_users()"
    assert lanying_mock.requests() == []


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
def test_a_raw_method_shows_the_raw_response_it_answers_in_its_signature_help_and_hints(
    kook: ModuleType, cls: str
) -> None:
    client = getattr(kook, cls)(token="t", base_url="http://127.0.0.1:9")
    plain, raw = client.user.view, client.with_raw_response.user.view
    signature = inspect.signature(raw)
    assert str(signature.return_annotation) == "RawResponse[User]"
    assert signature.parameters == inspect.signature(plain).parameters
    assert inspect.iscoroutinefunction(raw) is (cls == "AsyncClient")
    shown = pydoc.render_doc(raw, renderer=pydoc.plaintext)
    assert "-> 'RawResponse[User]'" in shown
    assert "`view()`, answering a `RawResponse[User]`: its HTTP status, headers and bytes" in shown
    assert "Get a target user's information" in shown  # the method's own doc follows
    # functools.wraps gave it the method's annotations: get_type_hints said it answers a User.
    hints, own = typing.get_type_hints(raw), typing.get_type_hints(plain)
    assert hints.pop("return") == kook.RawResponse[kook.User]
    assert own.pop("return") is kook.User  # the method's own annotations are untouched
    assert hints == own
