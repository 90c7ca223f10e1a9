"""The generated webhook receiver, `WebhookApp`, under a real uvicorn server on 127.0.0.1.

generated/qqbot is copied outside the repository (the `qqbot` fixture) and its app is served
by uvicorn in a background thread; the tests talk to it over HTTP with httpx, as the platform
would. Requests are signed, and answers checked, with PyNaCl and a key the test derives from
the secret itself, so the app's own `cryptography` code is checked against an independent
implementation, and against the platform's published test vector.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import uvicorn
import yaml
from gen_support import FakeClock, generate_to, imported, mypy_strict, pyright_strict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey

ASYNCAPI = Path(__file__).resolve().parents[1] / "specs" / "qqbot" / "asyncapi.yaml"

# The platform's published example: this secret signs event_ts + plain_token into this.
VECTOR_SECRET = "DG5g3B4j9X2KOErG"
VECTOR_EVENT_TS = "1725442341"
VECTOR_PLAIN_TOKEN = "Arq0D5A61EgUu4OxUvOp"
VECTOR_SIGNATURE = (
    "87befc99c42c651b3aac0278e71ada338433ae26fcb24307bdc5ad38c1adc2d0"
    "1bcfcadc0842edac85e85205028a1132afe09280305f13aa6909ffc2d652c706"
)
MAX_BODY = 64 * 1024
ACK = {"op": 12, "d": 0}
NOW = 1_750_000_000  # the webhook app's clock in every test: it stands still there


@pytest.fixture(autouse=True)
def clock(qqbot: ModuleType, monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """The webhook app's clock, standing at NOW until a test moves it; requests are signed
    at NOW unless a test says otherwise. Nothing depends on the real clock: no second
    boundary or slow machine moves a request across the freshness window's edge."""
    return FakeClock(wall=NOW).install(qqbot._webhook, monkeypatch)


EVENT_CLASSES = {
    "FRIEND_ADD": "FriendAddEvent",
    "FRIEND_DEL": "FriendDelEvent",
    "C2C_MSG_REJECT": "C2CMsgRejectEvent",
    "C2C_MSG_RECEIVE": "C2CMsgReceiveEvent",
    "GROUP_ADD_ROBOT": "GroupAddRobotEvent",
    "GROUP_DEL_ROBOT": "GroupDelRobotEvent",
    "GROUP_MSG_REJECT": "GroupMsgRejectEvent",
    "GROUP_MSG_RECEIVE": "GroupMsgReceiveEvent",
}


# -- keys, made by the test --------------------------------------------------------------


def key_of(secret: str) -> SigningKey:
    """The bot's key as the platform documents it: the seed is the secret repeated until it
    is 32 bytes long, cut there."""
    repeated = secret.encode() * (32 // len(secret.encode()) + 1)
    return SigningKey(repeated[:32])


def signed_headers(key: SigningKey, body: bytes, timestamp: str | None = None) -> dict[str, str]:
    timestamp = timestamp if timestamp is not None else str(NOW)
    return {
        "Content-Type": "application/json",
        "User-Agent": "QQBot-Callback",
        "X-Bot-Appid": "102005927",
        "X-Signature-Ed25519": key.sign(timestamp.encode() + body).signature.hex(),
        "X-Signature-Timestamp": timestamp,
    }


def validation_body(plain_token: str, event_ts: str) -> bytes:
    return json.dumps({"d": {"plain_token": plain_token, "event_ts": event_ts}, "op": 13}).encode()


def check_answer_signature(key: SigningKey, answer: dict[str, Any], event_ts: str) -> None:
    """The answer's signature verifies with the public key alone (PyNaCl)."""
    message = (event_ts + answer["plain_token"]).encode()
    key.verify_key.verify(message, bytes.fromhex(answer["signature"]))
    with pytest.raises(BadSignatureError):
        key.verify_key.verify(message + b"x", bytes.fromhex(answer["signature"]))


# -- the server --------------------------------------------------------------------------


class Served:
    """An ASGI app under a real uvicorn server on 127.0.0.1 and a free port."""

    def __init__(self, app: Any, lifespan: str = "off") -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        config = uvicorn.Config(app, log_level="critical", access_log=False, lifespan=lifespan)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self._sock]}, daemon=True
        )

    def __enter__(self) -> Served:
        # Listening before uvicorn runs: a request made meanwhile waits in the backlog until
        # uvicorn accepts it, so nothing needs to poll for the server to be up.
        self._sock.listen(128)
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self._sock.close()
        assert not self.thread.is_alive(), "uvicorn did not stop"


