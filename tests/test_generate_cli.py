"""`botspec generate` on the cases a review found passing silently: a generated package whose
spec folder is gone, two spec folders giving one package, folder names that are not Python
names. Each test runs the real command line on a project in a temporary folder."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from gen_support import (
    GENERATED,
    REPO_ROOT,
    botspec,
    committed_packages,
    generate_to,
    imported,
    mypy_strict,
    snapshot,
    tree_diff,
)

from generator.model import package_name
from generator.pipeline import generate_packages
from generator.write import is_generated_package, write

SPEC = REPO_ROOT / "tests" / "specs" / "pagination"  # one small OpenAPI document


def _project(root: Path, *folders: str) -> Path:
    """`root` with a copy of the small spec as each of `specs/<folder>`."""
    for folder in folders:
        shutil.copytree(SPEC, root / "specs" / folder)
    return root


def _generated_with_one_spec_gone(root: Path) -> Path:
    """A project whose generated/ holds alpha and beta, beta's spec folder since deleted,
    and two folders that are not generated packages."""
    _project(root, "alpha", "beta")
    assert botspec("generate", cwd=root).returncode == 0
    shutil.rmtree(root / "specs" / "beta")
    notes = root / "generated" / "notes"
    notes.mkdir()
    (notes / "_models.py").write_text("# my own models\n", encoding="utf-8")
    (root / "generated" / "README.md").write_text("vendored clients\n", encoding="utf-8")
    return root / "generated"


# -- a generated package whose spec folder is gone ---------------------------------------


def test_every_committed_package_carries_the_mark_of_a_generated_package() -> None:
    assert all(is_generated_package(GENERATED / name) for name in committed_packages())
    assert not is_generated_package(REPO_ROOT / "generator")


def test_check_reports_a_generated_package_without_spec_folder_and_writes_nothing(
    tmp_path: Path,
) -> None:
    out = _generated_with_one_spec_gone(tmp_path)
    before = snapshot(out)
    result = botspec("generate", "--check", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "generated/beta: a generated package with no spec folder (generation removes it)"
    ]
    assert "1 generated package(s) have no spec folder" in result.stderr
    assert tree_diff(before, snapshot(out)) == []


def test_generate_removes_the_package_and_keeps_folders_it_did_not_generate(
    tmp_path: Path,
) -> None:
    out = _generated_with_one_spec_gone(tmp_path)
    result = botspec("generate", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "generated/beta: removed, a generated package with no spec folder" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "alpha", "notes"]
    assert (out / "notes" / "_models.py").read_text(encoding="utf-8") == "# my own models\n"
    check = botspec("generate", "--check", cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr


def _project_sharing_parts(root: Path) -> Path:
    """`root` with specs/alpha, whose document takes its parameters, schemas and responses
    from specs/common/common.yaml, a folder of shared parts."""
    valid = REPO_ROOT / "tests" / "specs" / "valid"
    (root / "specs" / "alpha").mkdir(parents=True)
    (root / "specs" / "common").mkdir()
    text = (valid / "openapi.yaml").read_text(encoding="utf-8")
    document = text.replace('"common.yaml#', '"../common/common.yaml#')
    (root / "specs" / "alpha" / "openapi.yaml").write_text(document, encoding="utf-8")
    shutil.copy(valid / "common.yaml", root / "specs" / "common" / "common.yaml")
    return root


def test_a_folder_of_shared_parts_beside_the_packages_is_skipped_saying_so(
    tmp_path: Path,
) -> None:
    _project_sharing_parts(tmp_path)
    result = botspec("generate", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "specs/common: skipped, no OpenAPI or AsyncAPI document" in result.stderr
    assert sorted(p.name for p in (tmp_path / "generated").iterdir()) == ["alpha"]
    check = botspec("generate", "--check", cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr


def test_generate_beside_a_folder_of_shared_parts_parses_each_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The parts are checked against the documents generation loads, not against a load of
    # their own.
    import generator.load._loader as loader
    from generator.cli import main

    _project_sharing_parts(tmp_path)
    parsed: list[Path] = []
    parse = loader.parse
    monkeypatch.setattr(loader, "parse", lambda path: parsed.append(path) or parse(path))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BOTSPEC_JOBS", "1")
    assert main(["generate", "--no-cache"]) == 0
    assert sorted(p.name for p in parsed) == ["common.yaml", "openapi.yaml"]


_NOT_USED = (
    "neither an OpenAPI or AsyncAPI document (no 'openapi' or 'asyncapi' key) nor shared parts"
    " a document refers to ($ref)"
)


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (lambda text: text.replace("openapi:", "openpi:"), f"openapi.yaml:1: {_NOT_USED}"),
        (lambda text: "", "openapi.yaml:1: empty document"),
        (lambda text: "info: [\n", "openapi.yaml:2: malformed YAML: "),
    ],
    ids=["misspelt-root-key", "emptied", "unparsable"],
)
def test_a_broken_document_is_an_error_and_its_package_stays(
    tmp_path: Path, edit: Callable[[str], str], problem: str
) -> None:
    # With no `openapi` left in it, the folder looks like one of shared parts: it is not one.
    _project(tmp_path, "alpha", "beta")
    assert botspec("generate", cwd=tmp_path).returncode == 0
    before = snapshot(tmp_path / "generated")
    document = tmp_path / "specs" / "beta" / "openapi.yaml"
    document.write_text(edit(document.read_text(encoding="utf-8")), encoding="utf-8")
    result = botspec("generate", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.startswith(f"specs/beta/{problem}")
    assert len(result.stdout.splitlines()) == 1
    assert "1 problem(s); nothing was written" in result.stderr
    assert tree_diff(before, snapshot(tmp_path / "generated")) == []


def test_a_file_no_document_refers_to_in_a_folder_of_shared_parts_is_an_error(
    tmp_path: Path,
) -> None:
    _project_sharing_parts(tmp_path)
    (tmp_path / "specs" / "common" / "errors.yaml").write_text(
        "Error:\n  type: object\n", encoding="utf-8"
    )
    result = botspec("generate", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == f"specs/common/errors.yaml:1: {_NOT_USED}\n"
    assert not (tmp_path / "generated").exists()


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (
            lambda text: text.replace(
                "      operationId: listUsers\n", "      operationId: a\n" * 2
            ),
            ":10: paths./users.get.operationId: duplicate key 'operationId' (first on line 9)",
        ),
        (
            lambda text: text.replace("info:\n", "info:\n  <<: {}\n", 1),
            ":4: info: YAML merge keys ('<<') are not supported",
        ),
        (lambda text: text.replace("version", "versi\xf3n", 1), ":5: not UTF-8 text"),
        (
            lambda text: text.replace("../common/common.yaml", "../common/commons.yaml"),
            ":19: paths./users.get.parameters[1].$ref: $ref",
        ),
    ],
    ids=["duplicate-key", "merge-key", "not-utf-8", "missing-file"],
)
def test_a_document_that_does_not_load_is_reported_not_the_parts_it_would_use(
    tmp_path: Path, edit: Callable[[str], str], problem: str
) -> None:
    # Its $refs unknown (or naming a file not there), the parts may well be used by it.
    _project_sharing_parts(tmp_path)
    document = tmp_path / "specs" / "alpha" / "openapi.yaml"
    text = edit(document.read_text(encoding="utf-8"))
    document.write_bytes(text.encode("utf-8" if "\xf3" not in text else "latin-1"))
    for args in [("generate",), ("generate", "--check")]:
        result = botspec(*args, cwd=tmp_path)
        assert result.returncode == 1, result.stdout + result.stderr
        assert result.stdout.startswith(f"specs/alpha/openapi.yaml{problem}"), result.stdout
        assert not any(line.startswith("specs/common") for line in result.stdout.splitlines())
    assert not (tmp_path / "generated").exists()


def test_a_spec_folder_whose_document_ends_in_yml_generates_its_package(tmp_path: Path) -> None:
    (tmp_path / "specs" / "alpha").mkdir(parents=True)
    shutil.copy(SPEC / "openapi.yaml", tmp_path / "specs" / "alpha" / "openapi.yml")
    result = botspec("generate", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert is_generated_package(tmp_path / "generated" / "alpha")


def test_generate_leaves_a_symlink_to_a_generated_package_alone(tmp_path: Path) -> None:
    out = _generated_with_one_spec_gone(tmp_path)
    shutil.move(out / "beta", tmp_path / "beta")
    (out / "linked").symlink_to(tmp_path / "beta", target_is_directory=True)
    result = botspec("generate", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (out / "linked").is_symlink()
    assert (tmp_path / "beta" / "_models.py").is_file()
    assert "removed" not in result.stdout


def test_generate_leaves_a_hidden_folder_alone_as_another_runs_staging_folder(
    tmp_path: Path,
) -> None:
    # Another run stages its packages in hidden folders beside them, marked as generated.
    out = _generated_with_one_spec_gone(tmp_path)
    shutil.copytree(out / "alpha", out / ".alpha.staged")
    check = botspec("generate", "--check", cwd=tmp_path)
    assert check.stdout.splitlines() == [
        "generated/beta: a generated package with no spec folder (generation removes it)"
    ]
    result = botspec("generate", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.name for p in out.iterdir()) == [".alpha.staged", "README.md", "alpha", "notes"]


def test_generate_of_named_spec_folders_leaves_other_packages_alone(tmp_path: Path) -> None:
    out = _generated_with_one_spec_gone(tmp_path)
    check = botspec("generate", "specs/alpha", "--check", cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    result = botspec("generate", "specs/alpha", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (out / "beta" / "_models.py").is_file()
    assert "removed" not in result.stdout


# -- two spec folders giving one package -------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "name"), [("a/pkg", "b/pkg", "pkg"), ("a/my_api", "b/my-api", "my_api")]
)
def test_two_spec_folders_giving_one_package_are_rejected_before_writing(
    tmp_path: Path, first: str, second: str, name: str
) -> None:
    shutil.copytree(SPEC, tmp_path / first)
    shutil.copytree(SPEC, tmp_path / second)
    result = botspec("generate", first, second, "--out", "out", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr == (
        f"botspec: error: spec folders {first} and {second} would both generate package"
        f" '{name}'; nothing was written\n"
    )
    assert result.stdout == ""
    assert not (tmp_path / "out").exists()


def test_generate_packages_rejects_two_folders_giving_one_package(tmp_path: Path) -> None:
    shutil.copytree(SPEC, tmp_path / "a" / "pkg")
    shutil.copytree(SPEC, tmp_path / "b" / "pkg")
    with pytest.raises(ValueError, match="would both generate package 'pkg'"):
        generate_packages([tmp_path / "a" / "pkg", tmp_path / "b" / "pkg"], jobs=1)


# -- spec folder names that are not Python names -----------------------------------------


def test_folder_names_made_python_names_give_importable_packages_named_in_the_summary(
    tmp_path: Path,
) -> None:
    _project(tmp_path, "my-api", "class")
    result = botspec("generate", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("class_: ")
    assert lines[0].endswith("; named after spec folder 'class'")
    assert lines[1].startswith("my_api: ")
    assert lines[1].endswith("; named after spec folder 'my-api'")
    assert sorted(p.name for p in (tmp_path / "generated").iterdir()) == ["class_", "my_api"]
    imported = subprocess.run(
        [sys.executable, "-c", "import class_, my_api; print(my_api.Client.__name__)"],
        cwd=tmp_path / "generated",
        capture_output=True,
        text=True,
        check=False,
    )
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout == "Client\n"


@pytest.mark.parametrize("folder", ["1api", "_api", "中文"])
def test_folder_name_that_cannot_be_a_package_name_is_rejected(tmp_path: Path, folder: str) -> None:
    _project(tmp_path, "good", folder)
    result = botspec("generate", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"botspec: error: spec folder '{folder}' gives no Python package name" in result.stderr
    assert "nothing was written" in result.stderr
    assert not (tmp_path / "generated").exists()


@pytest.mark.parametrize(
    ("folder", "hidden"),
    [
        ("http", "a module of Python's standard library"),
        ("email", "a module of Python's standard library"),
        ("typing", "a module of Python's standard library"),
        ("httpx", "a module the generated packages import"),
        ("pydantic", "a module the generated packages import"),
        ("typing-extensions", "a module the generated packages import"),
        ("anyio", "a module the generated packages import"),
    ],
)
def test_folder_name_giving_the_name_of_a_module_the_package_would_hide_is_rejected(
    tmp_path: Path, folder: str, hidden: str
) -> None:
    # Vendored on sys.path, a package `http` would stand in for the standard library's
    # (which httpx imports), and one named `httpx` for httpx itself.
    _project(tmp_path, "good", folder)
    result = botspec("generate", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    name = folder.replace("-", "_")
    assert result.stderr == (
        f"botspec: error: spec folder '{folder}' would give package '{name}', the name of"
        f" {hidden}, which the package would hide: rename the folder; nothing was written\n"
    )
    assert not (tmp_path / "generated").exists()


@pytest.mark.parametrize(
    ("folder", "name"),
    [
        ("kook", "kook"),
        ("my-api", "my_api"),
        ("my.api v2", "my_api_v2"),
        ("class", "class_"),
        ("None", "None_"),
        ("Api2", "Api2"),
    ],
)
def test_package_name_of_a_spec_folder(folder: str, name: str) -> None:
    assert package_name(folder) == name


@pytest.mark.parametrize("name", ["api", "validation", "server"])
def test_a_package_named_like_one_of_its_own_exceptions_gets_a_distinct_base_error(
    tmp_path: Path, name: str
) -> None:
    generate_to(REPO_ROOT / "specs" / "kook", tmp_path, name)
    assert mypy_strict(tmp_path, [name]) == {name: []}
    with imported(tmp_path, name) as package:
        base = getattr(package, f"{name.capitalize()}ClientError")
        assert issubclass(package.ApiError, base) and package.ApiError is not base
        assert issubclass(package.ConfigurationError, base)


# -- an output folder that cannot be one ---------------------------------------------------


@pytest.mark.parametrize("out", ["a-file", "a-file/sub"])
def test_out_that_is_or_is_under_a_file_is_a_usage_error_not_a_traceback(
    tmp_path: Path, out: str
) -> None:
    _project(tmp_path, "alpha")
    (tmp_path / "a-file").write_text("mine\n", encoding="utf-8")
    for check in ([], ["--check"]):
        result = botspec("generate", "--out", out, *check, cwd=tmp_path)
        assert result.returncode == 2, result.stdout + result.stderr
        assert result.stderr == f"botspec: error: --out {out}: not a folder\n"
        assert result.stdout == ""
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize(
    ("spec_dir", "out", "reason"),
    [
        ("specs/alpha", "specs", "specs/alpha is spec folder specs/alpha"),
        ("alpha/v1/alpha", ".", "alpha holds spec folder alpha/v1/alpha"),
    ],
    ids=["is-the-spec-folder", "holds-the-spec-folder"],
)
def test_out_where_a_package_would_replace_its_spec_folder_is_refused(
    tmp_path: Path, spec_dir: str, out: str, reason: str
) -> None:
    shutil.copytree(SPEC, tmp_path / spec_dir)
    (tmp_path / spec_dir / "notes.txt").write_text("mine\n", encoding="utf-8")
    before = snapshot(tmp_path)
    for check in ([], ["--check"]):
        result = botspec("generate", spec_dir, "--out", out, *check, cwd=tmp_path)
        assert result.returncode == 2, result.stdout + result.stderr
        assert result.stderr == (
            f"botspec: error: --out {out}: {reason}, which generation reads; nothing was"
            " written\n"
        )
        assert result.stdout == ""
    assert tree_diff(before, snapshot(tmp_path)) == []


def test_generate_refuses_to_replace_a_folder_it_did_not_generate(tmp_path: Path) -> None:
    _project(tmp_path, "alpha", "beta")
    mine = tmp_path / "generated" / "beta"
    mine.mkdir(parents=True)
    (mine / "_models.py").write_text("# my own models\n", encoding="utf-8")
    for check in ([], ["--check"]):
        result = botspec("generate", *check, cwd=tmp_path)
        assert result.returncode == 2, result.stdout + result.stderr
        assert result.stderr == (
            "botspec: error: --out generated: generated/beta is not a package botspec generated"
            " (no _models.py starting with botspec's header line): move it, or choose another"
            " --out; nothing was written\n"
        )
    assert snapshot(tmp_path / "generated") == {"beta/_models.py": b"# my own models\n"}


@pytest.mark.parametrize(("kind", "what"), [("file", "not a folder"), ("symlink", "a symlink")])
def test_generate_refuses_to_replace_a_file_or_symlink_of_a_package_name(
    tmp_path: Path, kind: str, what: str
) -> None:
    # The symlink leads to a generated package: replacing the link would lose it all the same.
    _project(tmp_path, "alpha")
    assert botspec("generate", cwd=tmp_path).returncode == 0
    package = tmp_path / "generated" / "alpha"
    shutil.move(package, tmp_path / "elsewhere")
    if kind == "symlink":
        package.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    else:
        package.write_text("mine\n", encoding="utf-8")
    before = snapshot(tmp_path)
    for check in ([], ["--check"]):
        result = botspec("generate", *check, cwd=tmp_path)
        assert result.returncode == 2, result.stdout + result.stderr
        assert result.stderr == (
            f"botspec: error: --out generated: generated/alpha is {what}, not a generated"
            " package: remove it, or choose another --out; nothing was written\n"
        )
    assert tree_diff(before, snapshot(tmp_path)) == []
    assert sorted(os.listdir(tmp_path / "generated")) == ["alpha"]
    assert is_generated_package(tmp_path / "elsewhere")


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_an_output_folder_that_cannot_be_made_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    # /proc refuses new folders even to root, whom permissions would not stop.
    _project(tmp_path, "alpha")
    result = botspec("generate", "--out", "/proc/botspec-out", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("botspec: error: cannot write to /proc/botspec-out: ")
    assert result.stderr.endswith("; nothing in /proc/botspec-out was changed\n")


@pytest.mark.parametrize("umask", [0o022, 0o002])
def test_a_generated_package_has_the_modes_the_umask_gives(tmp_path: Path, umask: int) -> None:
    # Not mkdtemp's 0700: a package generated in a container build is imported by others.
    _project(tmp_path, "alpha")
    result = botspec("generate", cwd=tmp_path, umask=umask)
    assert result.returncode == 0, result.stdout + result.stderr
    package = tmp_path / "generated" / "alpha"
    assert oct(stat.S_IMODE(package.stat().st_mode)) == oct(0o777 & ~umask)
    assert {oct(stat.S_IMODE(p.stat().st_mode)) for p in package.iterdir()} == {oct(0o666 & ~umask)}


def test_check_lists_a_generated_file_that_is_not_utf8_as_stale(tmp_path: Path) -> None:
    _project(tmp_path, "alpha")
    assert botspec("generate", cwd=tmp_path).returncode == 0
    client = tmp_path / "generated" / "alpha" / "_client.py"
    client.write_bytes(client.read_bytes().replace(b'"""', b'"""\xff', 1))
    before = snapshot(tmp_path / "generated")
    result = botspec("generate", "--check", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.startswith(
        "generated/alpha/_client.py: not UTF-8 text (byte 0xff at offset 3)\n"
        "--- generated/alpha/_client.py (on disk)\n"
    )
    assert "1 generated file(s) are stale" in result.stderr
    assert tree_diff(before, snapshot(tmp_path / "generated")) == []


def _put(kind: str, path: Path, elsewhere: Path) -> None:
    """A `kind` thing at `path`: a folder, a file, or a symlink to folder `elsewhere`."""
    if kind == "folder":
        path.mkdir()
        (path / "a.py").write_text("x = 0\n", encoding="utf-8")
    elif kind == "file":
        path.write_text("x = 0\n", encoding="utf-8")
    else:
        elsewhere.mkdir()
        (elsewhere / "a.py").write_text("x = 0\n", encoding="utf-8")
        path.symlink_to(elsewhere, target_is_directory=True)


@pytest.mark.parametrize("kind", ["folder", "file", "symlink"])
def test_a_previous_package_left_aside_by_an_interrupted_run_does_not_stop_the_next(
    tmp_path: Path, kind: str
) -> None:
    # A run killed between moving the old package aside and removing it leaves `.pkg.old`.
    out = tmp_path / "out"
    write({"pkg": {"a.py": "x = 1\n"}}, out)
    _put(kind, out / ".pkg.old", tmp_path / "elsewhere")
    write({"pkg": {"a.py": "x = 2\n"}}, out)
    assert snapshot(out) == {"pkg/a.py": b"x = 2\n"}
    assert sorted(os.listdir(out)) == ["pkg"]
    assert snapshot(tmp_path / "elsewhere") == ({"a.py": b"x = 0\n"} if kind == "symlink" else {})


@pytest.mark.parametrize("kind", ["file", "symlink"])
def test_write_in_place_of_a_file_or_symlink_leaves_nothing_aside(
    tmp_path: Path, kind: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    _put(kind, out / "pkg", tmp_path / "elsewhere")
    write({"pkg": {"a.py": "x = 1\n"}}, out)
    assert sorted(os.listdir(out)) == ["pkg"]
    assert snapshot(out) == {"pkg/a.py": b"x = 1\n"}
    assert snapshot(tmp_path / "elsewhere") == ({"a.py": b"x = 0\n"} if kind == "symlink" else {})


# Run as `python -c`: the command line, sent SIGTERM by itself once it has written 3 files.
_KILLED_WHILE_WRITING = """
import os, signal, sys
from generator.cli import main

written = []
fsync = os.fsync


def fsync_then_sigterm(fd):
    fsync(fd)
    written.append(fd)
    if len(written) == 3:
        os.kill(os.getpid(), signal.SIGTERM)


os.fsync = fsync_then_sigterm
sys.exit(main(sys.argv[1:]))
"""


def test_sigterm_while_writing_exits_143_and_leaves_the_output_folder_as_it_was(
    tmp_path: Path,
) -> None:
    _project(tmp_path, "alpha", "beta")
    assert botspec("generate", cwd=tmp_path).returncode == 0
    before = snapshot(tmp_path / "generated")
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_WHILE_WRITING, "generate"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert (killed.returncode, killed.stdout, killed.stderr) == (143, "", "")
    assert sorted(os.listdir(tmp_path / "generated")) == ["alpha", "beta"]
    assert tree_diff(before, snapshot(tmp_path / "generated")) == []


# Run as `python -c`: the command line, sending itself the signal named by its first
# argument once, from the parent's side of forking its first worker process: what a
# Ctrl-C or SIGTERM landing at that moment runs into.
_SIGNALLED_WHILE_FORKING = """
import os, signal, sys
from generator.cli import main

signum = getattr(signal, sys.argv[1])
sent = []


def signal_once():
    if not sent:
        sent.append(signum)
        os.kill(os.getpid(), signum)


