"""Shared test fixtures."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from gen_support import RecordingServer

pytest_plugins = ["mockserver"]

REPO_ROOT = Path(__file__).resolve().parent.parent

RunBotspec = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(autouse=True, scope="session")
def _own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """`botspec generate` keeps a cache (generator.cache): the tests' runs keep theirs in a
    folder of their own, never in the user's."""
    os.environ["BOTSPEC_CACHE_DIR"] = str(tmp_path_factory.mktemp("botspec-cache"))


@pytest.fixture(scope="module")
def _recording_server() -> Iterator[RecordingServer]:
    with RecordingServer() as server:
        yield server


@pytest.fixture
def wire(_recording_server: RecordingServer) -> RecordingServer:
    """A `RecordingServer` on 127.0.0.1 (one per test module), with nothing recorded or
    queued."""
    _recording_server.reset()
    return _recording_server


@pytest.fixture
def run_botspec() -> RunBotspec:
    """Run the real `botspec` command line (`python -m generator ARGS...`) from the repository root.

    Keyword `env` adds to (or, with a None value, removes from) the inherited environment.
    """

    def run(
        *args: str, env: dict[str, str | None] | None = None
    ) -> subprocess.CompletedProcess[str]:
        environ = dict(os.environ)
        for key, value in (env or {}).items():
            if value is None:
                environ.pop(key, None)
            else:
                environ[key] = value
        return subprocess.run(
            [sys.executable, "-m", "generator", *args],
            cwd=REPO_ROOT,
            env=environ,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    return run