class Bot:
    """A bot built on the generated package: a typed handler per event, a catch-all, an error
    callback, all recording what they get."""

    def __init__(self, qqbot: ModuleType, secret: str, **options: Any) -> None:
        self.typed: list[tuple[str, Any]] = []
        self.caught: list[Any] = []
        self.errors: list[tuple[Exception, Any]] = []
        self.dispatcher = qqbot.Dispatcher(on_error=self._on_error)
        for name in EVENT_CLASSES.values():
            self.dispatcher.on(getattr(qqbot, name))(
                lambda event, name=name: self.typed.append((name, event))
            )
        self.dispatcher.on(qqbot.Event)(self.caught.append)
        self.app = qqbot.WebhookApp(secret, dispatcher=self.dispatcher, **options)

    def _on_error(self, error: Exception, event: Any) -> None:
        self.errors.append((error, event))

    def clear(self) -> None:
        self.typed.clear()
        self.caught.clear()
        self.errors.clear()

    @property
    def untouched(self) -> bool:
        return not (self.typed or self.caught or self.errors)


class Endpoint:
    """A bot behind its server, the key the test derived from its secret, an HTTP client."""

    def __init__(self, bot: Bot, key: SigningKey, client: httpx.Client) -> None:
        self.bot, self.key, self.client = bot, key, client

    def post(self, body: bytes, path: str = "/", **options: Any) -> httpx.Response:
        return self.client.post(
            path, content=body, headers=signed_headers(self.key, body, **options)
        )


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30.0) as client:
        yield client


@pytest.fixture(scope="module")
def _endpoint(qqbot: ModuleType) -> Iterator[Endpoint]:
    secret = secrets.token_urlsafe(12)  # 16 characters, as the platform's secrets
    bot = Bot(qqbot, secret, max_body=MAX_BODY)
    with Served(bot.app) as served, httpx.Client(base_url=served.url, timeout=30.0) as client:
        yield Endpoint(bot, key_of(secret), client)


@pytest.fixture
def endpoint(_endpoint: Endpoint) -> Endpoint:
    """The module's bot and server, with nothing recorded yet."""
    _endpoint.bot.clear()
    return _endpoint


# -- callback-URL validation (op 13) -------------------------------------------------------


def test_the_platform_test_vector_derives_the_published_signature() -> None:
    # The test's own key derivation agrees with the platform, so what it signs is meaningful.
    message = (VECTOR_EVENT_TS + VECTOR_PLAIN_TOKEN).encode()
    assert key_of(VECTOR_SECRET).sign(message).signature.hex() == VECTOR_SIGNATURE


def test_validation_answers_the_platform_test_vector(http: httpx.Client, qqbot: ModuleType) -> None:
    bot = Bot(qqbot, VECTOR_SECRET)
    key = key_of(VECTOR_SECRET)
    body = validation_body(VECTOR_PLAIN_TOKEN, VECTOR_EVENT_TS)
    with Served(bot.app) as served:
        response = http.post(
            served.url + "/qqbot/callback", content=body, headers=signed_headers(key, body)
        )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"plain_token": VECTOR_PLAIN_TOKEN, "signature": VECTOR_SIGNATURE}
    check_answer_signature(key, response.json(), VECTOR_EVENT_TS)
    assert bot.untouched  # a validation is answered, never dispatched


@pytest.mark.parametrize(
    "secret",
    [
        pytest.param(secrets.token_urlsafe(12), id="16-chars"),
        pytest.param(secrets.token_hex(3)[:5], id="5-chars-not-a-divisor-of-32"),
        pytest.param(secrets.token_urlsafe(30), id="40-chars-cut-at-32"),
        pytest.param(secrets.token_hex(16), id="exactly-32"),
    ],
)
def test_validation_answer_verifies_with_the_public_key_of_a_key_pair_the_test_made(
    http: httpx.Client, qqbot: ModuleType, secret: str
) -> None:
    bot = Bot(qqbot, secret)
    key = key_of(secret)
    plain_token, event_ts = secrets.token_urlsafe(15), str(NOW - 7)
    body = validation_body(plain_token, event_ts)
    with Served(bot.app) as served:
        response = http.post(served.url, content=body, headers=signed_headers(key, body))
        # The same bot accepts deliveries signed with that key.
        event = json.dumps({"op": 0, "id": "FRIEND_DEL:1", "t": "FRIEND_DEL", "d": FRIEND}).encode()
        delivered = http.post(served.url, content=event, headers=signed_headers(key, event))
    assert response.status_code == 200
    answer = response.json()
    assert answer["plain_token"] == plain_token
    check_answer_signature(key, answer, event_ts)
    other = key_of(secrets.token_urlsafe(12))
    with pytest.raises(BadSignatureError):
        other.verify_key.verify(
            (event_ts + plain_token).encode(), bytes.fromhex(answer["signature"])
        )
    assert delivered.status_code == 200 and delivered.json() == ACK
    assert [name for name, _ in bot.typed] == ["FriendDelEvent"]


def test_a_validation_with_a_bad_signature_is_refused_and_not_answered(
    endpoint: Endpoint,
) -> None:
    body = validation_body(VECTOR_PLAIN_TOKEN, VECTOR_EVENT_TS)
    headers = signed_headers(key_of(secrets.token_urlsafe(12)), body)
    response = endpoint.client.post("/", content=body, headers=headers)
    assert response.status_code == 401
    assert "signature" not in response.json()
    assert endpoint.bot.untouched


