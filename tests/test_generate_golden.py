"""Golden files: generated/ is committed, and regenerating it gives the same bytes, whatever
the hash seed or working directory; `--check` finds stale files without writing; writes are
atomic, so a failure leaves the previous output as it was.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from gen_support import (
    GENERATED,
    SPECS,
    botspec,
    committed_packages,
    package_params,
    snapshot,
    spec_packages,
    tree_diff,
)

import generator.write._write as write_module
from generator.pipeline import generate_package
from generator.write import write

PROBLEM_LINE = re.compile(r"^[^:\s][^:]*:\d+: \S")
SUMMARY_LINE = re.compile(
    r"^(?P<name>\w+): \d+ files, \d+ operations, \d+ events \(\d+\.\d\d s CPU\)$"
)


def _committed(name: str) -> dict[str, bytes]:
    files = snapshot(GENERATED / name)
    assert files, f"generated/{name} is missing"
    return files


# -- regeneration ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Any, Path]]:
    """`botspec generate` of every committed package, three times side by side: from the
    repository with PYTHONHASHSEED 0 and 12345, and from an unrelated working directory
    with absolute paths."""
    root = tmp_path_factory.mktemp("regenerated")
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    names = committed_packages()
    relative = [f"specs/{n}" for n in names]
    absolute = [str(SPECS / n) for n in names]
    runs: dict[str, Callable[[], subprocess.CompletedProcess[str]]] = {
        "seed0": lambda: botspec(
            "generate", *relative, "--out", root / "seed0", env={"PYTHONHASHSEED": "0"}
        ),
        "seed12345": lambda: botspec(
            "generate", *relative, "--out", root / "seed12345", env={"PYTHONHASHSEED": "12345"}
        ),
        "elsewhere": lambda: botspec(
            "generate",
            *absolute,
            "--out",
            root / "elsewhere" / "new" / "deeper",
            cwd=elsewhere,
            env={"PYTHONHASHSEED": "0"},
        ),
    }
    outs = {
        "seed0": root / "seed0",
        "seed12345": root / "seed12345",
        "elsewhere": root / "elsewhere" / "new" / "deeper",
    }
    with ThreadPoolExecutor(max_workers=len(runs)) as pool:
        futures = {key: pool.submit(run) for key, run in runs.items()}
        return {key: (future.result(), outs[key]) for key, future in futures.items()}


def test_generated_holds_no_package_without_a_spec_folder() -> None:
    committed = sorted(
        p.name for p in GENERATED.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
    )
    assert committed, "generated/ holds no package"
    assert set(committed) <= set(spec_packages()), "generated/ holds a package without specs"


@pytest.mark.parametrize("name", package_params())
def test_cli_regenerates_the_committed_package_byte_for_byte(
    name: str, cli_runs: dict[str, tuple[Any, Path]]
) -> None:
    result, out = cli_runs["seed0"]
    assert result.returncode == 0, result.stdout + result.stderr
    assert tree_diff(_committed(name), snapshot(out / name)) == []


@pytest.mark.parametrize("name", package_params())
def test_pipeline_in_process_regenerates_the_committed_package_byte_for_byte(name: str) -> None:
    package = generate_package(SPECS / name)
    files = {path: text.encode() for path, text in package.files.items()}
    assert package.name == name
    assert tree_diff(_committed(name), files) == []


def test_output_is_identical_across_hash_seeds(cli_runs: dict[str, tuple[Any, Path]]) -> None:
    (first, first_out), (second, second_out) = cli_runs["seed0"], cli_runs["seed12345"]
    assert (first.returncode, second.returncode) == (0, 0), first.stderr + second.stderr
    assert snapshot(first_out), "nothing was generated"
    assert tree_diff(snapshot(first_out), snapshot(second_out)) == []


def test_output_is_identical_from_another_working_directory(
    cli_runs: dict[str, tuple[Any, Path]],
) -> None:
    (here, here_out), (there, there_out) = cli_runs["seed0"], cli_runs["elsewhere"]
    assert (here.returncode, there.returncode) == (0, 0), here.stderr + there.stderr
    assert snapshot(here_out), "nothing was generated"
    assert tree_diff(snapshot(here_out), snapshot(there_out)) == []


def test_generate_prints_one_summary_line_per_package(
    cli_runs: dict[str, tuple[Any, Path]],
) -> None:
    result, _ = cli_runs["seed0"]
    lines = result.stdout.splitlines()
    assert [SUMMARY_LINE.match(line)["name"] for line in lines] == committed_packages()  # type: ignore[index]


def test_each_package_reports_the_cpu_time_of_its_own_stages() -> None:
    from generator.pipeline import generate_packages

    before = time.process_time()
    packages = generate_packages([SPECS / "kook", SPECS / "qqbot"], jobs=1)
    spent = time.process_time() - before
    assert all(package.seconds > 0 for package in packages)
    # In one process every stage is timed once, and nothing outside the stages counts.
    assert sum(package.seconds for package in packages) <= spent


def test_the_cli_freezes_what_it_built_before_python_exits() -> None:
    # Python's last collections at exit walk every object left; frozen ones are skipped.
    code = (
        "import atexit, gc\n"
        "from generator.cli import main\n"
        "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 0))\n"
        "main(['validate', 'specs/kook'])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=SPECS.parent, capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines()[-1] == "frozen at exit: True"


def test_generate_writes_no_staging_folders_beside_the_packages(
    cli_runs: dict[str, tuple[Any, Path]],
) -> None:
    _, out = cli_runs["seed0"]
    assert sorted(p.name for p in out.iterdir()) == committed_packages()


def test_out_to_a_folder_that_does_not_exist_creates_it(
    cli_runs: dict[str, tuple[Any, Path]],
) -> None:
    result, out = cli_runs["elsewhere"]  # --out <tmp>/elsewhere/new/deeper
    assert result.returncode == 0, result.stderr
    assert out.name == "deeper" and not (out.parent.parent / "seed0").exists()
    for name in committed_packages():
        assert tree_diff(_committed(name), snapshot(out / name)) == []


# -- --check -----------------------------------------------------------------------------------


def test_check_is_clean_on_the_committed_output() -> None:
    names = committed_packages()
    result = botspec("generate", *(f"specs/{n}" for n in names), "--check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert f"{len(names)} package(s) up to date" in result.stderr


@pytest.mark.xfail(
    set(committed_packages()) != set(spec_packages()),
    strict=True,
    reason="a spec folder's package is not committed yet (pending stage)",
)
def test_check_without_arguments_covers_every_spec_folder_and_is_clean() -> None:
    result = botspec("generate", "--check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(spec_packages())} package(s) up to date" in result.stderr


EDITED_LINE = "# a hand edit that generation does not make\n"


@pytest.fixture(scope="module")
def stale_check(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path, dict[str, bytes]]:
    """`--check` against a fresh generation of kook with one file edited, one removed and
    one added (fresh, so that only the edits are stale); returns the result, the folder
    and its content before the run."""
    out = tmp_path_factory.mktemp("stale")
    write({"kook": generate_package(SPECS / "kook").files}, out)
    client = out / "kook" / "_client.py"
    lines = client.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(3, EDITED_LINE)
    client.write_text("".join(lines), encoding="utf-8")
    (out / "kook" / "README.md").unlink()
    (out / "kook" / "leftover.py").write_text("x = 1\n", encoding="utf-8")
    before = snapshot(out)
    return botspec("generate", "specs/kook", "--out", out, "--check"), out, before


def test_check_fails_with_exit_status_one_when_a_file_is_stale(
    stale_check: tuple[Any, Path, dict[str, bytes]],
) -> None:
    result, _, _ = stale_check
    assert result.returncode == 1
    assert "3 generated file(s) are stale" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_lists_the_edited_file_with_a_unified_diff(
    stale_check: tuple[Any, Path, dict[str, bytes]],
) -> None:
    result, out, _ = stale_check
    client = out / "kook" / "_client.py"
    assert f"--- {client} (on disk)" in result.stdout
    assert f"+++ {client} (generated)" in result.stdout
    assert "-" + EDITED_LINE in result.stdout
    assert re.search(r"^@@ -\d+,\d+ \+\d+,\d+ @@", result.stdout, re.M)


def test_check_lists_missing_and_unexpected_files(
    stale_check: tuple[Any, Path, dict[str, bytes]],
) -> None:
    result, out, _ = stale_check
    assert f"{out / 'kook' / 'README.md'}: missing" in result.stdout
    assert f"{out / 'kook' / 'leftover.py'}: not produced by generation" in result.stdout


def test_check_writes_nothing(stale_check: tuple[Any, Path, dict[str, bytes]]) -> None:
    _, out, before = stale_check
    assert tree_diff(before, snapshot(out)) == []
    assert sorted(p.name for p in out.iterdir()) == ["kook"]


# -- spec errors ---------------------------------------------------------------------------------


def _broken_copy(name: str, parent: Path) -> Path:
    """specs/<name> copied under `parent`, with the first operation's summary removed."""
    copy = parent / name
    shutil.copytree(SPECS / name, copy)
    spec = copy / "openapi.yaml"
    text = spec.read_text(encoding="utf-8")
    broken = re.sub(r"\n      summary: [^\n]*", "", text, count=1)
    assert broken != text
    spec.write_text(broken, encoding="utf-8")
    return copy


