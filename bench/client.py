"""Benchmark of the generated clients' per-request cost (issue 4, item 11).
Run: `python bench/client.py` (options: --requests, --rounds, --profile).

A command, not a test: it prints a table and exits 0 whatever the figures.

One call is KOOK's `user.view` (a query parameter, the Bot token header, the
`{code, message, data}` envelope, a `User` model with an enum field) made by:

- raw httpx: `httpx.Client.get(url, params=..., headers=...)` and `response.json()`;
- the generated `kook.Client` (copied out of generated/ into a temporary folder,
  as a user vendors it): `client.user.view(user_id=...)`, i.e. argument checks, the
  request, the envelope check, rate-limit bookkeeping and the typed `User`;
- the same pair for asyncio: `httpx.AsyncClient` against `kook.AsyncClient`.

Both sides talk to the same tiny server in the same run: uvicorn in a child process
on 127.0.0.1 serving a raw ASGI app that answers every request with the same bytes
(KOOK's /user/view example and rate-limit headers), so server cost is identical for
both. Each round times `--requests` sequential calls per variant, the variants
interleaved; the table shows the median over the rounds of the time per call.
Target: the generated client within 1.15x raw httpx.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import importlib
import json
import platform
import pstats
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.15
TOKEN = "bench-token"
USER_ID = "2418200000"

# KOOK's /user/view example answer, as the platform sends it.
BODY = json.dumps(
    {
        "code": 0,
        "message": "操作成功",
        "data": {
            "id": USER_ID,
            "username": "tz-un",
            "identify_num": "5618",
            "online": False,
            "status": 0,
            "bot": True,
            "avatar": "https://img.kaiheila.cn/avatars/2020-02/xxxx.jpg/icon",
            "vip_avatar": "https://img.kaiheila.cn/avatars/2020-02/xxxx.jpg/icon",
            "mobile_verified": True,
            "roles": [113],
            "joined_at": 1621338425000,
            "active_time": 1628688607719,
        },
    },
    ensure_ascii=False,
).encode()
HEADERS = [
    (b"content-type", b"application/json"),
    (b"content-length", str(len(BODY)).encode()),
    (b"x-rate-limit-limit", b"120"),
    (b"x-rate-limit-remaining", b"119"),
    (b"x-rate-limit-reset", b"60"),
    (b"x-rate-limit-bucket", b"user/view"),
]

SERVER = """
import socket, sys, uvicorn
sys.path.insert(0, sys.argv[2])
from client import BODY, HEADERS

async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})

sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
sock.bind(("127.0.0.1", int(sys.argv[1])))
config = uvicorn.Config(app, log_level="error", access_log=False, lifespan="off")
uvicorn.Server(config).run(sockets=[sock])
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def start_server() -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(port), str(Path(__file__).parent)],
        stdout=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            httpx.get(url)
            return process, url
        except httpx.ConnectError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the benchmark server did not start") from None
            time.sleep(0.05)


def vendored_kook(dest: Path) -> ModuleType:
    shutil.copytree(ROOT / "generated" / "kook", dest / "kook")
    sys.path.insert(0, str(dest))
    return importlib.import_module("kook")


# -- the variants: each returns a callable making one call ----------------------------


def sync_variants(kook: ModuleType, url: str) -> dict[str, Callable[[], Any]]:
    raw = httpx.Client()
    headers = {"Authorization": f"Bot {TOKEN}"}

    def raw_call() -> Any:
        return raw.get(
            f"{url}/api/v3/user/view", params={"user_id": USER_ID}, headers=headers
        ).json()

    client = kook.Client(token=TOKEN, base_url=url + "/api/v3")

    def client_call() -> Any:
        return client.user.view(user_id=USER_ID)

    return {"raw httpx": raw_call, "generated": client_call}


def async_variants(kook: ModuleType, url: str) -> dict[str, Callable[[], Awaitable[Any]]]:
    raw = httpx.AsyncClient()
    headers = {"Authorization": f"Bot {TOKEN}"}

    async def raw_call() -> Any:
        response = await raw.get(
            f"{url}/api/v3/user/view", params={"user_id": USER_ID}, headers=headers
        )
        return response.json()

    client = kook.AsyncClient(token=TOKEN, base_url=url + "/api/v3")

    async def client_call() -> Any:
        return await client.user.view(user_id=USER_ID)

    return {"raw httpx": raw_call, "generated": client_call}


