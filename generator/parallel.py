"""Forked worker processes for the pipeline driver. Entry point: `Workers`.

The pipeline hands independent work (validating a document set, formatting one
file) to `Workers.submit` and asks for each result by key. Results never depend
on which process ran a task or in which order tasks finished, so the output is
the same bytes as a serial run. A task's exception is raised again in the parent,
as the same type; one that cannot cross the process boundary (or a worker that
dies) makes the parent run that task itself, so errors read exactly as they do
without workers.

Workers are forked, never spawned: a worker inherits the parent's imports and
every task submitted before it was forked, so those tasks' arguments (a loaded
spec set, rendered source) are not pickled. With one job, where fork is not
available, or in a process that already runs threads (forking those is unsafe),
tasks run in the calling process as they are submitted.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

JOBS_ENV = "BOTSPEC_JOBS"
_PR_SET_PDEATHSIG = 1  # prctl option, <linux/prctl.h>
_STOPPING = {signal.SIGINT, signal.SIGTERM}


def default_jobs() -> int:
    """Worker processes to use: $BOTSPEC_JOBS, else the CPUs this process may run on.
    ValueError for a value set that is no number of workers: ignored, it would leave the
    user believing it was taken."""
    configured = os.environ.get(JOBS_ENV, "").strip()
    if configured:
        if not (configured.isascii() and configured.isdigit() and int(configured) > 0):
            raise ValueError(f"{JOBS_ENV}={configured!r}: must be a whole number of 1 or more")
        return int(configured)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
        and not multiprocessing.current_process().daemon
    )


@dataclass
class _Task:
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    cost: int  # bigger runs first: the longest tasks bound the wall time
    affinity: str | None  # tasks sharing one run in one worker


@dataclass
class _Outcome:
    ok: bool
    value: Any  # the result, or the exception to raise
    seconds: float  # CPU time the task took, in whichever process ran it


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    inherited: int  # tasks numbered below this were submitted before the fork
    task: int | None = None  # the task it is running
    affinities: set[str] = field(default_factory=set)  # of the tasks it ran


class Workers:
    """Up to `jobs` forked processes running submitted tasks; `result(key)` waits for one."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._forking = jobs > 1 and can_fork()
        self._keys: dict[Hashable, int] = {}  # task numbers, in order of submission
        self._tasks: dict[int, _Task] = {}  # not finished yet
        self._pending: list[int] = []  # not started yet
        self._done: dict[int, _Outcome] = {}
        self._workers: list[_Worker] = []

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __contains__(self, key: Hashable) -> bool:
        return key in self._keys

    def submit(
        self,
        key: Hashable,
        fn: Callable[..., Any],
        *args: Any,
        cost: int = 0,
        affinity: str | None = None,
    ) -> None:
        """Queue `fn(*args)` under `key` (a module-level function: it may cross a pipe).
        Tasks of one `affinity` run in the same worker, one after another, so that what the
        first one imported or built serves the others (a slow import is paid once)."""
        if key in self._keys:
            raise ValueError(f"task {key!r} submitted twice")
        number = len(self._keys)
        self._keys[key] = number
        if not self._forking:
            self._done[number] = _run(fn, args)
            return
        self._tasks[number] = _Task(fn, args, cost, affinity)
        self._pending.append(number)

    def done(self, key: Hashable) -> bool:
        self.poll()
        return self._keys[key] in self._done

    def result(self, key: Hashable) -> Any:
        """The task's return value; its exception is raised here."""
        number = self._keys[key]
        while number not in self._done:
            self._wait()
        outcome = self._done[number]
        if not outcome.ok:
            raise outcome.value
        return outcome.value

    def seconds(self, key: Hashable) -> float:
        """The CPU time the finished task took, in whichever process ran it."""
        return self._done[self._keys[key]].seconds

    def poll(self) -> None:
        """Collect finished tasks and start queued ones, without blocking."""
        if self._forking:
            self._collect(timeout=0)
            self._dispatch()

    def close(self) -> None:
        """Stop every worker; tasks still running are abandoned."""
        for worker in self._workers:
            if worker.task is None:
                with contextlib.suppress(OSError):  # already gone
                    worker.conn.send(None)
            else:
                worker.process.terminate()
        for worker in self._workers:
            worker.process.join()
            worker.conn.close()
        self._workers.clear()

    # -- scheduling -----------------------------------------------------------

    def _wait(self) -> None:
        self._dispatch()
        if not any(w.task is not None for w in self._workers):
            # Nothing runs elsewhere (no CPU to spare, or every fork failed): run here.
            number = self._pending.pop(0)
            task = self._tasks.pop(number)
            self._done[number] = _run(task.fn, task.args)
            return
        self._collect(timeout=None)

    def _dispatch(self) -> None:
        self._pending.sort(key=lambda n: (-self._tasks[n].cost, n))
        for number in list(self._pending):
            if len(self._workers) >= self.jobs and all(w.task is not None for w in self._workers):
                return
            task = self._tasks[number]
            idle = self._worker_for(task)
            if idle is None:
                continue
            self._pending.remove(number)
            try:
                message = pickle.dumps(
                    (number, None, ()) if number < idle.inherited else (number, task.fn, task.args)
                )
            except Exception:  # arguments that cannot cross a pipe: run it here
                del self._tasks[number]
                self._done[number] = _run(task.fn, task.args)
                continue
            try:
                idle.conn.send_bytes(message)
            except OSError:  # the worker is gone
                self._pending.insert(0, number)
                self._retire(idle)
                continue
            idle.task = number

    def _worker_for(self, task: _Task) -> _Worker | None:
        """An idle worker to run `task` (forked if need be), None if it has to wait."""
        owner = next((w for w in self._workers if task.affinity in w.affinities), None)
        if owner is not None:
            return owner if owner.task is None else None
        idle = next((w for w in self._workers if w.task is None), None)
        if idle is None and len(self._workers) < self.jobs:
            idle = self._fork()
        if idle is not None and task.affinity is not None:
            idle.affinities.add(task.affinity)
        return idle

    def _fork(self) -> _Worker | None:
        parent_end, child_end = multiprocessing.Pipe()
        inherited = len(self._keys)
        context = multiprocessing.get_context("fork")
        # A stopping signal's handler run while forking would raise in an at-fork callback,
        # where Python drops the exception and the run carries on: it waits until the worker
        # is known (so `close` stops it), then raises here.
        with _stopping_signals_held() as mask:
            process = context.Process(
                target=_serve,
                args=(child_end, self._tasks, os.getpid(), mask),
                daemon=True,
                name="botspec-worker",
            )
            try:
                process.start()
            except OSError:  # out of processes or memory: carry on with fewer workers
                parent_end.close()
                child_end.close()
                self.jobs = len(self._workers)
                return None
            child_end.close()
            worker = _Worker(process, parent_end, inherited)
            self._workers.append(worker)
        return worker

    def _collect(self, timeout: float | None) -> None:
        busy = {w.conn: w for w in self._workers if w.task is not None}
        if not busy:
            return
        for conn in wait(list(busy), timeout):
            worker = busy[conn]  # type: ignore[index]
            number = worker.task
            assert number is not None
            try:
                reply: tuple[bool, Any, float] | None = worker.conn.recv()
            except (EOFError, OSError):  # the worker died: run its task here
                reply = None
                self._retire(worker)
            else:
                worker.task = None
            task = self._tasks.pop(number)
            # No reply: the worker died, or the task's exception could not be pickled;
            # running it here raises it as a serial run would.
            self._done[number] = _run(task.fn, task.args) if reply is None else _Outcome(*reply)

    def _retire(self, worker: _Worker) -> None:
        worker.process.terminate()
        worker.process.join()
        worker.conn.close()
        self._workers.remove(worker)
        self.jobs = max(1, self.jobs - 1)