# -- every delivery is verified ------------------------------------------------------------

FRIEND = {"openid": "E4F4AEA33253A2797FB897C50B81D7ED", "timestamp": 1699240328}
DELIVERY = json.dumps(
    {
        "op": 0,
        "id": "FRIEND_DEL:bcb31d69-a2b6-4a3e-89dc-077951f22e53",
        "t": "FRIEND_DEL",
        "d": FRIEND,
    }
).encode()


def forge(kind: str, key: SigningKey) -> tuple[bytes, dict[str, str]]:
    """A delivery wrong in one way (`kind`), else signed with `key`."""
    now = str(NOW)
    good = signed_headers(key, DELIVERY, now)
    signature = good["X-Signature-Ed25519"]
    flipped = signature[:-2] + f"{int(signature[-2:], 16) ^ 1:02x}"
    match kind:
        case "other-key":
            return DELIVERY, signed_headers(key_of("another bot's secret"), DELIVERY, now)
        case "zero-signature":
            return DELIVERY, {**good, "X-Signature-Ed25519": "0" * 128}
        case "not-hex":
            return DELIVERY, {**good, "X-Signature-Ed25519": "zz" * 64}
        case "truncated":
            return DELIVERY, {**good, "X-Signature-Ed25519": signature[:64]}
        case "too-long":
            return DELIVERY, {**good, "X-Signature-Ed25519": signature + "00"}
        case "one-bit-flipped":
            return DELIVERY, {**good, "X-Signature-Ed25519": flipped}
        case "empty-signature":
            return DELIVERY, {**good, "X-Signature-Ed25519": ""}
        case "missing-signature":
            return DELIVERY, {k: v for k, v in good.items() if k != "X-Signature-Ed25519"}
        case "missing-timestamp":
            return DELIVERY, {k: v for k, v in good.items() if k != "X-Signature-Timestamp"}
        case "no-signature-headers":
            return DELIVERY, {k: v for k, v in good.items() if not k.startswith("X-Signature")}
        case "wrong-timestamp":
            return DELIVERY, {**good, "X-Signature-Timestamp": str(int(now) + 1)}
        case "empty-timestamp":
            return DELIVERY, {**good, "X-Signature-Timestamp": ""}
        case "tampered-body":
            return DELIVERY.replace(b"E4F4AEA3", b"E4F4AEA4"), good
        case "same-json-other-bytes":
            return DELIVERY.replace(b'"t": ', b'"t":'), good
        case "byte-appended":
            return DELIVERY + b" ", good
        case "body-signed-without-timestamp":
            return DELIVERY, {**good, "X-Signature-Ed25519": key.sign(DELIVERY).signature.hex()}
        case "timestamp-signed-without-body":
            return DELIVERY, {**good, "X-Signature-Ed25519": key.sign(now.encode()).signature.hex()}
    raise AssertionError(kind)


FORGERIES = [
    "other-key",
    "zero-signature",
    "not-hex",
    "truncated",
    "too-long",
    "one-bit-flipped",
    "empty-signature",
    "missing-signature",
    "missing-timestamp",
    "no-signature-headers",
    "wrong-timestamp",
    "empty-timestamp",
    "tampered-body",
    "same-json-other-bytes",
    "byte-appended",
    "body-signed-without-timestamp",
    "timestamp-signed-without-body",
]


def test_a_correctly_signed_delivery_is_accepted(endpoint: Endpoint) -> None:
    # The control for the refusals below: the same body, rightly signed, gets through.
    response = endpoint.post(DELIVERY)
    assert response.status_code == 200 and response.json() == ACK
    assert [name for name, _ in endpoint.bot.typed] == ["FriendDelEvent"]


@pytest.mark.parametrize("kind", FORGERIES)
def test_a_delivery_without_a_valid_signature_gets_401_and_nothing_is_dispatched(
    endpoint: Endpoint, kind: str
) -> None:
    body, headers = forge(kind, endpoint.key)
    response = endpoint.client.post("/", content=body, headers=headers)
    assert response.status_code == 401
    assert response.json() == {"error": "bad or missing signature"}
    assert endpoint.bot.untouched


SIGNED_PARTS = ("body", "X-Signature-Timestamp", "X-Signature-Ed25519")


@settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    extra=st.dictionaries(
        st.text(min_size=1, max_size=8).filter(lambda name: name not in FRIEND),
        st.text(max_size=8),
        max_size=3,
    ),
    part=st.sampled_from(SIGNED_PARTS),
    where=st.floats(0, 1),  # how far into the part: its first byte to its last
    bit=st.integers(0, 7),
)
def test_any_bit_flipped_in_body_timestamp_or_signature_gets_401_the_unflipped_delivery_200(
    _endpoint: Endpoint, extra: dict[str, str], part: str, where: float, bit: int
) -> None:
    # The control first: the same delivery, with fields of any name the spec lacks, as sent.
    frame = {"op": 0, "id": "FRIEND_DEL:1", "t": "FRIEND_DEL", "d": {**FRIEND, **extra}}
    body = json.dumps(frame, ensure_ascii=False).encode()
    headers = signed_headers(_endpoint.key, body)
    _endpoint.bot.clear()
    response = _endpoint.client.post("/", content=body, headers=headers)
    assert response.status_code == 200 and response.json() == ACK
    [(_, event)] = _endpoint.bot.typed
    assert event.d.model_dump(by_alias=True) == {**FRIEND, **extra}

    # The signature is flipped in its bytes (hex is read in either case); the timestamp in
    # its low four bits, which keep it printable (a header can't hold control characters).
    signature = bytearray(bytes.fromhex(headers["X-Signature-Ed25519"]))
    parts = {
        "body": bytearray(body),
        "X-Signature-Timestamp": bytearray(headers["X-Signature-Timestamp"].encode()),
        "X-Signature-Ed25519": signature,
    }
    flipped = parts[part]
    position = min(int(where * len(flipped)), len(flipped) - 1)
    flipped[position] ^= 1 << (bit % 4 if part == "X-Signature-Timestamp" else bit)
    _endpoint.bot.clear()
    response = _endpoint.client.post(
        "/",
        content=bytes(parts["body"]),
        headers={
            **headers,
            "X-Signature-Timestamp": parts["X-Signature-Timestamp"].decode(),
            "X-Signature-Ed25519": signature.hex(),
        },
    )
    assert response.status_code == 401
    assert _endpoint.bot.untouched


@pytest.mark.parametrize("timestamp", [None, ""], ids=["no-timestamp-header", "empty-timestamp"])
def test_a_delivery_without_a_timestamp_is_refused_even_with_its_body_signed_and_no_max_age(
    http: httpx.Client, qqbot: ModuleType, timestamp: str | None
) -> None:
    # With max_age None no freshness check would catch it: the missing timestamp must.
    secret = secrets.token_urlsafe(12)
    bot = Bot(qqbot, secret, max_age=None)
    headers = {"X-Signature-Ed25519": key_of(secret).sign(DELIVERY).signature.hex()}
    if timestamp is not None:
        headers["X-Signature-Timestamp"] = timestamp
    with Served(bot.app) as served:
        response = http.post(served.url, content=DELIVERY, headers=headers)
    assert response.status_code == 401
    assert response.json() == {"error": "bad or missing signature"}
    assert bot.untouched


# -- freshness: a signed delivery is only good for max_age seconds ----------------------

STALE = "stale or invalid timestamp"


def ago(seconds: int) -> str:
    return str(NOW - seconds)


@pytest.mark.parametrize(
    "age",
    [0, 60, 240, 300, -60, -240, -300],
    ids=["now", "1-min-old", "4-min-old", "5-min-old", "1-min-ahead", "4-min-ahead", "5-min-ahead"],
)
def test_a_delivery_signed_within_max_age_of_now_is_dispatched(
    endpoint: Endpoint, age: int
) -> None:
    response = endpoint.post(DELIVERY, timestamp=ago(age))
    assert response.status_code == 200 and response.json() == ACK
    assert [name for name, _ in endpoint.bot.typed] == ["FriendDelEvent"]


@pytest.mark.parametrize(
    "timestamp",
    [
        pytest.param(lambda: ago(301), id="stale-by-301s"),
        pytest.param(lambda: ago(-301), id="301s-in-the-future"),
        pytest.param(lambda: ago(400), id="stale-by-400s"),
        pytest.param(lambda: ago(86400 * 365), id="a-year-old"),
        pytest.param(lambda: VECTOR_EVENT_TS, id="the-test-vectors-2024"),
        pytest.param(lambda: ago(-400), id="400s-in-the-future"),
        pytest.param(lambda: "0", id="epoch"),
        pytest.param(lambda: ago(0) + ".0", id="decimal-point"),
        pytest.param(lambda: "+" + ago(0), id="plus-sign"),
        pytest.param(lambda: "-" + ago(0), id="negative"),
        pytest.param(lambda: f"{int(ago(0)) // 1000}e3", id="exponent"),
        pytest.param(lambda: hex(int(ago(0))), id="hexadecimal"),
        pytest.param(lambda: "0" * 5000 + ago(0), id="5000-leading-zeros"),
        pytest.param(lambda: "now", id="word"),
    ],
)
def test_a_delivery_signed_with_a_stale_future_or_non_integer_timestamp_gets_401(
    endpoint: Endpoint, timestamp: Any
) -> None:
    # Rightly signed over that very timestamp: only its freshness is refused.
    response = endpoint.post(DELIVERY, timestamp=timestamp())
    assert response.status_code == 401
    assert response.json() == {"error": STALE}
    assert endpoint.bot.untouched