os.register_at_fork(after_in_parent=signal_once)
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forking workers needs Linux")
@pytest.mark.parametrize(("signame", "code"), [("SIGINT", 130), ("SIGTERM", 143)])
def test_a_signal_while_forking_a_worker_stops_the_run_and_leaves_the_output_as_it_was(
    tmp_path: Path, signame: str, code: int
) -> None:
    _project(tmp_path, "alpha", "beta")
    assert botspec("generate", cwd=tmp_path).returncode == 0
    before = snapshot(tmp_path / "generated")
    (tmp_path / "specs" / "beta" / "openapi.yaml").write_text(
        (SPEC / "openapi.yaml").read_text(encoding="utf-8").replace("title:", "title: Renamed")
    )
    signalled = subprocess.run(
        [sys.executable, "-c", _SIGNALLED_WHILE_FORKING, signame, "generate", "--no-cache"],
        cwd=tmp_path,
        env={**os.environ, "BOTSPEC_JOBS": "2"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert (signalled.returncode, signalled.stdout, signalled.stderr) == (code, "", "")
    assert sorted(os.listdir(tmp_path / "generated")) == ["alpha", "beta"]
    assert tree_diff(before, snapshot(tmp_path / "generated")) == []


# Run as `python -c`, as `python -m generator` runs: the command line, sending itself the
# signal named by its first argument once, at the moment named by its second: as it starts
# importing botspec's stages, or as it starts reading its arguments.
_SIGNALLED_WHILE_STARTING = """
import argparse, os, runpy, signal, sys

signum, moment = getattr(signal, sys.argv[1]), sys.argv[2]
sent = []


def signal_once():
    if not sent:
        sent.append(signum)
        os.kill(os.getpid(), signum)


class SignalOnFirstStage:
    def find_spec(self, name, path=None, target=None):
        if name.startswith("generator.") and name not in ("generator.cli", "generator.__main__"):
            signal_once()
        return None


if moment == "import":
    sys.meta_path.insert(0, SignalOnFirstStage())
else:
    parse = argparse.ArgumentParser.parse_known_args

    def parse_known_args(*args, **kwargs):
        signal_once()
        return parse(*args, **kwargs)

    argparse.ArgumentParser.parse_known_args = parse_known_args
sys.argv = ["botspec", *sys.argv[3:]]
runpy.run_module("generator", run_name="__main__", alter_sys=True)
"""


@pytest.mark.parametrize("moment", ["import", "parse"])
@pytest.mark.parametrize(("signame", "code"), [("SIGINT", 130), ("SIGTERM", 143)])
def test_a_signal_while_starting_up_exits_130_or_143_without_a_traceback(
    tmp_path: Path, signame: str, code: int, moment: str
) -> None:
    _project(tmp_path, "alpha")
    signalled = subprocess.run(
        [sys.executable, "-c", _SIGNALLED_WHILE_STARTING, signame, moment, "generate"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert (signalled.returncode, signalled.stdout, signalled.stderr) == (code, "", "")
    assert not (tmp_path / "generated").exists()


def test_generate_removes_what_a_killed_run_left_and_check_lists_it(tmp_path: Path) -> None:
    _project(tmp_path, "alpha")
    assert botspec("generate", cwd=tmp_path).returncode == 0
    out = tmp_path / "generated"
    shutil.copytree(out / "alpha", out / ".alpha.old")  # set aside
    (out / ".alpha.k2_x9q0z").mkdir()  # staged, in part
    shutil.copy(out / "alpha" / "_models.py", out / ".alpha.k2_x9q0z")
    (out / ".alpha.snapshot").mkdir()  # named alike, but holds a file no package has
    (out / ".alpha.snapshot" / "notes.txt").write_text("mine\n", encoding="utf-8")
    check = botspec("generate", "--check", cwd=tmp_path)
    assert check.returncode == 1, check.stdout + check.stderr
    assert check.stdout.splitlines() == [
        f"generated/{name}: left by a botspec run killed while writing (generation removes it)"
        for name in (".alpha.k2_x9q0z", ".alpha.old")
    ]
    result = botspec("generate", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(os.listdir(out)) == [".alpha.snapshot", "alpha"]
    check = botspec("generate", "--check", cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr


def test_check_reads_a_file_checked_out_with_crlf_line_ends_as_up_to_date(tmp_path: Path) -> None:
    # git's core.autocrlf gives Windows checkouts CRLF line ends: the text is the same.
    files = {"pkg": {"a.py": "x = 1\ny = 2\n"}}
    write(files, tmp_path)
    (tmp_path / "pkg" / "a.py").write_bytes(b"x = 1\r\ny = 2\r\n")
    assert write(files, tmp_path, check=True) == []
    (tmp_path / "pkg" / "a.py").write_bytes(b"x = 1\r\ny = 3\r\n")
    assert [stale.path.name for stale in write(files, tmp_path, check=True)] == ["a.py"]


def test_check_shows_a_long_difference_cut_short_saying_how_much_is_left_out(
    tmp_path: Path,
) -> None:
    files = {"pkg": {"a.py": "".join(f"x{i} = {i}\n" for i in range(100))}}
    write(files, tmp_path)
    (tmp_path / "pkg" / "a.py").write_text("".join(f"y{i} = {i}\n" for i in range(100)), "utf-8")
    [stale] = write(files, tmp_path, check=True)
    *shown, last = stale.diff.splitlines()
    # 203 lines in all: the two file names, one hunk header, a hundred removed, a hundred added.
    assert (len(shown), last) == (40, "... (163 more diff lines)")
    assert shown[:3] == [
        f"--- {stale.path} (on disk)",
        f"+++ {stale.path} (generated)",
        "@@ -1,100 +1,100 @@",
    ]


# -- two runs writing one output folder at once --------------------------------------------

_RACED_FILES = {f"m{i}.py": f"x = {i}\n" for i in range(8)}


def _note_b_at_the_lock(monkeypatch: pytest.MonkeyPatch, b_came: threading.Event) -> None:
    """Set `b_came` when the thread named B comes to the output folder's lock."""
    import fcntl

    real_flock = fcntl.flock

    def flock(fd: int, operation: int) -> None:
        if threading.current_thread().name == "B":
            b_came.set()  # and now waits for A's lock, if it is held
        real_flock(fd, operation)

    monkeypatch.setattr(fcntl, "flock", flock)


def _write_in_two_runs(
    packages: dict[str, dict[str, str]],
    out: Path,
    a_waits: threading.Event,
    errors: dict[str, list[str]],
) -> None:
    """`write(packages, out)` in threads A and B, B started once A waits (`a_waits` set);
    each run's OSError kept in `errors`."""

    def writes(run: str) -> None:
        try:
            write(packages, out)
        except OSError as exc:
            errors[run].append(repr(exc))

    a = threading.Thread(target=writes, args=("A",), name="A")
    b = threading.Thread(target=writes, args=("B",), name="B")
    a.start()
    assert a_waits.wait(60)
    b.start()
    for thread in (a, b):
        thread.join(60)
        assert not thread.is_alive()


def test_two_runs_writing_one_output_folder_at_once_both_succeed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run A moves its first package aside, and stays in that window until run B, started
    then, has come as far as it can: to the output folder's lock (A then goes on, and B swaps
    after it) or, were there no lock, through a swap of its own, inside A's window. Both
    runs must succeed, leaving the packages whole."""
    out = tmp_path / "out"
    write({"one": {"old.py": "x = 0\n"}, "two": {"old.py": "x = 0\n"}}, out)
    real_replace = os.replace
    a_aside, b_came = threading.Event(), threading.Event()
    errors: dict[str, list[str]] = {"A": [], "B": []}

    def replace(source: Any, target: Any) -> None:
        real_replace(source, target)
        run = threading.current_thread().name
        if run == "B":
            b_came.set()
        elif run == "A" and not a_aside.is_set():  # A's old `one` is aside: the window
            a_aside.set()
            if not b_came.wait(60):  # a bound only: B gets there at once
                errors["A"].append("B never came to the lock or a swap")

    monkeypatch.setattr(os, "replace", replace)
    _note_b_at_the_lock(monkeypatch, b_came)
    _write_in_two_runs({"one": _RACED_FILES, "two": _RACED_FILES}, out, a_aside, errors)
    assert b_came.is_set()
    assert errors == {"A": [], "B": []}
    assert sorted(p.name for p in out.iterdir()) == ["one", "two"]
    assert snapshot(out / "one") == {k: v.encode() for k, v in _RACED_FILES.items()}
    assert snapshot(out / "two") == {k: v.encode() for k, v in _RACED_FILES.items()}


def test_a_run_takes_no_staging_folder_of_another_run_writing_for_a_killed_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run A has staged part of its package, and waits there until run B, started then,
    has come as far as it can: to the output folder's lock, or, were A's staging not under
    it, past it and through its removal of what killed runs left. Both runs must succeed."""
    out = tmp_path / "out"
    out.mkdir()
    real_fsync = os.fsync
    a_staging, b_came = threading.Event(), threading.Event()
    errors: dict[str, list[str]] = {"A": [], "B": []}

    def fsync(fd: int) -> None:
        real_fsync(fd)
        if threading.current_thread().name == "A" and not a_staging.is_set():
            a_staging.set()
            if not b_came.wait(60):  # a bound only: B gets there at once
                errors["A"].append("B never came to the lock")

    monkeypatch.setattr(os, "fsync", fsync)
    _note_b_at_the_lock(monkeypatch, b_came)
    _write_in_two_runs({"one": _RACED_FILES}, out, a_staging, errors)
    assert errors == {"A": [], "B": []}
    assert sorted(os.listdir(out)) == ["one"]
    assert snapshot(out / "one") == {k: v.encode() for k, v in _RACED_FILES.items()}


def test_version_prints_the_installed_botspec_version(tmp_path: Path) -> None:
    from importlib.metadata import version

    done = botspec("--version", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, f"botspec {version('botspec')}\n")
