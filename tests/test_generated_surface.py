"""What a user of a generated package reads off its errors and signatures: the same
attributes on the errors of one kind, whichever way they are raised."""

from __future__ import annotations

import socket
from types import ModuleType

import pytest


def _closed_port() -> int:
    """A loopback port nothing listens on: connecting to it is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_a_connection_error_carries_its_reason_as_decode_and_argument_errors_do(
    kook: ModuleType,
) -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    with (
        kook.Client(token="t", base_url=url, max_retries=0) as client,
        pytest.raises(kook.ApiConnectionError) as caught,
    ):
        client.user.me()
    error = caught.value
    assert error.reason.startswith("ConnectError: ")
    assert str(error) == f"user.me(): {error.reason}"
    assert (error.operation, error.call) == ("me", "user.me()")