def _previous_output(out: Path, names: list[str]) -> dict[str, bytes]:
    """A previous generation in `out`, recognisably not the current one."""
    for name in names:
        shutil.copytree(GENERATED / name, out / name)
        (out / name / "_client.py").write_text("# the previous output\n", encoding="utf-8")
    return snapshot(out)


def test_spec_error_prints_file_line_problems_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    broken = _broken_copy("kook", tmp_path / "specs")
    out = tmp_path / "out"
    result = botspec("generate", broken, "--out", out, cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert lines and all(PROBLEM_LINE.match(line) for line in lines), result.stdout
    assert any(
        line.startswith("specs/kook/openapi.yaml:") and "operation has no summary" in line
        for line in lines
    )
    assert "nothing was written" in result.stderr
    assert not out.exists()


def test_spec_error_in_the_second_package_leaves_the_previous_output_untouched(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    before = _previous_output(out, ["kook", "lanying"])
    broken = _broken_copy("lanying", tmp_path / "specs")
    result = botspec("generate", SPECS / "kook", broken, "--out", out)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert tree_diff(before, snapshot(out)) == []
    assert sorted(p.name for p in out.iterdir()) == ["kook", "lanying"]


# -- atomic writes ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fresh() -> dict[str, dict[str, str]]:
    """Two packages' files, as `write` receives them (the committed ones: no need to
    regenerate, what is written is what matters here)."""
    return {
        name: {path: data.decode() for path, data in _committed(name).items()}
        for name in ("kook", "lanying")
    }


def _fail_on_call(
    monkeypatch: pytest.MonkeyPatch, name: str, failing_call: int
) -> list[tuple[Any, ...]]:
    """Make `generator.write._write.<name>` raise OSError on its `failing_call`-th call."""
    original = getattr(write_module, name)
    calls: list[tuple[Any, ...]] = []

    def wrapper(*args: Any) -> Any:
        calls.append(args)
        if len(calls) == failing_call:
            raise OSError(f"injected failure in {name}")
        return original(*args)

    monkeypatch.setattr(write_module, name, wrapper)
    return calls


def test_write_replaces_every_package_and_leaves_no_staging_folders(
    tmp_path: Path, fresh: dict[str, dict[str, str]]
) -> None:
    out = tmp_path / "out"
    _previous_output(out, list(fresh))
    write(fresh, out)
    assert sorted(p.name for p in out.iterdir()) == ["kook", "lanying"]
    for name, files in fresh.items():
        assert snapshot(out / name) == {k: v.encode() for k, v in files.items()}


def test_failure_while_staging_the_second_package_leaves_the_previous_output_untouched(
    tmp_path: Path, fresh: dict[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    before = _previous_output(out, list(fresh))
    calls = _fail_on_call(monkeypatch, "_stage", 2)
    with pytest.raises(OSError, match="injected"):
        write(fresh, out)
    assert len(calls) == 2
    assert tree_diff(before, snapshot(out)) == []
    assert sorted(p.name for p in out.iterdir()) == ["kook", "lanying"]


def _fail_writing_the_second_package(
    monkeypatch: pytest.MonkeyPatch, fresh: dict[str, dict[str, str]]
) -> None:
    """Make the second file of the second package fail to reach the disk."""
    real_fsync = os.fsync
    synced: list[int] = []
    failing = len(fresh["kook"]) + 2

    def failing_fsync(fd: int) -> None:
        synced.append(fd)
        if len(synced) == failing:
            raise OSError("injected: disk full")
        real_fsync(fd)

    monkeypatch.setattr(write_module.os, "fsync", failing_fsync)


def test_failure_while_writing_a_file_leaves_the_previous_packages_untouched(
    tmp_path: Path, fresh: dict[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    before = _previous_output(out, list(fresh))
    _fail_writing_the_second_package(monkeypatch, fresh)
    with pytest.raises(OSError, match="disk full"):
        write(fresh, out)
    packages = {k: v for k, v in snapshot(out).items() if not k.startswith(".")}
    assert tree_diff(before, packages) == []


def test_failure_while_writing_a_file_leaves_no_staging_folder_behind(
    tmp_path: Path, fresh: dict[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    _previous_output(out, list(fresh))
    _fail_writing_the_second_package(monkeypatch, fresh)
    with pytest.raises(OSError, match="disk full"):
        write(fresh, out)
    assert sorted(p.name for p in out.iterdir()) == ["kook", "lanying"]


def test_failure_while_swapping_in_the_second_package_leaves_the_previous_output_untouched(
    tmp_path: Path, fresh: dict[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    before = _previous_output(out, list(fresh))
    _fail_on_call(monkeypatch, "_swap", 2)
    with pytest.raises(OSError, match="injected"):
        write(fresh, out)
    assert tree_diff(before, snapshot(out)) == []
    assert sorted(p.name for p in out.iterdir()) == ["kook", "lanying"]