def _run(fn: Callable[..., Any], args: tuple[Any, ...]) -> _Outcome:
    started = time.process_time()
    try:
        value, ok = fn(*args), True
    except Exception as exc:
        value, ok = exc, False
    return _Outcome(ok, value, time.process_time() - started)


@contextlib.contextmanager
def _stopping_signals_held() -> Iterator[set[int | signal.Signals]]:
    """SIGINT and SIGTERM kept pending (not lost) meanwhile; gives the signal mask before."""
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
    try:
        yield mask
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def _serve(
    conn: Connection, inherited: dict[int, _Task], parent: int, mask: set[int | signal.Signals]
) -> None:
    """A worker's life: run what the parent sends until it sends None. `mask`: the signal
    mask to restore, the parent's before it held the stopping signals to fork."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    # Not the parent's handler (`botspec`'s raises in the task): `close` ends a worker so.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    _die_with(parent)
    gc.freeze()  # what was inherited is long-lived: keep it out of collections
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        number, fn, args = message
        if fn is None:
            task = inherited.pop(number)
            fn, args = task.fn, task.args
        conn.send_bytes(_reply(_run(fn, args)))


def _die_with(parent: int) -> None:
    """Have the kernel kill this worker if its parent is killed (a task can run long)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before that took effect
        os._exit(1)


def _reply(outcome: _Outcome) -> bytes:
    """The outcome pickled; None for an exception the parent could not rebuild."""
    if outcome.ok:
        return pickle.dumps((True, outcome.value, outcome.seconds))
    # The traceback does not cross the pipe: keep where it happened as a note.
    where = "".join(traceback.format_exception(outcome.value))
    outcome.value.add_note(f"raised in a botspec worker process:\n{where}")
    try:
        payload = pickle.dumps((False, outcome.value, outcome.seconds))
        pickle.loads(payload)
    except Exception:
        return pickle.dumps(None)
    return payload