def test_a_timestamp_with_a_digit_int_cannot_read_gets_401_not_a_server_error(
    endpoint: Endpoint,
) -> None:
    # "²" is a digit to str.isdigit(), not to int(); a server hands header bytes on as
    # latin-1, so the one byte 0xB2 reaches the app as "²", which it signs as UTF-8.
    timestamp = str(NOW)[:-1] + "\u00b2"
    headers: dict[str, Any] = signed_headers(endpoint.key, DELIVERY, timestamp)
    headers["X-Signature-Timestamp"] = timestamp.encode("latin-1")
    response = endpoint.client.post("/", content=DELIVERY, headers=headers)
    assert response.status_code == 401
    assert response.json() == {"error": STALE}
    assert endpoint.bot.untouched


def test_a_replayed_delivery_is_refused_once_max_age_has_passed(
    http: httpx.Client, qqbot: ModuleType, clock: FakeClock
) -> None:
    # The app's clock is the fake one, moved by the test; the delivery was signed at NOW.
    secret = secrets.token_urlsafe(12)
    bot = Bot(qqbot, secret, max_age=30)
    headers = signed_headers(key_of(secret), DELIVERY, str(NOW))  # captured on the way
    with Served(bot.app) as served:
        first = http.post(served.url, content=DELIVERY, headers=headers)
        clock.advance(30)
        replayed_at_max_age = http.post(served.url, content=DELIVERY, headers=headers)
        clock.advance(1)
        replayed_after = http.post(served.url, content=DELIVERY, headers=headers)
    assert first.json() == ACK
    assert replayed_at_max_age.json() == ACK  # 30 s old: not more than max_age yet
    assert replayed_after.status_code == 401 and replayed_after.json() == {"error": STALE}
    assert [name for name, _ in bot.typed] == ["FriendDelEvent"] * 2  # not a third time


def test_the_window_is_measured_from_the_clock_to_the_fraction_of_a_second(
    endpoint: Endpoint, clock: FakeClock
) -> None:
    clock.advance(0.5)  # the app's clock reads NOW + 0.5 s
    behind = endpoint.post(DELIVERY, timestamp=ago(300))  # 300.5 s before the clock
    ahead = endpoint.post(DELIVERY, timestamp=ago(-300))  # 299.5 s after it
    assert behind.status_code == 401 and behind.json() == {"error": STALE}
    assert ahead.status_code == 200 and ahead.json() == ACK
    assert [name for name, _ in endpoint.bot.typed] == ["FriendDelEvent"]


def test_max_age_none_accepts_a_delivery_signed_long_ago(
    http: httpx.Client, qqbot: ModuleType
) -> None:
    secret = secrets.token_urlsafe(12)
    bot = Bot(qqbot, secret, max_age=None)
    headers = signed_headers(key_of(secret), DELIVERY, timestamp=VECTOR_EVENT_TS)
    with Served(bot.app) as served:
        response = http.post(served.url, content=DELIVERY, headers=headers)
    assert response.status_code == 200 and response.json() == ACK
    assert [name for name, _ in bot.typed] == ["FriendDelEvent"]


def test_a_validation_signed_with_a_stale_timestamp_is_refused_and_not_answered(
    endpoint: Endpoint,
) -> None:
    body = validation_body(VECTOR_PLAIN_TOKEN, str(NOW))
    response = endpoint.post(body, timestamp=ago(3600))
    assert response.status_code == 401
    assert response.json() == {"error": STALE}
    assert endpoint.bot.untouched


def test_a_negative_max_age_is_a_configuration_error(qqbot: ModuleType) -> None:
    with pytest.raises(qqbot.ConfigurationError):
        qqbot.WebhookApp(VECTOR_SECRET, max_age=-1)


def test_the_webhook_app_and_the_gateway_check_their_numbers_with_one_function(
    qqbot: ModuleType,
) -> None:
    shared = qqbot._events.is_number
    assert qqbot._webhook.is_number is shared and qqbot._gateway.is_number is shared
    assert "def is_number" not in Path(qqbot._webhook.__file__).read_text(encoding="utf-8")
    assert "def is_number" not in Path(qqbot._gateway.__file__).read_text(encoding="utf-8")


@pytest.mark.parametrize("keep", ["webhook", "gateway"])
def test_a_package_with_only_a_webhook_app_or_only_a_gateway_is_strict_and_checks_settings(
    tmp_path: Path, keep: str
) -> None:
    asyncapi = yaml.safe_load(ASYNCAPI.read_text(encoding="utf-8"))
    spec = tmp_path / "specs" / f"only_{keep}"
    spec.mkdir(parents=True)
    if keep == "webhook":  # no REST: a gateway needs the API's client
        del asyncapi["x-session"]
    else:
        del asyncapi["x-webhook"]
        shutil.copy(ASYNCAPI.with_name("openapi.yaml"), spec)
    text = yaml.safe_dump(asyncapi, sort_keys=False, allow_unicode=True, width=1000)
    (spec / "asyncapi.yaml").write_text(text, encoding="utf-8")
    name = f"only_{keep}"
    generate_to(spec, tmp_path / "out")
    assert mypy_strict(tmp_path / "out", [name]) == {name: []}
    assert pyright_strict(tmp_path / "out", [name]) == {name: []}
    with imported(tmp_path / "out", name) as module:
        assert hasattr(module, "WebhookApp") is (keep == "webhook")
        assert hasattr(module, "GatewayClient") is (keep == "gateway")
        with pytest.raises(module.ConfigurationError, match=r"^(max_body|intents) must be"):
            if keep == "webhook":
                module.WebhookApp(VECTOR_SECRET, max_body=True)
            else:
                client = module.AsyncClient(app_id="1", client_secret="s")
                module.GatewayClient(client, intents=1.5)


