"""The pipeline's worker processes (generator/parallel.py): real forks, no mocks.

Workers fork only in a process without other threads, and earlier tests leave server
threads in this one: each scenario runs in a fresh interpreter (`in_fresh_process`) and
hands its findings back as JSON for the test to check.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.parallel import Workers, can_fork

ROOT = Path(__file__).resolve().parent.parent

needs_fork = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="forking workers needs Linux"
)


def in_fresh_process(scenario: str, *args: str) -> Any:
    """`scenario(*args)` of this module, run in a new interpreter; its JSON result."""
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import test_parallel as t;"
        "print(json.dumps(getattr(t, sys.argv[2])(*sys.argv[3:])))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(Path(__file__).parent), scenario, *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


# -- tasks (module-level: they cross the pipe) -----------------------------------------------


def _pid(_: int) -> int:
    return os.getpid()


def _square(value: int) -> int:
    return value * value


class _Rejected(Exception):
    pass


def _reject(value: int) -> int:
    raise _Rejected(f"no {value}")


# -- scenarios, each in a fresh process ------------------------------------------------------


def squares_by_key() -> dict[str, Any]:
    with Workers(2) as workers:
        for value in range(20):
            workers.submit(("square", value), _square, value, cost=value)
        results = [workers.result(("square", value)) for value in range(20)]
        return {"forked": can_fork(), "results": results}


def error_then_result() -> dict[str, Any]:
    with Workers(2) as workers:
        workers.submit("bad", _reject, 7)
        workers.submit("good", _square, 3)
        try:
            workers.result("bad")
        except _Rejected as exc:
            raised = f"{type(exc).__name__}: {exc}"
        else:
            raised = ""
        return {"raised": raised, "good": workers.result("good")}


def pids(jobs: str) -> dict[str, Any]:
    with Workers(int(jobs)) as workers:
        for n in range(6):
            workers.submit(n, _pid, n)
        return {"parent": os.getpid(), "pids": sorted({workers.result(n) for n in range(6)})}


def affinity_pids() -> dict[str, Any]:
    with Workers(2) as workers:
        for n in range(8):
            workers.submit(("slow-import", n), _pid, n, cost=100, affinity="slow-import")
            workers.submit(("free", n), _pid, n)
        return {
            "parent": os.getpid(),
            "affine": sorted({workers.result(("slow-import", n)) for n in range(8)}),
            "free": sorted({workers.result(("free", n)) for n in range(8)}),
        }


def _sigterm_handled_by_default(_: int) -> bool:
    return signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


def _blocked_signals(_: int) -> list[int]:
    return sorted(signal.pthread_sigmask(signal.SIG_BLOCK, []))


def sigterm_in_a_worker() -> dict[str, Any]:
    # As `botspec` has it: SIGTERM raises in the parent (to undo what it half did).
    signal.signal(signal.SIGTERM, lambda *_: None)
    with Workers(2) as workers:
        workers.submit("pid", _pid, 0)
        workers.submit("default", _sigterm_handled_by_default, 0)
        workers.submit("blocked", _blocked_signals, 0)
        return {
            "parent": os.getpid(),
            "worker": workers.result("pid"),
            "default": workers.result("default"),
            "blocked": workers.result("blocked"),
        }


def package_digest(name: str, jobs: str) -> dict[str, str]:
    from generator.pipeline import generate_package

    package = generate_package(ROOT / "specs" / name, jobs=int(jobs))
    return {path: hashlib.sha256(text.encode()).hexdigest() for path, text in package.files.items()}


# -- tests -----------------------------------------------------------------------------------


@needs_fork
def test_results_come_back_by_key_whatever_order_tasks_finish_in() -> None:
    found = in_fresh_process("squares_by_key")
    assert found["forked"] is True
    assert found["results"] == [value * value for value in range(20)]


@needs_fork
def test_a_task_exception_is_raised_by_result_as_the_same_type() -> None:
    found = in_fresh_process("error_then_result")
    assert found == {"raised": "_Rejected: no 7", "good": 9}


@needs_fork
def test_tasks_run_in_worker_processes_when_forking_is_allowed() -> None:
    found = in_fresh_process("pids", "2")
    assert found["parent"] not in found["pids"]
    assert 1 <= len(found["pids"]) <= 2


def test_one_job_runs_every_task_in_the_calling_process() -> None:
    found = in_fresh_process("pids", "1")
    assert found["pids"] == [found["parent"]]


@needs_fork
def test_tasks_of_one_affinity_share_one_worker_while_others_spread() -> None:
    found = in_fresh_process("affinity_pids")
    assert len(found["affine"]) == 1
    assert found["parent"] not in found["affine"] + found["free"]
    assert len(set(found["affine"] + found["free"])) == 2  # free tasks used the other worker


@needs_fork
def test_a_worker_dies_of_sigterm_whatever_handler_its_parent_has() -> None:
    # `Workers.close` stops a busy worker with SIGTERM; the parent's handler is not for it.
    found = in_fresh_process("sigterm_in_a_worker")
    assert found["worker"] != found["parent"]
    assert found["default"] is True
    assert found["blocked"] == []  # not left held from the fork: SIGTERM reaches it


@needs_fork
@pytest.mark.parametrize("name", ["qqbot", "lanying"])
def test_the_package_is_the_same_bytes_with_one_job_and_with_workers(name: str) -> None:
    assert in_fresh_process("package_digest", name, "1") == in_fresh_process(
        "package_digest", name, "3"
    )
