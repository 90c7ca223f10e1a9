"""The project's own promises: README's set-up commands and what CI runs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _setup_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.S)]


def test_readme_gives_exactly_two_setup_commands_one_generating_one_testing() -> None:
    commands = _setup_commands()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands), "each set-up command is one line"
    assert commands[0].endswith("botspec generate")
    assert "pytest" in commands[1] and "ruff check" in commands[1] and "mypy" in commands[1]


def test_ci_runs_the_readme_test_command_word_for_word() -> None:
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert _setup_commands()[1] in ci.splitlines()


def test_top_level_layout_is_the_agreed_one() -> None:
    for name in (
        "pyproject.toml",
        "README.md",
        "specs",
        "generator",
        "templates",
        "generated",
        "tests",
        "bench",
        ".ci/run",
    ):
        assert (ROOT / name).exists(), name


def test_no_generator_or_template_file_names_a_platform() -> None:
    # What differs between platforms is declared in the specs, never in the generator.
    platform = re.compile(r"qq|kook|lanying", re.IGNORECASE)
    sources = [
        path
        for folder in ("generator", "templates")
        for path in sorted((ROOT / folder).rglob("*"))
        if path.suffix in {".py", ".jinja"} and "node_modules" not in path.parts
    ]
    assert len(sources) > 30
    named = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sources
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if platform.search(line)
    ]
    assert named == []


def test_stages_use_each_others_public_names_only() -> None:
    # A stage's private modules (`_name.py`) are its own: others go through its __init__.
    private = re.compile(r"^\s*(?:from|import) generator\.(\w+)\._\w+", re.MULTILINE)
    found = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        own = path.relative_to(ROOT / "generator").parts[0]
        for stage in private.findall(path.read_text(encoding="utf-8")):
            if stage != own:
                found.append(f"{path.relative_to(ROOT)} imports generator.{stage}'s private module")
    assert found == []


# Phrases that describe the transcription, not the API: they belong in x-transcription-note.
_TRANSCRIPTION_TALK = re.compile(
    r"\b\d{3}_[0-9a-f]{16}\.txt\b|\brevision \d{3}\b|the document gives|field table|"
    r"Maintenance status",
    re.IGNORECASE,
)


def _user_facing_texts(node: object, where: str) -> list[tuple[str, str]]:
    """(place, text) of every description and summary in a parsed spec document."""
    found: list[tuple[str, str]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("description", "summary") and isinstance(value, str):
                found.append((f"{where}/{key}", value))
            elif not str(key).startswith("x-") and key != "info":
                found += _user_facing_texts(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found += _user_facing_texts(item, f"{where}/{index}")
    return found


def test_spec_text_shown_to_users_never_talks_about_the_transcription() -> None:
    import yaml

    talk = [
        f"{spec.relative_to(ROOT)}:{place}: {match.group(0)!r}"
        for spec in sorted((ROOT / "specs").glob("*/*.yaml"))
        for place, text in _user_facing_texts(yaml.safe_load(spec.read_text()), "")
        if (match := _TRANSCRIPTION_TALK.search(text))
    ]
    assert talk == []


def test_pyproject_lists_every_stage_folder_as_a_package() -> None:
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    folders = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "generator").rglob("__init__.py")
    }
    assert listed == folders | {"generator.schemas", "generator.templates"}


def test_a_regular_install_generates_from_its_own_templates_and_schemas(tmp_path: Path) -> None:
    """What `pip install .` puts in site-packages (setuptools' build_py, offline) generates,
    from outside the repository, the same bytes as the repository: the templates and the
    AsyncAPI schemas ship inside the package; pyright, beside those schemas, does not."""
    build = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-c", "import setuptools; setuptools.setup()", "-q", "build_py",
         "--build-lib", str(build)],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    package = build / "generator"
    assert (package / "templates/_base_client.py").is_file()
    assert (package / "schemas/node_modules/@asyncapi/specs/schemas/3.0.0.json").is_file()
    assert not (package / "schemas/node_modules/pyright").exists()
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(build), "BOTSPEC_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("BOTSPEC_ASYNCAPI_SCHEMAS", None)
    code = "import generator.render._render as r; print(r.TEMPLATE_DIR)"
    shown = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, check=True, capture_output=True
    )
    assert shown.stdout.decode().strip() == str(package / "templates")
    specs = [str(ROOT / "specs" / name) for name in ("kook", "qqbot")]
    subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--no-cache", "--out", str(out), *specs],
        cwd=tmp_path, env=env, check=True, capture_output=True,
    )  # fmt: skip
    for name in ("kook", "qqbot"):
        made = _files(out / name)
        assert made == _files(ROOT / "generated" / name)
        for path in made:
            assert (out / name / path).read_bytes() == (
                ROOT / "generated" / name / path
            ).read_bytes()


def _files(folder: Path) -> list[Path]:
    return sorted(
        p.relative_to(folder)
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )
