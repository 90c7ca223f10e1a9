"""A vendored package needs only httpx and pydantic: each committed package, copied out of
the repository, is imported and used by a Python that cannot import websockets,
cryptography, the ASGI servers or anything of botspec's own. What needs websockets (the
gateway) or cryptography (the webhook app) says so when it is used, not at import."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from gen_support import GENERATED, committed_packages
from mockserver import MockServer

ABSENT = (
    "websockets",
    "cryptography",
    "nacl",
    "starlette",
    "uvicorn",
    "generator",
    "jinja2",
    "yaml",
    "black",
    "datamodel_code_generator",
    "orjson",
)

# Run first in the child: importing any of ABSENT fails as if it were not installed.
_PRELUDE = f"""
import sys

ABSENT = {ABSENT!r}


class _NotInstalled:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in ABSENT:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None


sys.meta_path.insert(0, _NotInstalled())
"""

_AFTERWARDS = """
print(sorted({m.partition(".")[0] for m in sys.modules} & set(ABSENT)))
"""


def _run(folder: Path, script: str) -> list[str]:
    """`script`'s output lines, run isolated (`-I`) with `folder` as the only project path."""
    code = _PRELUDE + f"sys.path.insert(0, {str(folder)!r})\n" + textwrap.dedent(script)
    done = subprocess.run(
        [sys.executable, "-I", "-c", code + _AFTERWARDS],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def _vendored(tmp_path: Path) -> Path:
    for name in committed_packages():
        shutil.copytree(GENERATED / name, tmp_path / name)
    return tmp_path


def test_every_package_imports_with_only_httpx_and_pydantic(tmp_path: Path) -> None:
    folder = _vendored(tmp_path)
    names = committed_packages()
    out = _run(folder, "".join(f"import {name}\n" for name in names))
    assert out == ["[]"]


def test_a_vendored_rest_client_calls_the_api_with_only_httpx_and_pydantic(
    tmp_path: Path, kook_mock: MockServer
) -> None:
    script = f"""
    import kook

    with kook.Client(token="t", base_url={kook_mock.url!r}, max_retries=0) as client:
        print(type(client.user.me()).__name__)
    """
    assert _run(_vendored(tmp_path), script) == ["CurrentUser", "[]"]
    assert kook_mock.last("me")["headers"]["authorization"] == "Bot t"


def test_events_decode_and_the_gateway_and_webhook_say_what_they_need_without_them(
    tmp_path: Path,
) -> None:
    frame = {"op": 0, "s": 1, "t": "FRIEND_ADD", "id": "F:1", "d": {"openid": "O", "timestamp": 1}}
    script = f"""
    import asyncio

    import qqbot

    print(type(qqbot.parse_event({json.dumps(frame)!r})).__name__)
    client = qqbot.AsyncClient(app_id="1", client_secret="s")
    gateway = qqbot.GatewayClient(client, intents=qqbot.Intents.GROUP_AND_C2C_EVENT)
    try:
        asyncio.run(gateway.run())
    except qqbot.QqbotError as error:
        print(error)
    try:
        qqbot.WebhookApp(secret="s")
    except qqbot.QqbotError as error:
        print(error)
    """
    assert _run(_vendored(tmp_path), script) == [
        "FriendAddEvent",
        "GatewayClient needs the websockets package",
        "WebhookApp needs the cryptography package",
        "[]",
    ]