# -- dispatching the eight events ----------------------------------------------------------


def spec_examples() -> dict[str, dict[str, Any]]:
    """The documents' example of each of the eight events, as a webhook delivers it (no `s`)."""
    messages = yaml.safe_load(ASYNCAPI.read_text(encoding="utf-8"))["components"]["messages"]
    found: dict[str, dict[str, Any]] = {}
    for message in messages.values():
        for example in message.get("examples", []):
            payload = example["payload"]
            if payload.get("t") in EVENT_CLASSES:
                found[payload["t"]] = {k: v for k, v in payload.items() if k != "s"}
    assert set(found) == set(EVENT_CLASSES)
    return found


def _openid() -> str:
    return uuid.uuid4().hex.upper()


def realistic(event_type: str) -> dict[str, Any]:
    """A delivery as the platform sends it: no `s`, keys in its order, and fields the spec
    does not list, at the top and inside `d` (the platform adds fields without notice)."""
    data: dict[str, Any] = {"timestamp": NOW - 1}
    if event_type.startswith("GROUP_"):
        data |= {"group_openid": _openid(), "op_member_openid": _openid(), "group_scene": 1}
    else:
        data |= {"openid": _openid(), "scene_type": "c2c"}
    if event_type == "FRIEND_ADD":
        data["author"] = {"union_openid": _openid(), "user_openid": _openid()}
    return {
        "op": 0,
        "id": f"{event_type}:{uuid.uuid4()}",
        "d": data,
        "t": event_type,
        "trace_region": "sh",
    }


def deliveries() -> list[Any]:
    examples = spec_examples()
    return [
        pytest.param(frame, id=f"{kind}-{frame['t']}")
        for kind, make in (("example", examples.__getitem__), ("realistic", realistic))
        for frame in (make(t) for t in EVENT_CLASSES)
    ]


@pytest.mark.parametrize("frame", deliveries())
def test_each_event_reaches_its_typed_handler_and_is_acknowledged(
    qqbot: ModuleType, endpoint: Endpoint, frame: dict[str, Any]
) -> None:
    body = json.dumps(frame, ensure_ascii=False).encode()
    response = endpoint.post(body, path="/qqbot/callback")

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == ACK
    expected = EVENT_CLASSES[frame["t"]]
    assert [name for name, _ in endpoint.bot.typed] == [expected]
    event = endpoint.bot.typed[0][1]
    assert type(event) is getattr(qqbot, expected)
    assert endpoint.bot.caught == [event]
    assert endpoint.bot.errors == []
    assert (event.op, event.t, event.id, event.s) == (0, frame["t"], frame["id"], None)
    known = set(type(event.d).model_fields)
    for name, value in frame["d"].items():
        if name == "author":
            assert event.d.author.union_openid == value["union_openid"]
            assert event.d.author.model_extra == {"user_openid": value["user_openid"]}
        elif name in known:
            assert getattr(event.d, name) == value
        else:  # kept, not dropped
            assert event.d.model_extra[name] == value
    extra_top = {k: v for k, v in frame.items() if k not in {"op", "id", "d", "t"}}
    assert event.model_extra == extra_top
    assert "s" not in event.model_dump(by_alias=True)  # it dumps as it came


def test_an_event_type_outside_the_table_goes_to_the_catch_all_and_is_acknowledged(
    qqbot: ModuleType, endpoint: Endpoint
) -> None:
    frame = {
        "op": 0,
        "id": "GROUP_AT_MESSAGE_CREATE:1",
        "t": "GROUP_AT_MESSAGE_CREATE",
        "d": {"content": "hi"},
    }
    response = endpoint.post(json.dumps(frame).encode())
    assert response.status_code == 200 and response.json() == ACK
    assert endpoint.bot.typed == [] and endpoint.bot.errors == []
    [event] = endpoint.bot.caught
    assert type(event) is qqbot.UnknownEvent
    assert (event.t, event.d) == ("GROUP_AT_MESSAGE_CREATE", {"content": "hi"})