def time_sync(call: Callable[[], Any], n: int) -> tuple[float, float]:
    """Wall-clock and client-process CPU seconds per call."""
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(n):
        call()
    return (time.perf_counter() - started) / n, (time.process_time() - cpu) / n


async def time_async(call: Callable[[], Awaitable[Any]], n: int) -> tuple[float, float]:
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(n):
        await call()
    return (time.perf_counter() - started) / n, (time.process_time() - cpu) / n


def check(kook: ModuleType, results: dict[str, Any]) -> None:
    """Both sides really did the call: the same user, typed on the generated side."""
    raw, typed = results["raw httpx"], results["generated"]
    assert raw["data"]["id"] == USER_ID, raw
    assert isinstance(typed, kook.User) and typed.id == USER_ID, typed


Medians = dict[str, dict[str, tuple[float, float]]]  # mode -> variant -> (wall, cpu)


def run(kook: ModuleType, url: str, requests: int, rounds: int) -> Medians:
    """Median wall-clock and CPU seconds per call, per mode and variant."""
    sync = sync_variants(kook, url)
    check(kook, {name: call() for name, call in sync.items()})
    samples: dict[str, dict[str, list[tuple[float, float]]]] = {"sync": {}, "async": {}}
    for call in sync.values():
        time_sync(call, requests // 4)  # warm-up: connections, caches
    for _ in range(rounds):
        for name, call in sync.items():
            samples["sync"].setdefault(name, []).append(time_sync(call, requests))

    async def run_async() -> None:
        variants = async_variants(kook, url)
        check(kook, {name: await call() for name, call in variants.items()})
        for call in variants.values():
            await time_async(call, requests // 4)
        for _ in range(rounds):
            for name, call in variants.items():
                samples["async"].setdefault(name, []).append(await time_async(call, requests))

    asyncio.run(run_async())
    return {
        mode: {
            name: (
                statistics.median(wall for wall, _ in values),
                statistics.median(cpu for _, cpu in values),
            )
            for name, values in variants.items()
        }
        for mode, variants in samples.items()
    }


def table(medians: Medians, requests: int, rounds: int) -> str:
    lines = [
        f"KOOK user.view, {requests} sequential calls per round, median of {rounds} rounds",
        f"python {platform.python_version()}, httpx {metadata.version('httpx')}, "
        f"pydantic {metadata.version('pydantic')}, uvicorn {metadata.version('uvicorn')}, "
        f"{platform.machine()}",
        "",
        "| client | raw httpx (µs/call) | generated (µs/call) | ratio | target | result "
        "| client CPU: raw / generated (µs/call) | CPU ratio |",
        "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    for mode in ("sync", "async"):
        (raw, raw_cpu), (generated, generated_cpu) = (
            medians[mode]["raw httpx"],
            medians[mode]["generated"],
        )
        ratio = generated / raw
        verdict = "PASS" if ratio <= TARGET else "MISS"
        lines.append(
            f"| {mode} | {raw * 1e6:.0f} | {generated * 1e6:.0f} | {ratio:.3f}x | "
            f"<= {TARGET:.2f}x | {verdict} | {raw_cpu * 1e6:.0f} / {generated_cpu * 1e6:.0f} | "
            f"{generated_cpu / raw_cpu:.3f}x |"
        )
    return "\n".join(lines)


def profile(kook: ModuleType, url: str, requests: int) -> None:
    """Where the generated sync client spends its time beyond the raw httpx call."""
    call = sync_variants(kook, url)["generated"]
    time_sync(call, 200)
    profiler = cProfile.Profile()
    profiler.enable()
    time_sync(call, requests)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="calls per round and variant")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="also profile the sync client")
    args = parser.parse_args(argv)
    server, url = start_server()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            kook = vendored_kook(Path(tmp))
            medians = run(kook, url, args.requests, args.rounds)
            print(table(medians, args.requests, args.rounds))
            if args.profile:
                profile(kook, url, args.requests)
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
