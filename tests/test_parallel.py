"""The pipeline's worker processes (generator/parallel.py): real forks, no mocks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.parallel import Workers, can_fork
from generator.pipeline import generate_package

ROOT = Path(__file__).resolve().parent.parent

needs_fork = pytest.mark.skipif(not can_fork(), reason="forking workers needs Linux")


def _pid(_: int) -> int:
    return os.getpid()


def _square(value: int) -> int:
    return value * value


class _Rejected(Exception):
    pass


def _reject(value: int) -> int:
    raise _Rejected(f"no {value}")


@needs_fork
def test_results_come_back_by_key_whatever_order_tasks_finish_in() -> None:
    with Workers(2) as workers:
        for value in range(20):
            workers.submit(("square", value), _square, value, cost=value)
        assert [workers.result(("square", value)) for value in range(20)] == [
            value * value for value in range(20)
        ]


@needs_fork
def test_a_task_exception_is_raised_by_result_as_the_same_type() -> None:
    with Workers(2) as workers:
        workers.submit("bad", _reject, 7)
        workers.submit("good", _square, 3)
        with pytest.raises(_Rejected, match="no 7"):
            workers.result("bad")
        assert workers.result("good") == 9


@needs_fork
def test_tasks_run_in_worker_processes_when_forking_is_allowed() -> None:
    with Workers(2) as workers:
        for n in range(6):
            workers.submit(n, _pid, n)
        pids = {workers.result(n) for n in range(6)}
    assert os.getpid() not in pids


def test_one_job_runs_every_task_in_the_calling_process() -> None:
    with Workers(1) as workers:
        for n in range(4):
            workers.submit(n, _pid, n)
        assert {workers.result(n) for n in range(4)} == {os.getpid()}


@needs_fork
def test_tasks_of_one_affinity_share_one_worker_while_others_spread() -> None:
    with Workers(2) as workers:
        for n in range(8):
            workers.submit(("slow-import", n), _pid, n, cost=100, affinity="slow-import")
            workers.submit(("free", n), _pid, n)
        affine = {workers.result(("slow-import", n)) for n in range(8)}
        free = {workers.result(("free", n)) for n in range(8)}
    assert len(affine) == 1
    assert os.getpid() not in affine | free
    assert len(affine | free) == 2  # the free tasks used the other worker too


@needs_fork
@pytest.mark.parametrize("name", ["qqbot", "lanying"])
def test_the_package_is_the_same_bytes_with_one_job_and_with_workers(name: str) -> None:
    serial = generate_package(ROOT / "specs" / name, jobs=1)
    spread = generate_package(ROOT / "specs" / name, jobs=3)
    assert serial.files == spread.files