def test_a_failing_handler_goes_to_on_error_and_the_delivery_is_still_acknowledged(
    http: httpx.Client,
    qqbot: ModuleType,
) -> None:
    secret = secrets.token_urlsafe(12)
    bot = Bot(qqbot, secret)
    failure = RuntimeError("database down")

    @bot.dispatcher.on(qqbot.FriendDelEvent)
    async def broken(event: Any) -> None:
        raise failure

    with Served(bot.app) as served:
        response = http.post(
            served.url, content=DELIVERY, headers=signed_headers(key_of(secret), DELIVERY)
        )
    assert response.status_code == 200 and response.json() == ACK
    [(error, event)] = bot.errors
    assert error is failure and type(event) is qqbot.FriendDelEvent
    assert [name for name, _ in bot.typed] == ["FriendDelEvent"]  # the others still ran
    assert bot.caught == [event]


def test_a_handler_raising_a_cancelled_error_of_its_own_is_logged_and_acknowledged(
    http: httpx.Client, qqbot: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    secret = secrets.token_urlsafe(12)
    bot = Bot(qqbot, secret)

    @bot.dispatcher.on(qqbot.FriendDelEvent)
    async def awaits_what_was_cancelled_elsewhere(event: Any) -> None:
        future = asyncio.get_running_loop().create_future()
        future.cancel()
        await future

    with caplog.at_level(logging.ERROR, logger="qqbot"), Served(bot.app) as served:
        response = http.post(
            served.url, content=DELIVERY, headers=signed_headers(key_of(secret), DELIVERY)
        )
    assert response.status_code == 200 and response.json() == ACK
    [record] = [r for r in caplog.records if r.name == "qqbot.webhook"]
    assert "FriendDelEvent raised CancelledError" in record.getMessage()


# -- what is not a delivery ----------------------------------------------------------------


@pytest.mark.parametrize(
    "frame",
    [
        b"{not json",
        b"",
        b"[]",
        b'{"op": 99}',
        b'{"d": {}}',
        b'{"t": "FRIEND_ADD", "id": "x", "d": {"openid": "o", "timestamp": 1}}',
        b'{"op": 0, "t": "FRIEND_ADD", "id": "x", "d": {"openid": 1}}',
        b'{"op": 13, "d": {"plain_token": "abc"}}',
        b'{"op": 0, "t": "FRIEND_ADD", "d": ' + b"[" * 10_000 + b"]" * 10_000 + b"}",
    ],
    ids=[
        "not-json",
        "empty",
        "array",
        "unknown-op",
        "missing-op",
        "missing-op-event-valid",
        "wrong-field-type",
        "validation-missing-event-ts",
        "nested-too-deep",
    ],
)
def test_a_signed_body_that_is_not_a_frame_gets_400_and_on_error_gets_the_raw_frame(
    qqbot: ModuleType, endpoint: Endpoint, frame: bytes
) -> None:
    response = endpoint.post(frame)
    assert response.status_code == 400
    assert response.json()["error"]
    assert endpoint.bot.typed == [] and endpoint.bot.caught == []
    [(error, event)] = endpoint.bot.errors
    assert type(error) is qqbot.EventDecodeError
    assert error.raw == frame and event is None
    assert response.json()["error"] == error.reason


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_a_method_other_than_post_gets_405(endpoint: Endpoint, method: str) -> None:
    body = DELIVERY if method in {"PUT", "PATCH"} else b""
    response = endpoint.client.request(
        method, "/", content=body, headers=signed_headers(endpoint.key, body)
    )
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert endpoint.bot.untouched


def test_a_body_over_max_body_gets_413_and_the_connection_stays_usable(endpoint: Endpoint) -> None:
    body = DELIVERY[:-1] + b"," + b'"pad": "' + b"x" * MAX_BODY + b'"}'
    response = endpoint.post(body)
    assert response.status_code == 413
    assert endpoint.bot.untouched
    # The connection is still usable.
    assert endpoint.post(DELIVERY).json() == ACK


def test_a_declared_length_over_max_body_gets_413_without_waiting_for_the_body(
    endpoint: Endpoint,
) -> None:
    url = httpx.URL(str(endpoint.client.base_url))
    assert url.port is not None
    with socket.create_connection((url.host, url.port), timeout=30) as sock:  # a bound
        sock.sendall(
            b"POST / HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\n\r\n{" % (MAX_BODY + 1)
        )
        status_line = sock.recv(4096).split(b"\r\n", 1)[0]  # times out if the app waits
    assert status_line == b"HTTP/1.1 413 Request Entity Too Large"
    assert endpoint.bot.untouched


def test_a_chunked_body_growing_over_max_body_gets_413(endpoint: Endpoint) -> None:
    chunk = b" " * 8192

    def stream() -> Iterator[bytes]:  # no Content-Length: the app counts as it reads
        yield DELIVERY
        for _ in range(MAX_BODY // len(chunk) + 1):
            yield chunk

    headers = signed_headers(endpoint.key, DELIVERY + chunk * (MAX_BODY // len(chunk) + 1))
    response = endpoint.client.post("/", content=stream(), headers=headers)
    assert response.status_code == 413
    assert endpoint.bot.untouched


def test_a_body_of_exactly_max_body_is_accepted(endpoint: Endpoint) -> None:
    body = DELIVERY + b" " * (MAX_BODY - len(DELIVERY))
    assert len(body) == MAX_BODY
    response = endpoint.post(body)
    assert response.status_code == 200 and response.json() == ACK
    assert [name for name, _ in endpoint.bot.typed] == ["FriendDelEvent"]


def test_a_content_length_of_non_ascii_digits_is_read_as_no_length(qqbot: ModuleType) -> None:
    """A server that does not check Content-Length (uvicorn does) may pass any header on;
    the app then counts the body itself instead of failing on int()."""
    key = key_of(VECTOR_SECRET)
    app = qqbot.WebhookApp(VECTOR_SECRET, max_body=MAX_BODY)
    headers = signed_headers(key, DELIVERY) | {"Content-Length": "\u00b2"}
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/",
        "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()],
    }
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": DELIVERY, "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 200 and json.loads(sent[1]["body"]) == ACK


def test_a_client_gone_before_its_body_is_read_gets_no_answer_and_nothing_is_dispatched(
    qqbot: ModuleType,
) -> None:
    """ASGI says a request whose client has disconnected is not answered: the app stops at
    the disconnect, rather than judging the part of the body it got."""
    bot = Bot(qqbot, VECTOR_SECRET)
    headers = signed_headers(key_of(VECTOR_SECRET), DELIVERY)
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/",
        "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()],
    }
    messages = [
        {"type": "http.request", "body": DELIVERY[:10], "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0)

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    asyncio.run(bot.app(scope, receive, send))
    assert messages == [] and sent == []
    assert bot.untouched


def test_a_negative_max_body_is_a_configuration_error(qqbot: ModuleType) -> None:
    with pytest.raises(qqbot.ConfigurationError, match="max_body"):
        qqbot.WebhookApp(VECTOR_SECRET, max_body=-1)


@pytest.mark.parametrize("secret", ["", b"DG5g3B4j9X2KOErG", 1725442341, None])
def test_a_secret_that_is_not_a_non_empty_str_is_refused_without_showing_it(
    qqbot: ModuleType, secret: Any
) -> None:
    with pytest.raises(qqbot.ConfigurationError, match="secret must be") as raised:
        qqbot.WebhookApp(secret)
    assert "DG5g" not in str(raised.value) and "1725442341" not in str(raised.value)


@pytest.mark.parametrize(
    "options",
    [
        {"max_body": "1024"},
        {"max_body": 1.5},
        {"max_body": True},
        {"max_age": "300"},
        {"max_age": float("inf")},
        {"max_age": float("nan")},
    ],
    ids=repr,
)
def test_a_limit_of_the_wrong_type_is_a_configuration_error_naming_it(
    qqbot: ModuleType, options: dict[str, Any]
) -> None:
    with pytest.raises(qqbot.ConfigurationError, match=next(iter(options))):
        qqbot.WebhookApp(VECTOR_SECRET, **options)


def test_the_secret_does_not_show_in_the_apps_repr(qqbot: ModuleType) -> None:
    assert VECTOR_SECRET not in repr(qqbot.WebhookApp(VECTOR_SECRET))


# -- lifespan ------------------------------------------------------------------------------


def test_the_app_completes_uvicorns_lifespan_startup_and_shutdown(
    http: httpx.Client, qqbot: ModuleType
) -> None:
    secret = secrets.token_urlsafe(12)
    bot = Bot(qqbot, secret)
    sent: list[str] = []

    async def recording(scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        async def record(message: MutableMapping[str, Any]) -> None:
            if scope["type"] == "lifespan":
                sent.append(message["type"])
            await send(message)

        await bot.app(scope, receive, record)

    served = Served(recording, lifespan="on")  # "on": a lifespan failure stops uvicorn
    with served:
        response = http.post(
            served.url, content=DELIVERY, headers=signed_headers(key_of(secret), DELIVERY)
        )
        assert response.json() == ACK
        assert sent == ["lifespan.startup.complete"]  # uvicorn serves once startup is done
    assert sent == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    assert [name for name, _ in bot.typed] == ["FriendDelEvent"]


# -- README ---------------------------------------------------------------------------------


def test_the_readme_example_bot_test_passes(qqbot: ModuleType, clock: FakeClock) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Events: webhook\n", 1)[1].split("\n## ", 1)[0]
    blocks = [b.split("```", 1)[0] for b in section.split("```python\n")[1:]]
    [example] = [b for b in blocks if "def test_" in b]
    namespace: dict[str, Any] = {}
    exec(compile(example, "README.md", "exec"), namespace)  # imports the vendored qqbot
    assert namespace["time"] is time  # it signs with `time.time()`: the app's clock, here
    namespace["time"] = clock
    tests = [f for name, f in namespace.items() if name.startswith("test_")]
    assert len(tests) == 2
    for test in tests:
        test()
    assert namespace["groups"] == ["C9F778FE6ADF9D1D1DBE395BF744A33A"]
