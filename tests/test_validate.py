"""`botspec validate`: broken documents are reported where they are broken, valid ones pass.

Every file directly in tests/specs/broken/ is one case. It declares what it must produce in
leading comment lines (or, when it cannot hold comments, in a sidecar `<name>.expect`):

    # expect: 12: paths./a.get.parameters[0]: 'in' is a required property
    # expect: parts/shared.yaml:3: components.schemas.A: message substring

that is `[FILE:]LINE: POINTER: MESSAGE-SUBSTRING`, FILE relative to the case's folder (default:
the case itself) and POINTER empty for a problem about the whole file. Files in subfolders
(broken/parts/) are shared parts that cases reference, not cases.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import socket
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from generator.cli import SPEC_SUFFIXES, spec_files
from generator.load import load
from generator.problems import Pointer, Problem, format_pointer
from generator.validate import validate

RunBotspec = Callable[..., subprocess.CompletedProcess[str]]

REPO_ROOT = Path(__file__).resolve().parent.parent
SPEC_TREE = REPO_ROOT / "tests" / "specs"
BROKEN = SPEC_TREE / "broken"
VALID = SPEC_TREE / "valid"
REAL_SPECS = REPO_ROOT / "specs"
EXPECTED_REAL_SPECS = (
    "specs/qqbot/openapi.yaml",
    "specs/qqbot/asyncapi.yaml",
    "specs/kook/openapi.yaml",
    "specs/lanying/openapi.yaml",
)
# A few cases also run through the real command line, one process each.
CLI_CASES = (
    "yaml_unclosed_bracket.yaml",
    "duplicate_key_nested.yaml",
    "not_utf8.yaml",
    "json_malformed.json",
    "paths_is_list.yaml",
    "path_parameter_not_declared.yaml",
    "asyncapi3_message_example_mismatch.yaml",
    "example_in_shared_part_mismatch.yaml",
    "asyncapi3_example_places_mismatch.yaml",
    "asyncapi3_example_schema_unusable.yaml",
)
# One line of `botspec validate` output: `file:line: [pointer: ]message`.
PROBLEM_LINE = re.compile(r"^[^:]+:\d+: ")
_OUTPUT_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<text>.*)$")
_EXPECT_LINE = re.compile(
    r"^(?:(?P<file>[^:]+):)?(?P<line>\d+): (?P<pointer>\S*): (?P<message>.+)$"
)


@dataclass(frozen=True)
class Expected:
    """One problem a broken case must produce."""

    file: Path
    line: int
    pointer: str
    message: str

    def matches(self, problem: Problem) -> bool:
        return (
            Path(problem.file).resolve() == self.file
            and problem.line == self.line
            and format_pointer(problem.pointer) == self.pointer
            and self.message in problem.message
        )

    def matches_output(self, line: str) -> bool:
        """Whether `line` of the command's output (run from the repository root) is this problem."""
        parsed = _OUTPUT_LINE.match(line)
        if not parsed or (REPO_ROOT / parsed["file"]).resolve() != self.file:
            return False
        if int(parsed["line"]) != self.line:
            return False
        text = parsed["text"]
        if self.pointer:
            prefix = f"{self.pointer}: "
            return text.startswith(prefix) and self.message in text[len(prefix) :]
        return self.message in text

    def __str__(self) -> str:
        return f"{self.file.name}:{self.line}: {self.pointer}: ...{self.message}..."


def broken_cases() -> list[Path]:
    return sorted(
        path for path in BROKEN.iterdir() if path.is_file() and path.suffix in SPEC_SUFFIXES
    )


def expectations(case: Path) -> list[Expected]:
    sidecar = case.with_suffix(".expect")
    if sidecar.exists():
        lines = [
            line
            for line in sidecar.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        ]
    else:
        lines = []
        for line in case.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                break
            if line.startswith("# expect: "):
                lines.append(line.removeprefix("# expect: "))
    expected = []
    for line in lines:
        parsed = _EXPECT_LINE.match(line)
        assert parsed, f"{case.name}: malformed expect line {line!r}"
        file = (case.parent / parsed["file"]).resolve() if parsed["file"] else case.resolve()
        expected.append(Expected(file, int(parsed["line"]), parsed["pointer"], parsed["message"]))
    return expected


def snapshot(root: Path) -> dict[str, tuple[int, str]]:
    """Every path under `root` with its modification time and content hash."""
    return {
        str(path.relative_to(root)): (
            path.stat().st_mtime_ns,
            hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "",
        )
        for path in root.rglob("*")
    }


@pytest.fixture
def spec_tree_unchanged() -> Iterator[None]:
    """Fails the test if anything under tests/specs/ was created, changed or deleted."""
    before = snapshot(SPEC_TREE)
    yield
    assert snapshot(SPEC_TREE) == before, "validation wrote to tests/specs/"


def problems_of(*paths: Path) -> list[Problem]:
    return validate(load(paths))


def output_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return result.stdout.splitlines()


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result.stderr


# --- broken documents -------------------------------------------------------------------------


def test_there_are_enough_broken_cases() -> None:
    assert len(broken_cases()) >= 28


@pytest.mark.usefixtures("spec_tree_unchanged")
@pytest.mark.parametrize("case", broken_cases(), ids=lambda path: path.name)
def test_broken_spec_reports_each_expected_problem(case: Path) -> None:
    expected = expectations(case)
    assert expected, f"{case.name} declares no '# expect:' line (nor a sidecar .expect file)"
    problems = problems_of(case)
    reported = "\n".join(map(str, problems)) or "(nothing)"
    for item in expected:
        assert any(item.matches(p) for p in problems), f"missing {item}; reported:\n{reported}"


@pytest.mark.parametrize("case", broken_cases(), ids=lambda path: path.name)
def test_broken_spec_reports_no_unexpected_problem(case: Path) -> None:
    expected = expectations(case)
    unexpected = [p for p in problems_of(case) if not any(item.matches(p) for item in expected)]
    assert not unexpected, "\n".join(map(str, unexpected))


@pytest.mark.usefixtures("spec_tree_unchanged")
@pytest.mark.parametrize("name", CLI_CASES)
def test_cli_reports_broken_spec_and_exits_1(name: str, run_botspec: RunBotspec) -> None:
    case = BROKEN / name
    result = run_botspec("validate", str(case.relative_to(REPO_ROOT)))
    assert_no_traceback(result)
    assert result.returncode == 1, result.stderr
    lines = output_lines(result)
    for item in expectations(case):
        assert any(item.matches_output(line) for line in lines), f"missing {item}:\n{result.stdout}"


@pytest.mark.usefixtures("spec_tree_unchanged")
def test_cli_on_broken_folder_reports_every_case(run_botspec: RunBotspec) -> None:
    result = run_botspec("validate", str(BROKEN.relative_to(REPO_ROOT)))
    assert_no_traceback(result)
    assert result.returncode == 1, result.stderr
    lines = output_lines(result)
    missing = [
        str(item)
        for case in broken_cases()
        for item in expectations(case)
        if not any(item.matches_output(line) for line in lines)
    ]
    assert not missing, "\n".join(missing)


def test_cli_problem_lines_are_sorted_and_start_with_file_and_line(
    run_botspec: RunBotspec,
) -> None:
    result = run_botspec("validate", str(BROKEN.relative_to(REPO_ROOT)))
    lines = output_lines(result)
    assert lines
    for line in lines:
        assert PROBLEM_LINE.match(line), line
    positions = [(line.split(":")[0], int(line.split(":")[1])) for line in lines]
    assert positions == sorted(positions)
    assert len(set(lines)) == len(lines), "a problem is reported twice"


def test_document_referenced_by_another_document_is_still_checked(tmp_path: Path) -> None:
    (tmp_path / "openapi.yaml").write_text(
        "openapi: 3.1.0\n"
        "info: {title: t, version: '1'}\n"
        "paths:\n"
        "  /a:\n"
        "    get:\n"
        "      operationId: getA\n"
        "      responses: {'200': {description: ok}}\n"
        "components:\n"
        "  schemas:\n"
        "    User: {type: object}\n",
        encoding="utf-8",
    )
    (tmp_path / "asyncapi.yaml").write_text(
        "asyncapi: 3.0.0\n"
        "info: {title: t, version: '1'}\n"
        "components:\n"
        "  schemas:\n"
        "    User: {$ref: 'openapi.yaml#/components/schemas/User'}\n",
        encoding="utf-8",
    )
    problems = problems_of(*spec_files([tmp_path]))
    assert [(Path(p.file).name, p.line, p.message) for p in problems] == [
        ("openapi.yaml", 5, "operation has no summary")
    ]


# --- valid documents --------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXPECTED_REAL_SPECS)
def test_expected_real_spec_exists(name: str) -> None:
    assert (REPO_ROOT / name).is_file(), f"{name} is missing"


@pytest.mark.parametrize(
    "path",
    sorted(p for p in REAL_SPECS.rglob("*") if p.suffix in SPEC_SUFFIXES and p.is_file()),
    ids=lambda path: str(path.relative_to(REPO_ROOT)),
)
def test_real_spec_validates_cleanly(path: Path) -> None:
    problems = [p for p in real_spec_problems() if Path(p.file).resolve() == path.resolve()]
    assert not problems, "\n".join(map(str, problems))


@cache
def real_spec_problems() -> list[Problem]:
    """Everything under specs/ checked together, as `botspec validate` does (files of shared
    parts are checked through the documents that reference them)."""
    return problems_of(*spec_files([REAL_SPECS]))


def test_cli_validates_real_specs_by_default_and_exits_0(run_botspec: RunBotspec) -> None:
    result = run_botspec("validate")
    assert_no_traceback(result)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "document(s) valid" in result.stderr


def test_valid_examples_have_no_problem() -> None:
    specs = load(spec_files([VALID]))
    assert validate(specs) == []


def test_shared_parts_file_is_loaded_through_ref_but_not_checked_on_its_own() -> None:
    specs = load(spec_files([VALID]))
    common = (VALID / "common.yaml").resolve()
    assert common in specs.documents
    assert [doc.path.name for doc in specs.roots] == [
        "asyncapi.yaml",
        "openapi.yaml",
        "openapi30.json",
    ]


@pytest.mark.usefixtures("spec_tree_unchanged")
def test_cli_exits_0_on_valid_examples(run_botspec: RunBotspec) -> None:
    result = run_botspec("validate", str(VALID.relative_to(REPO_ROOT)))
    assert_no_traceback(result)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "not an OpenAPI" not in result.stderr
    assert "3 document(s) valid" in result.stderr


# --- usage errors -----------------------------------------------------------------------------


def test_cli_nonexistent_path_exits_2_with_message(run_botspec: RunBotspec) -> None:
    result = run_botspec("validate", "tests/specs/no-such-file.yaml")
    assert_no_traceback(result)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "botspec: error: no such file or folder: tests/specs/no-such-file.yaml" in result.stderr


def test_a_folder_is_searched_for_yaml_yml_and_json_files_and_nothing_else(
    tmp_path: Path,
) -> None:
    for name in ("a.yaml", "b.yml", "c.json", "notes.txt", "d.yaml.bak"):
        (tmp_path / "sub" / name).parent.mkdir(exist_ok=True)
        (tmp_path / "sub" / name).write_text("{}\n", encoding="utf-8")
    found = spec_files([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "sub/a.yaml",
        "sub/b.yml",
        "sub/c.json",
    ]


def test_cli_folder_without_spec_files_exits_2_with_message(
    run_botspec: RunBotspec, tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("not a spec\n", encoding="utf-8")
    result = run_botspec("validate", str(tmp_path))
    assert_no_traceback(result)
    assert result.returncode == 2
    assert "botspec: error: no spec files" in result.stderr


def test_cli_missing_asyncapi_schemas_exits_2_with_message(
    run_botspec: RunBotspec, tmp_path: Path
) -> None:
    result = run_botspec(
        "validate",
        str((VALID / "asyncapi.yaml").relative_to(REPO_ROOT)),
        env={"BOTSPEC_ASYNCAPI_SCHEMAS": str(tmp_path)},
    )
    assert_no_traceback(result)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "botspec: error: the AsyncAPI 3.0.0 JSON Schema is not installed" in result.stderr
    assert "BOTSPEC_ASYNCAPI_SCHEMAS" in result.stderr


# --- the fast path ----------------------------------------------------------------------------
# jsonschema-rs and a quick walk of the plain data tell when a document is valid; python
# jsonschema and openapi-spec-validator run only when they do not, for their messages.


def python_checks_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Validation without the fast path: every check by python jsonschema and
    openapi-spec-validator, as botspec did before it had one."""
    from generator.validate import _structure

    monkeypatch.setattr(_structure, "_openapi_fast_validator", lambda v31: None)
    monkeypatch.setattr(_structure, "_meta_validator", lambda v31: None)
    monkeypatch.setattr(_structure, "_asyncapi_fast_validator", lambda *args: None)


def problems_without_fast_path(*paths: Path) -> list[Problem]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        python_checks_only(monkeypatch)
        return problems_of(*paths)


@pytest.mark.parametrize(
    "paths",
    [[case] for case in broken_cases()] + [[VALID], [REAL_SPECS]],
    ids=lambda paths: str(
        paths[0].relative_to(SPEC_TREE if BROKEN in paths[0].parents else REPO_ROOT)
    ),
)
def test_fast_path_reports_what_python_checks_alone_report(paths: list[Path]) -> None:
    files = spec_files(paths)
    assert problems_of(*files) == problems_without_fast_path(*files)


def test_valid_documents_pass_the_fast_path_without_python_validation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from generator.validate import _structure

    def not_needed(*args: object) -> None:
        raise AssertionError("a valid document was checked by python jsonschema")

    for name in ("_openapi_python_validator", "asyncapi_validator", "_located_validator"):
        monkeypatch.setattr(_structure, name, not_needed)
    assert problems_of(*spec_files([VALID]), *spec_files([REAL_SPECS])) == []


def test_each_asyncapi_schema_is_walked_once_though_refs_lead_to_the_component_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A component schema walked from `components` was walked again where a payload's $ref
    # led to it (and checked against the meta-schema twice).
    from generator.validate import _examples

    walked: list[tuple[str, Pointer]] = []
    real = _examples._schema

    def counting(walk: Any, doc: Any, schema: Any, pointer: Pointer) -> Any:
        walked.append((doc.path.name, pointer))
        return real(walk, doc, schema, pointer)

    monkeypatch.setattr(_examples, "_schema", counting)
    specs = load(sorted((REAL_SPECS / "qqbot").glob("*.yaml")))
    assert validate(specs) == []
    assert any(pointer[:2] == ("components", "schemas") for _, pointer in walked)
    assert [place for place, n in Counter(walked).items() if n > 1] == []


def test_a_shared_file_is_parsed_once_per_validation_however_many_refs_lead_into_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Read again for every $ref, a shared file of N schemas cost O(N) parses: a 300-operation
    # document whose schemas were shared took over two minutes to validate. The semantic walk
    # follows $refs into the data the load stage parsed (1.3 s saved on a 2 MB shared file).
    from generator.load import _loader
    from generator.validate import _semantic

    parsed: list[Path] = []
    retrieved: list[str] = []
    real_parse, real_retrieve = _loader.parse, _semantic._retrieve

    def counting_parse(path: Path) -> Any:
        parsed.append(path)
        return real_parse(path)

    def counting_retrieve(uri: str) -> Any:
        retrieved.append(uri)
        return real_retrieve(uri)

    monkeypatch.setattr(_loader, "parse", counting_parse)
    monkeypatch.setattr(_semantic, "_retrieve", counting_retrieve)
    document = VALID / "openapi.yaml"
    assert document.read_text(encoding="utf-8").count("common.yaml#/") >= 5
    assert problems_of(document) == []
    assert parsed.count((VALID / "common.yaml").resolve()) == 1
    assert retrieved == []


def test_a_shared_file_openapi_spec_validator_reads_otherwise_is_judged_as_it_reads_it(
    tmp_path: Path,
) -> None:
    # jsonschema-path reads a plain 1e3 as a number, the load stage (YAML 1.1) as a string: the
    # semantic walk cannot take the load stage's data for that file, or it answers clean.
    text = _SCHEMA_THROUGH_REF.replace("{target}", "shared.yaml#/Limit")
    (tmp_path / "openapi.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "shared.yaml").write_text("Limit:\n  type: string\n  default: 1e3\n")
    problems = problems_of(tmp_path / "openapi.yaml")
    assert [(p.line, p.message) for p in problems] == [(3, "1000.0 is not of type 'string'")]
    assert problems == problems_without_fast_path(tmp_path / "openapi.yaml")


def test_invalid_document_fails_the_fast_path_and_gets_python_jsonschemas_message() -> None:
    from generator.validate import _structure

    case = BROKEN / "parameter_missing_in.yaml"
    document = load([case]).roots[0]
    fast = _structure._openapi_fast_validator(True)
    assert fast is not None
    assert not fast.is_valid(document.data)
    assert [(p.line, format_pointer(p.pointer), p.message) for p in problems_of(case)] == [
        (13, "paths./a.get.parameters[0]", "'in' is a required property")
    ]


# Documents on which jsonschema-rs, asked plainly, answers otherwise than python jsonschema.
DISAGREEING_DOCUMENTS = {
    # Python's \w matches the key (the message is checked), Rust's ASCII \w does not.
    "non_ascii_key.yaml": (
        "asyncapi: 3.0.0\n"
        "info: {title: t, version: '1'}\n"
        "components:\n"
        "  messages:\n"
        "    群消息: 5\n",
        [(5, "components.messages.群消息", "5 is not of type 'object'")],
    ),
    # Python's $ accepts a final newline: bearer, so a bearerFormat is allowed.
    "pattern_and_final_newline.yaml": (
        "openapi: 3.1.0\n"
        "info: {title: t, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  securitySchemes:\n"
        '    token: {type: http, scheme: "bearer\\n", bearerFormat: JWT}\n',
        # Valid OpenAPI either way; botspec's own rule then refuses the line break.
        [
            (
                6,
                "components.securitySchemes.token.scheme",
                "authentication scheme 'bearer\\n' is not an HTTP token "
                "(letters, digits and !#$%&'*+-.^_`|~ only)",
            )
        ],
    ),
    # The AsyncAPI schema's own copy of the draft-07 meta-schema wants a non-empty enum;
    # jsonschema-rs would use its built-in one.
    "asyncapi_meta_schema_copy.yaml": (
        "asyncapi: 2.6.0\n"
        "info: {title: t, version: '1'}\n"
        "channels:\n"
        "  events:\n"
        "    subscribe:\n"
        "      operationId: onEvent\n"
        "      summary: Receive events\n"
        "      message:\n"
        "        payload: {type: object, enum: []}\n",
        [(9, "channels.events.subscribe.message.payload.enum", "[] should be non-empty")],
    ),
}


@pytest.mark.parametrize("name", sorted(DISAGREEING_DOCUMENTS))
def test_fast_path_answers_as_python_jsonschema_where_jsonschema_rs_alone_would_not(
    name: str, tmp_path: Path
) -> None:
    text, expected = DISAGREEING_DOCUMENTS[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    problems = problems_of(path)
    assert [(p.line, format_pointer(p.pointer), p.message) for p in problems] == expected
    assert problems == problems_without_fast_path(path)


def test_semantic_fast_path_mirrors_openapi_spec_validator_constants() -> None:
    """The fast semantic walk copies two values of openapi-spec-validator instead of importing
    it (an import costs ~0.3 s); a library upgrade that changes them must fail here."""
    from openapi_spec_validator.validation.keywords import (
        OpenAPIV30ValueValidator,
        OpenAPIV31ValueValidator,
        PathValidator,
    )

    from generator.validate import _semantic

    assert tuple(PathValidator.OPERATIONS) == _semantic._OPERATIONS
    for v31, library in ((True, OpenAPIV31ValueValidator), (False, OpenAPIV30ValueValidator)):
        assert _semantic._value_validator(v31) == (
            library.value_validator_cls,
            library.value_validator_format_checker,
        )


UNSUPPORTED = SPEC_TREE / "generality" / "unsupported"


@pytest.mark.parametrize(
    "case", ["schema_prefix_items.yaml", "discriminator_on_inherited_base.yaml"]
)
def test_validate_reports_what_generate_would_refuse_in_a_package_folder(
    tmp_path: Path, run_botspec: RunBotspec, case: str
) -> None:
    # Valid OpenAPI, outside the subset: only the model stage knows, and validate runs it.
    package = tmp_path / "pkg"
    package.mkdir()
    shutil.copy(UNSUPPORTED / case, package / "openapi.yaml")
    expected = (UNSUPPORTED / case).read_text(encoding="utf-8").split("# expect: ")[1]
    line, pointer = expected.split(": ")[:2]
    result = run_botspec("validate", str(package))
    assert_no_traceback(result)
    assert result.returncode == 1, result.stdout + result.stderr
    [problem] = output_lines(result)
    assert f"pkg/openapi.yaml:{line}: {pointer}: " in problem, problem
    assert "1 problem(s) in 1 of 1 document(s)" in result.stderr


def test_validate_reports_a_model_problem_of_one_package_beside_a_broken_document_of_another(
    tmp_path: Path, run_botspec: RunBotspec
) -> None:
    # The model stage needs valid documents: it runs for each package whose own are.
    case = "schema_prefix_items.yaml"
    for name in ("alpha", "beta"):
        (tmp_path / name).mkdir()
        shutil.copy(UNSUPPORTED / case, tmp_path / name / "openapi.yaml")
    broken = tmp_path / "alpha" / "openapi.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "x: [\n", encoding="utf-8")
    line = (UNSUPPORTED / case).read_text(encoding="utf-8").split("# expect: ")[1].split(":")[0]
    result = run_botspec("validate", str(tmp_path / "alpha"), str(tmp_path / "beta"))
    assert result.returncode == 1, result.stdout + result.stderr
    first, second = output_lines(result)
    assert "/alpha/openapi.yaml:" in first and "malformed YAML" in first, first
    assert f"/beta/openapi.yaml:{line}: " in second, second


def test_validate_skips_the_model_stage_for_a_folder_of_separate_cases(
    run_botspec: RunBotspec,
) -> None:
    # tests/specs/generality/unsupported holds one document per case: no package.
    result = run_botspec("validate", str(UNSUPPORTED.relative_to(REPO_ROOT)))
    assert result.returncode == 0, result.stdout + result.stderr


def test_validate_of_a_package_folder_with_a_subfolder_of_shared_parts_checks_the_package(
    tmp_path: Path, run_botspec: RunBotspec
) -> None:
    # `parts/` alone holds no document: it is no package to run the model stage on.
    package = tmp_path / "pkg"
    (package / "parts").mkdir(parents=True)
    text = (VALID / "openapi.yaml").read_text(encoding="utf-8")
    (package / "openapi.yaml").write_text(text.replace('"common.yaml#', '"parts/common.yaml#'))
    shutil.copy(VALID / "common.yaml", package / "parts" / "common.yaml")
    result = run_botspec("validate", str(package))
    assert_no_traceback(result)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == "1 document(s) valid\n"


@pytest.mark.parametrize(
    ("case", "line", "pointer", "pattern"),
    [
        (
            "asyncapi3_payload_pattern_not_a_regex.yaml",
            32,
            "components.messages.Ready.payload.properties.session_id.pattern",
            "[a-",
        ),
        (
            "asyncapi2_payload_pattern_not_a_regex.yaml",
            26,
            "components.schemas.Ready.properties.shard.items.pattern",
            "(unclosed",
        ),
    ],
)
def test_an_asyncapi_pattern_that_is_no_regular_expression_is_a_problem_without_an_example(
    case: str, line: int, pointer: str, pattern: str
) -> None:
    # No official AsyncAPI check reads a pattern and `generate` refuses it: the validate stage
    # says so where it is written, for the document alone (no model stage runs on a file).
    [problem] = problems_of(BROKEN / case)
    assert (problem.line, format_pointer(problem.pointer)) == (line, pointer), str(problem)
    assert problem.message == f"{pattern!r} is not a 'regex'"


def test_a_discriminator_tag_its_variants_pattern_refuses_is_a_problem_where_the_tag_is_given() -> (
    None
):
    # generate refuses the union (datamodel-code-generator warns): it decodes no such variant.
    case = BROKEN / "discriminator_tag_refused_by_its_pattern.yaml"
    found = {(p.line, format_pointer(p.pointer)): p.message for p in problems_of(case)}
    assert found.keys() == {
        (27, "components.schemas.Pet.oneOf[1]"),
        (31, "components.schemas.Pet.discriminator.mapping.dog"),
    }, found
    assert found[27, "components.schemas.Pet.oneOf[1]"].startswith(
        "discriminator 'kind' tags Cat with 'Cat', which its 'kind' property refuses"
    )


def test_a_discriminator_tag_outside_its_variants_const_is_no_problem(tmp_path: Path) -> None:
    # generate takes it (the models tag the variant with the const): only a pattern refuses.
    text = (BROKEN / "discriminator_tag_refused_by_its_pattern.yaml").read_text(encoding="utf-8")
    text = text.replace('pattern: "^[A-Z]"', "const: doggy").replace('pattern: "^c"', "enum: [c]")
    (tmp_path / "openapi.yaml").write_text(text, encoding="utf-8")
    assert problems_of(tmp_path / "openapi.yaml") == []


def _refusals(run: Callable[[], object]) -> list[str]:
    from generator.problems import SpecError

    try:
        run()
    except SpecError as exc:
        return [str(p) for p in exc.problems]
    return []


@pytest.mark.parametrize(
    "case",
    [*broken_cases(), *sorted(UNSUPPORTED.glob("*.yaml"))],
    ids=lambda path: f"{path.parent.name}/{path.name}",
)
def test_a_case_generate_refuses_in_a_package_folder_validate_refuses_too(
    tmp_path: Path, case: Path
) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    if b"parts/" in case.read_bytes():  # the shared parts some broken cases refer to
        shutil.copytree(case.parent / "parts", package / "parts")
    shutil.copy(case, package / case.name)
    _assert_validate_refuses_what_generate_refuses(package)


def _assert_validate_refuses_what_generate_refuses(package: Path) -> None:
    # As `botspec validate FOLDER` runs: the validate stage, then the model stage.
    from generator.cli import model_problems
    from generator.pipeline import generate_packages

    refused = _refusals(lambda: generate_packages([package], jobs=1))
    found = validate(load(spec_files([package]))) or model_problems([package])
    assert found or not refused, "generate refuses what validate accepts:\n" + "\n".join(refused)


@pytest.mark.parametrize(
    "case",
    [
        "parameter_of_any_value.yaml",
        "parameter_binary_string.yaml",
        "parameter_required_admitting_null.yaml",
    ],
)
def test_a_parameter_the_client_cannot_send_as_its_type_says_stops_generation(
    tmp_path: Path, case: str
) -> None:
    # Typed Any or bytes, a value went out as `{'a': 1}` or `b'x'`; typed `str | None`, a
    # required one refused None: no client is made.
    from generator.pipeline import generate_packages

    package = tmp_path / "pkg"
    package.mkdir()
    shutil.copy(BROKEN / case, package / "openapi.yaml")
    refused = _refusals(lambda: generate_packages([package], jobs=1))
    expected = [f"{e.line}: {e.pointer}: {e.message}" for e in expectations(BROKEN / case)]
    assert [problem.split(":", 1)[1].strip() for problem in refused] == expected


_ONE_SCHEMA = """openapi: 3.1.0
info: {title: One schema, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /n:
    get:
      operationId: getNode
      summary: Get the node
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Node"}
components:
  schemas:
    Node:
      type: object
      properties:
        name: {type: string}
"""


@pytest.mark.parametrize(
    "field",
    [
        "next: {$ref: '#/components/schemas/Node', default: {}}",  # a default without end
        "tag: {const: {a: 1}}",  # no Literal holds it
    ],
    ids=["endless_default", "const_object"],
)
def test_what_the_render_stage_refuses_in_the_models_validate_reports_too(
    tmp_path: Path, field: str
) -> None:
    from generator.cli import model_problems
    from generator.pipeline import generate_packages

    package = tmp_path / "pkg"
    package.mkdir()
    (package / "openapi.yaml").write_text(f"{_ONE_SCHEMA}        {field}\n", encoding="utf-8")
    refused = _refusals(lambda: generate_packages([package], jobs=1))
    assert refused, "the render stage refuses it"
    assert [str(p) for p in model_problems([package])] == refused


def test_a_folder_under_specs_with_two_documents_of_a_kind_is_refused_as_generate_refuses_it(
    tmp_path: Path,
) -> None:
    from gen_support import botspec

    package = tmp_path / "specs" / "pkg"
    package.mkdir(parents=True)
    (package / "a.yaml").write_text(_ONE_SCHEMA, encoding="utf-8")
    other = _ONE_SCHEMA.replace("getNode", "getOther").replace("/n:", "/m:")
    (package / "b.yaml").write_text(other, encoding="utf-8")
    refusal = "specs/pkg/b.yaml:1: package 'pkg' has more than one openapi document\n"
    assert botspec("generate", cwd=tmp_path).stdout == refusal
    done = botspec("validate", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, refusal)
    # Named, a folder of several documents of a kind is a collection of separate cases.
    assert botspec("validate", "specs/pkg", cwd=tmp_path).returncode == 0


def test_validate_makes_no_models_chunk_the_last_generation_made_and_keeps_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.model import build
    from generator.pipeline import CacheUse, check_models, generate_packages, spec_files_in
    from generator.render import _models

    package = tmp_path / "pkg"
    package.mkdir()
    (package / "openapi.yaml").write_text(_ONE_SCHEMA, encoding="utf-8")
    cache = CacheUse(tmp_path / "cache")
    generate_packages([package], jobs=1, cache=cache)
    kept = {p: p.read_bytes() for p in cache.folder.iterdir()} if cache.folder else {}
    made: list[tuple[str, ...]] = []
    real = _models.make_chunk

    def counting(chunk: _models.ModelsChunk) -> str:
        made.append(chunk.classes)
        return real(chunk)

    monkeypatch.setattr(_models, "make_chunk", counting)
    api = build(load(spec_files_in(package)), "pkg")
    check_models(api, CacheUse(cache.folder, keep=False))
    assert made == []  # all cached
    check_models(api, CacheUse(None))
    assert len(made) == 1  # without the cache, the one chunk is made
    assert kept and {p: p.read_bytes() for p in tmp_path.joinpath("cache").iterdir()} == kept


def test_a_request_body_of_nested_allof_is_no_traceback(tmp_path: Path) -> None:
    # `allOf: [{allOf: [{properties...}]}]` as a body: the model stage (run by both commands)
    # raised KeyError on the spread fields, the nested member's properties unnamed.
    body = "{allOf: [{allOf: [{type: object, properties: {a: {type: integer}}}]}]}"
    text = _ONE_SCHEMA.replace(
        "    get:\n",
        f"    post:\n      requestBody:\n        content:\n          application/json:\n"
        f"            schema: {body}\n",
    )
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "openapi.yaml").write_text(text, encoding="utf-8")
    _assert_validate_refuses_what_generate_refuses(package)


_SCHEMA_THROUGH_REF = """openapi: 3.1.0
info:
  title: A schema reached through a $ref
  version: "1"
paths:
  /a:
    get:
      operationId: getA
      summary: Get A
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                $ref: "{target}"
"""


def test_a_schema_problem_found_through_a_ref_is_located_where_the_schema_is_written(
    tmp_path: Path,
) -> None:
    text = _SCHEMA_THROUGH_REF.replace("{target}", "#/components/schemas/A")
    text += "components:\n  schemas:\n    A:\n      type: object\n      properties:\n"
    text += "        id:\n          type: strin\n"
    (tmp_path / "openapi.yaml").write_text(text, encoding="utf-8")
    [problem] = problems_of(tmp_path / "openapi.yaml")
    assert (Path(problem.file).name, problem.line) == ("openapi.yaml", 23)
    assert format_pointer(problem.pointer) == "components.schemas.A.properties.id.type"
    assert problem.message.startswith("'strin' is not one of ")


def test_a_schema_problem_in_a_shared_file_is_located_in_that_file(
    tmp_path: Path, run_botspec: RunBotspec
) -> None:
    text = _SCHEMA_THROUGH_REF.replace("{target}", "parts/shared.yaml#/A")
    (tmp_path / "openapi.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "parts").mkdir()
    shared = "A:\n  type: object\n  properties:\n    id:\n      type: strin\n"
    (tmp_path / "parts" / "shared.yaml").write_text(shared, encoding="utf-8")
    result = run_botspec("validate", str(tmp_path / "openapi.yaml"))
    assert result.returncode == 1, result.stdout + result.stderr
    [line] = output_lines(result)
    file, number, where, _ = line.split(":", 3)
    assert (REPO_ROOT / file).resolve() == tmp_path / "parts" / "shared.yaml"
    assert (number, where) == ("5", " A.properties.id.type")
    assert result.stderr == "1 problem(s) in 1 of 2 document(s)\n"


def test_a_shared_file_beside_a_document_that_does_not_parse_is_not_called_no_openapi_document(
    tmp_path: Path,
) -> None:
    # The document's $refs are unread, so its shared file looked like a stray root.
    text = _SCHEMA_THROUGH_REF.replace("{target}", "shared.yaml#/A")
    (tmp_path / "openapi.yaml").write_text(text + "  /b: [\n", encoding="utf-8")
    (tmp_path / "shared.yaml").write_text("A:\n  type: object\n", encoding="utf-8")
    [problem] = problems_of(*spec_files([tmp_path]))
    assert Path(problem.file).name == "openapi.yaml"
    assert problem.message.startswith("malformed YAML: "), str(problem)


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (
            "../common/error.yaml#/ErrorDetails",
            "no such file common/error.yaml (did you mean 'errors.yaml'?)",
        ),
        (
            "../common/errors.yaml#/ErrorDetail",
            "no 'ErrorDetail' in common/errors.yaml (did you mean 'ErrorDetails'?)",
        ),
    ],
    ids=["missing-file", "pointer-typo"],
)
def test_a_ref_leading_nowhere_says_which_file_or_key_is_missing_and_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str, message: str
) -> None:
    # The shared file a misspelt file name meant is no stray document either.
    (tmp_path / "alpha").mkdir()
    (tmp_path / "common").mkdir()
    text = _SCHEMA_THROUGH_REF.replace("{target}", target)
    (tmp_path / "alpha" / "openapi.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "common" / "errors.yaml").write_text(
        "ErrorDetails:\n  type: object\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    problems = problems_of(*spec_files([Path("alpha"), Path("common")]))
    assert [str(p) for p in problems] == [
        "alpha/openapi.yaml:16: paths./a.get.responses.200.content.application/json.schema.$ref:"
        f" $ref '{target}' does not resolve: {message}"
    ]


def test_an_example_in_a_shared_file_reached_by_several_references_is_checked_once(
    tmp_path: Path,
) -> None:
    from generator.validate import _examples

    # Thing is named from the document, from its own file, and through one of its subschemas.
    text = _SCHEMA_THROUGH_REF.replace("{target}", "parts.yaml#/Thing")
    text += (
        "    post:\n"
        "      operationId: postA\n"
        "      summary: Post A\n"
        "      parameters:\n"
        "        - {name: id, in: query, schema: {$ref: 'parts.yaml#/Thing/properties/id'}}\n"
        "      requestBody:\n"
        "        content: {application/json: {schema: {$ref: 'parts.yaml#/Pair'}}}\n"
        "      responses: {'204': {description: Done}}\n"
    )
    (tmp_path / "openapi.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "parts.yaml").write_text(
        "Thing:\n"
        "  type: object\n"
        "  properties:\n"
        "    id: {type: string, example: 5}\n"
        "  example: {id: 6}\n"
        "Pair:\n"
        "  type: object\n"
        "  properties:\n"
        "    first: {$ref: '#/Thing'}\n",
        encoding="utf-8",
    )
    specs = load([tmp_path / "openapi.yaml"])
    problems = _examples.check(specs.roots[0], specs)
    assert sorted((Path(p.file).name, p.line, format_pointer(p.pointer)) for p in problems) == [
        ("parts.yaml", 4, "Thing.properties.id.example"),
        ("parts.yaml", 5, "Thing.example.id"),
    ]


@pytest.mark.parametrize(
    "name", ["example_object_referenced_mismatch.yaml", "asyncapi3_example_places_mismatch.yaml"]
)
def test_an_example_reached_from_several_places_is_reported_once(name: str) -> None:
    # validate() drops identical problems; the walk itself must not report one example twice
    # (the Example Object Nameless is named three times, through two $refs to one schema).
    from generator.validate import _examples

    specs = load([BROKEN / name])
    problems = _examples.check(specs.roots[0], specs)
    places = Counter((p.file, format_pointer(p.pointer)) for p in problems)
    assert problems and all(count == 1 for count in places.values()), places


def test_a_message_example_whose_headers_merge_with_a_traits_is_not_held_to_either_alone(
    tmp_path: Path,
) -> None:
    # Traits merge into the message: its headers schema allows `b` only with the trait's. No
    # schema is written for the merged headers, so they are not checked (not wrongly refused).
    (tmp_path / "asyncapi.yaml").write_text(
        "asyncapi: 3.0.0\n"
        "info: {title: t, version: '1'}\n"
        "components:\n"
        "  messages:\n"
        "    M:\n"
        "      traits: [{$ref: '#/components/messageTraits/T'}]\n"
        "      headers:\n"
        "        {type: object, additionalProperties: false, properties: {a: {type: string}}}\n"
        "      examples: [{headers: {a: x, b: 1}}]\n"
        "  messageTraits:\n"
        "    T: {headers: {type: object, properties: {b: {type: integer}}}}\n",
        encoding="utf-8",
    )
    assert problems_of(tmp_path / "asyncapi.yaml") == []


def test_a_shared_schema_named_by_several_references_is_walked_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.validate import _examples

    walked: list[tuple[str, Pointer]] = []
    walk_schema = _examples._schema

    def counted(walk: Any, doc: Any, schema: Any, pointer: Pointer) -> Any:
        walked.append((doc.path.name, pointer))
        return walk_schema(walk, doc, schema, pointer)

    monkeypatch.setattr(_examples, "_schema", counted)
    # Two spellings of one target, and a reference back to it from its own file.
    text = _SCHEMA_THROUGH_REF.replace("{target}", "parts.yaml#/Thing")
    text = text.replace(
        "          content:",
        "          headers:\n"
        "            X-Thing: {schema: {$ref: './parts.yaml#/Thing'}}\n"
        "          content:",
    )
    (tmp_path / "openapi.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "parts.yaml").write_text(
        "Thing: {type: object, properties: {next: {$ref: '#/Thing'}}}\n", encoding="utf-8"
    )
    specs = load([tmp_path / "openapi.yaml"])
    assert _examples.check(specs.roots[0], specs) == []
    assert walked.count(("parts.yaml", ("Thing",))) == 1


def test_the_same_relative_ref_from_two_folders_leads_to_each_folders_own_file(
    tmp_path: Path,
) -> None:
    for folder, (value, line) in {"a": ("5", 5), "b": ("[6]", 6)}.items():
        (tmp_path / folder).mkdir()
        text = _SCHEMA_THROUGH_REF.replace("{target}", "parts.yaml#/Thing")
        (tmp_path / folder / "openapi.yaml").write_text(text, encoding="utf-8")
        parts = "Thing:\n  type: object\n  properties:\n    id: {type: string}\n"
        parts += "\n" * (line - 5) + f"  example: {{id: {value}}}\n"
        (tmp_path / folder / "parts.yaml").write_text(parts, encoding="utf-8")
    problems = problems_of(tmp_path / "a" / "openapi.yaml", tmp_path / "b" / "openapi.yaml")
    assert [(Path(p.file).parent.name, p.line, p.message) for p in problems] == [
        ("a", 5, "example does not match its schema: 5 is not of type 'string'"),
        ("b", 6, "example does not match its schema: [6] is not of type 'string'"),
    ]


# --- documents built to exhaust the loader ---------------------------------------------------


def _deep_json(depth: int) -> str:
    return '{"openapi": "3.1.0",\n"x-deep": ' + "[" * depth + "]" * depth + "}\n"


def _deep_yaml(depth: int) -> str:
    return "openapi: 3.1.0\nx-deep: " + "[" * depth + "]" * depth + "\n"


def _alias_bomb() -> str:
    """Seven lines whose aliases expand to over a million values: past the limit, yet so few
    that a loader without it fails this test in seconds (10**9 would exhaust the memory)."""
    lines = ["openapi: 3.1.0", "x-a0: &a0 [" + ", ".join(["x"] * 10) + "]"]
    lines += [f"x-a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 6)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("name", "text", "line", "message"),
    [
        ("openapi.json", _deep_json(100_000), 2, "nested more than 200 levels deep"),
        ("openapi.yaml", _deep_yaml(100_000), 2, "nested more than 200 levels deep"),
        ("openapi.yaml", _alias_bomb(), 2, "YAML aliases expand to more than"),
    ],
    ids=["json-nesting", "yaml-nesting", "yaml-alias-expansion"],
)
def test_a_document_built_to_exhaust_the_loader_is_a_problem_not_a_crash(
    tmp_path: Path, run_botspec: RunBotspec, name: str, text: str, line: int, message: str
) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = run_botspec("validate", str(tmp_path / name))
    assert_no_traceback(result)
    assert result.returncode == 1, result.stdout + result.stderr
    [problem] = output_lines(result)
    assert re.search(rf"{name}:{line}: (\S+: )?{message}", problem), problem


@pytest.mark.parametrize("deep", [_deep_json, _deep_yaml], ids=["json", "yaml"])
def test_nesting_one_level_past_the_limit_is_a_problem_and_at_the_limit_is_not(
    tmp_path: Path, deep: Callable[[int], str]
) -> None:
    # Too shallow for the pre-scan that guards libyaml's own stack: the loader's count decides.
    suffix = ".json" if deep is _deep_json else ".yaml"
    at_limit, past_it = tmp_path / f"at{suffix}", tmp_path / f"past{suffix}"
    at_limit.write_text(deep(200), encoding="utf-8")
    past_it.write_text(deep(201), encoding="utf-8")
    assert load([at_limit]).problems == []
    [problem] = load([past_it]).problems
    assert (problem.line, problem.message) == (2, "nested more than 200 levels deep")


# --- x- extensions of the wrong shape -----------------------------------------------------

_EXTENDED = """openapi: 3.1.0
info:
  title: Extensions of the wrong shape
  version: "1"
servers:
  - url: https://api.example.com
    x-name: {x_name}
x-envelope: {x_envelope}
x-rate-limit-headers:
  limit: {limit}
security:
  - Token: []
paths:
  /token:
    post:
      operationId: getToken
      summary: Get a token
      security: []
      responses:
        "200": {{description: Token, content: {{application/json: {{schema: {{$ref: "#/components/schemas/T"}}}}}}}}
      requestBody: {{content: {{application/json: {{schema: {{$ref: "#/components/schemas/R"}}}}}}}}
  /a:
    get:
      operationId: getA
      summary: Get A
      x-alias-of: {alias}
      responses:
        "204":
          description: Done.
components:
  securitySchemes:
    Token:
      type: http
      scheme: bearer
      x-credential: {credential}
      x-token-exchange:
        operationId: getToken
        credentials: {credentials}
  schemas:
    T: {{type: object, properties: {{access_token: {{type: string}}}}}}
    R: {{type: object, properties: {{appId: {{type: string}}}}}}
"""
_WELL_FORMED = {
    "x_name": "sandbox",
    "x_envelope": "{code: code, message: msg, data: data, success: [0]}",
    "limit": "X-Limit",
    "alias": "getToken",
    "credential": "token",
    "credentials": "{appId: app_id}",
}


@pytest.mark.parametrize(
    ("field", "value", "line", "problem"),
    [
        ("x_envelope", "[code]", 8, "x-envelope: x-envelope must be a mapping (of code, "),
        ("x_envelope", "{code: 5}", 8, "x-envelope.code: x-envelope.code must be a string"),
        ("x_envelope", "{sucess: [0]}", 8, "x-envelope.sucess: x-envelope has no key 'sucess'"),
        ("limit", "[X-Limit]", 10, "x-rate-limit-headers.limit: x-rate-limit-headers.limit must"),
        ("limit", "X Limit", 10, "x-rate-limit-headers.limit: header name 'X Limit' is not an"),
        ("x_name", "[sandbox]", 7, "servers[0].x-name: x-name must be a non-empty string"),
        ("alias", "{operationId: getToken}", 26, "paths./a.get.x-alias-of: x-alias-of must be"),
        (
            "credential",
            "[token]",
            35,
            "components.securitySchemes.Token.x-credential: x-credential",
        ),
        (
            "credentials",
            "[app_id]",
            38,
            "Token.x-token-exchange.credentials: x-token-exchange.cred",
        ),
    ],
)
def test_an_extension_of_the_wrong_shape_is_a_problem_where_it_is_written(
    tmp_path: Path, run_botspec: RunBotspec, field: str, value: str, line: int, problem: str
) -> None:
    (tmp_path / "openapi.yaml").write_text(
        _EXTENDED.format(**{**_WELL_FORMED, field: value}), encoding="utf-8"
    )
    result = run_botspec("validate", str(tmp_path))
    assert_no_traceback(result)
    assert result.returncode == 1, result.stdout + result.stderr
    [reported] = output_lines(result)
    assert f"openapi.yaml:{line}: " in reported and problem in reported, reported


def test_the_extensions_well_formed_are_valid(tmp_path: Path, run_botspec: RunBotspec) -> None:
    (tmp_path / "openapi.yaml").write_text(_EXTENDED.format(**_WELL_FORMED), encoding="utf-8")
    result = run_botspec("validate", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        ("x-close-codes", "[4009]", "x-close-codes must map close codes to"),
        ("x-intent", "[GROUP]", "x-intent must be a flag name"),
        ("x-role", "{role: hello}", "x-role must be a role name"),
        ("x-source-document", "[null]", "x-source-document must be a file name or a list"),
    ],
)
def test_an_event_extension_of_the_wrong_shape_is_a_problem_where_it_is_written(
    tmp_path: Path, run_botspec: RunBotspec, key: str, value: str, problem: str
) -> None:
    # QQ Bot's documents, one extension replaced: the first place it is written.
    for name in ("openapi.yaml", "asyncapi.yaml"):
        shutil.copy(REAL_SPECS / "qqbot" / name, tmp_path / name)
    events = tmp_path / "asyncapi.yaml"
    lines = events.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(i for i, text in enumerate(lines) if text.lstrip().startswith(f"{key}:"))
    indent = lines[line][: len(lines[line]) - len(lines[line].lstrip())]
    end = next(
        i
        for i in range(line + 1, len(lines))
        if lines[i].strip() and not lines[i].startswith(indent + " ")
    )
    lines[line:end] = [f"{indent}{key}: {value}\n"]
    events.write_text("".join(lines), encoding="utf-8")
    result = run_botspec("validate", str(tmp_path))
    assert_no_traceback(result)
    assert result.returncode == 1, result.stdout + result.stderr
    [reported] = output_lines(result)
    assert f"asyncapi.yaml:{line + 1}: " in reported and f".{key}: {problem}" in reported, reported


# --- x- extensions naming fields their schemas lack ----------------------------------------

_TOKEN_EXCHANGE = "components.securitySchemes.QQBotToken.x-token-exchange"


def _edited_real_spec(tmp_path: Path, package: str, old: str, new: str) -> Path:
    """specs/<package>/openapi.yaml with `old` (once in it) replaced by `new`."""
    text = (REAL_SPECS / package / "openapi.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "openapi.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


@pytest.mark.parametrize(
    ("package", "old", "new", "expected"),
    [
        (
            "qqbot",
            "appId: app_id",
            "appIdd: app_id",
            [
                (
                    "appIdd: app_id",
                    f"{_TOKEN_EXCHANGE}.credentials.appIdd",
                    "x-token-exchange credentials: the request body of getAppAccessToken has "
                    "no 'appIdd' field",
                ),
                (
                    "credentials:",
                    f"{_TOKEN_EXCHANGE}.credentials",
                    "x-token-exchange credentials: the request body of getAppAccessToken "
                    "requires 'appId', which no credential fills",
                ),
            ],
        ),
        (
            "qqbot",
            "        credentials:\n          appId: app_id\n          clientSecret: client_secret\n",
            "",
            [
                (
                    "x-token-exchange:",
                    _TOKEN_EXCHANGE,
                    "x-token-exchange credentials: the request body of getAppAccessToken "
                    "requires 'appId', 'clientSecret', which no credential fills",
                )
            ],
        ),
        (
            "qqbot",
            "token: access_token",
            "token: accesstoken",
            [
                (
                    "token: accesstoken",
                    f"{_TOKEN_EXCHANGE}.token",
                    "x-token-exchange token: the answer of getAppAccessToken has no "
                    "'accesstoken' field",
                )
            ],
        ),
        (
            "qqbot",
            "expires-in: expires_in",
            "expires-in: expiresin",
            [
                (
                    "expires-in: expiresin",
                    f"{_TOKEN_EXCHANGE}.expires-in",
                    "x-token-exchange expires-in: the answer of getAppAccessToken has no "
                    "'expiresin' field",
                )
            ],
        ),
        (
            "qqbot",
            "        operationId: getAppAccessToken\n        credentials:",
            "        operationId: getAppAccessTokn\n        credentials:",
            [
                (
                    "operationId: getAppAccessTokn",
                    f"{_TOKEN_EXCHANGE}.operationId",
                    "x-token-exchange names no operation ('getAppAccessTokn')",
                )
            ],
        ),
        (
            "kook",
            "  code: code\n",
            "  code: codee\n",
            [
                (
                    "code: codee",
                    "x-envelope.code",
                    "x-envelope code: the answer of me has no 'codee' field",
                )
            ],
        ),
        (
            "kook",
            "success: [0]",
            'success: [0, "0"]',
            [
                (
                    "success:",
                    "x-envelope.success[1]",
                    "x-envelope success: the 'code' field of the answer of me refuses '0' "
                    "('0' is not of type 'integer')",
                )
            ],
        ),
    ],
    ids=[
        "credential-field-misspelt",
        "credentials-left-out",
        "token-field-misspelt",
        "expires-in-field-misspelt",
        "token-operation-misspelt",
        "envelope-code-misspelt",
        "envelope-success-of-another-type",
    ],
)
def test_an_extension_naming_a_field_its_schema_lacks_is_a_problem_where_the_name_is(
    tmp_path: Path, package: str, old: str, new: str, expected: list[tuple[str, str, str]]
) -> None:
    path = _edited_real_spec(tmp_path, package, old, new)
    found = {(p.line, format_pointer(p.pointer), p.message) for p in problems_of(path)}
    assert found == {(_line_of(path, at), pointer, message) for at, pointer, message in expected}


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "access_token:\n          type: string",
            "access_token:\n          type: integer",
            "x-token-exchange token: the 'access_token' field of the answer of getAppAccessToken "
            "must be a string",
        ),
        (
            "expires_in:\n          anyOf:\n          - type: string\n            pattern: '^[0-9]+$'\n"
            "          - type: integer\n",
            "expires_in:\n          type: boolean\n",
            "x-token-exchange expires-in: the 'expires_in' field of the answer of "
            "getAppAccessToken must be a number of seconds (a number or a string)",
        ),
        (
            "appId:\n          type: string",
            "appId:\n          type: integer",
            "x-token-exchange credentials: the 'appId' field of the request body of "
            "getAppAccessToken must be a string",
        ),
    ],
    ids=["token", "expires-in", "credential"],
)
def test_a_token_exchange_field_of_a_type_the_client_cannot_use_is_a_problem(
    tmp_path: Path, old: str, new: str, problem: str
) -> None:
    # The client sends credentials as strings and reads the token as one.
    path = _edited_real_spec(tmp_path, "qqbot", old, new)
    assert [p.message for p in problems_of(path) if "x-" in p.message] == [problem]


@pytest.mark.parametrize(
    ("package", "old", "new", "reported"),
    [
        (
            "kook",
            "  code: code\n",
            "  code: codee\n",
            "x-envelope.code: x-envelope code: the answer of me has no 'codee' field",
        ),
        (
            "lanying",
            "next-cursor: /cursor",
            "next-cursor: /cursr",
            "paths./user/device/list.get.x-pagination.next-cursor: x-pagination next-cursor: "
            "the answer of listDevices has no 'cursr' field",
        ),
    ],
    ids=["envelope-code", "next-cursor"],
)
def test_a_misspelt_field_an_extension_reads_is_a_problem_generate_reports_too(
    tmp_path: Path, run_botspec: RunBotspec, package: str, old: str, new: str, reported: str
) -> None:
    # Every call of the client failed (no answer had the code it compared with `success`), or
    # every walk of the pages stopped after the first (none had the next cursor).
    folder = tmp_path / package
    folder.mkdir()
    path = _edited_real_spec(folder, package, old, new)
    result = run_botspec("generate", str(folder), "--out", str(tmp_path / "out"))
    assert_no_traceback(result)
    assert result.returncode == 1, result.stdout + result.stderr
    [line] = output_lines(result)
    assert line.endswith(f"{package}/openapi.yaml:{_line_of(path, new.strip())}: {reported}"), line
    assert not (tmp_path / "out").exists()


# --- x-pagination, the switches and x-client-default ----------------------------------------

_LIST_USERS = "paths./user/list.get.x-pagination"
_PAGES = "        first-page: 1\n        items: /data\n"
_VIEW = "      operationId: view\n"
_LANGUAGE = "      example: en-us\n      x-client-default: true\n"
_PUBLIC_BODY = "components.requestBodies.SetPublicInfo"
_RAW_PUBLIC = """\
      content:
        application/json:
          x-raw-text: true
          schema:
            type: string
            description: The public extension information (公开扩展信息).
"""


@pytest.mark.parametrize(
    ("package", "old", "new", "at", "pointer", "message"),
    [
        (
            "lanying",
            "next-cursor: /cursor",
            "next-cursor: /cursr",
            "next-cursor: /cursr",
            "paths./user/device/list.get.x-pagination.next-cursor",
            "x-pagination next-cursor: the answer of listDevices has no 'cursr' field",
        ),
        (
            "lanying",
            _PAGES,
            _PAGES + "        total-pages: /totl\n",
            "total-pages:",
            f"{_LIST_USERS}.total-pages",
            "x-pagination total-pages: the answer of listUsers has no 'totl' field",
        ),
        (
            "lanying",
            _PAGES,
            _PAGES + "        total-pages: /data/total\n",
            "total-pages:",
            f"{_LIST_USERS}.total-pages",
            "x-pagination total-pages: the 'data' field of the answer of listUsers must be an "
            "object",
        ),
        (
            "lanying",
            _PAGES,
            _PAGES + "        total-pages: /message\n",
            "total-pages:",
            f"{_LIST_USERS}.total-pages",
            "x-pagination total-pages: the 'message' field of the answer of listUsers must be an "
            "integer",
        ),
        (
            "qqbot",
            "next-cursor: /next_index",
            "next-cursor: /members",
            "next-cursor: /members",
            "paths./v2/groups/{group_openid}/members.post.x-pagination.next-cursor",
            "x-pagination next-cursor: the 'members' field of the answer of listMembers must be "
            "a string or a number",
        ),
        (
            "lanying",
            "size-param: page_size",
            "size-param: user_id",
            "size-param: user_id",
            f"{_LIST_USERS}.size-param",
            "x-pagination size-param: 'user_id' is a header parameter; pages are asked for by a "
            "query parameter or a body property",
        ),
        *(
            (
                "kook",
                _VIEW,
                f'{_VIEW}      {flag}: "false"\n',
                f'{flag}: "false"',
                f"paths./user/view.get.{flag}",
                f"{flag} must be true or false",
            )
            for flag in ("x-idempotent", "x-webhook-only", "x-invite-only")
        ),
        (
            "kook",
            _LANGUAGE,
            _LANGUAGE.replace("true", '"yes"'),
            'x-client-default: "yes"',
            "components.parameters.AcceptLanguage.x-client-default",
            "x-client-default must be true or false",
        ),
        (
            "lanying",
            "      name: user_id\n      in: header\n",
            "      name: user_id\n      in: query\n",
            "x-client-default: true",
            "components.parameters.ActAsUserId.x-client-default",
            "x-client-default is for header parameters only; this one is in query",
        ),
        (
            "lanying",
            _RAW_PUBLIC,
            _RAW_PUBLIC.replace("x-raw-text: true", 'x-raw-text: "true"'),
            'x-raw-text: "true"',
            f"{_PUBLIC_BODY}.content.application/json.x-raw-text",
            "x-raw-text must be true or false",
        ),
        (
            "lanying",
            _RAW_PUBLIC,
            _RAW_PUBLIC.replace("application/json", "text/plain"),
            "x-raw-text: true",
            f"{_PUBLIC_BODY}.content.text/plain.x-raw-text",
            "x-raw-text is for an application/json body sent as its text; a text/plain body is "
            "sent as its media type says (text as its text, a form as its fields)",
        ),
        (
            "lanying",
            _RAW_PUBLIC,
            _RAW_PUBLIC.replace("type: string", "type: [string, 'null']"),
            "type: [string, 'null']",
            f"{_PUBLIC_BODY}.content.application/json.schema.type",
            "an x-raw-text body is sent as its text: its schema must be a string (type: string, "
            "not binary, not nullable)",
        ),
        (
            "lanying",
            _RAW_PUBLIC,
            "      x-raw-text: true\n" + _RAW_PUBLIC.replace("          x-raw-text: true\n", ""),
            "x-raw-text: true",
            f"{_PUBLIC_BODY}.x-raw-text",
            "x-raw-text is read from the media type of a request body only "
            "(requestBody.content.application/json); here it changes nothing",
        ),
    ],
    ids=[
        "next-cursor-misspelt",
        "total-pages-misspelt",
        "total-pages-through-an-array",
        "total-pages-of-text",
        "next-cursor-of-a-list",
        "size-param-a-header",
        "idempotent-a-string",
        "webhook-only-a-string",
        "invite-only-a-string",
        "client-default-a-string",
        "client-default-on-a-query-parameter",
        "raw-text-a-string",
        "raw-text-on-text-plain",
        "raw-text-of-a-nullable-string",
        "raw-text-on-the-request-body-not-its-media-type",
    ],
)
def test_an_extension_the_client_would_act_wrongly_on_is_a_problem_where_it_is_written(
    tmp_path: Path, package: str, old: str, new: str, at: str, pointer: str, message: str
) -> None:
    # A misspelt next cursor or total stopped every walk of the pages after the first;
    # `x-idempotent: "false"` made a POST retried; a query parameter set on the client was sent
    # as a header.
    path = _edited_real_spec(tmp_path, package, old, new)
    found = [(p.line, format_pointer(p.pointer), p.message) for p in problems_of(path)]
    assert found == [(_line_of(path, at), pointer, message)]


# --- x-role -------------------------------------------------------------------------------

_ROLES = (
    "hello, identify, heartbeat, heartbeat-ack, resume, reconnect, invalid-session, ready, "
    "resumed, validation, validation-answer, ack"
)


@pytest.mark.parametrize("role", ["resumed", "heartbeat-ack", "validation-answer"])
def test_a_misspelt_role_is_a_problem_where_it_is_written_listing_the_roles(
    tmp_path: Path, role: str
) -> None:
    # QQ Bot's documents, one role misspelt (a letter left out): it played nothing, or the
    # session said it lacked the role, far from the typo.
    for name in ("openapi.yaml", "asyncapi.yaml"):
        shutil.copy(REAL_SPECS / "qqbot" / name, tmp_path / name)
    events = tmp_path / "asyncapi.yaml"
    text = events.read_text(encoding="utf-8")
    misspelt = role[:-2] + role[-1]
    assert text.count(f"x-role: {role}\n") == 1
    events.write_text(text.replace(f"x-role: {role}\n", f"x-role: {misspelt}\n"), encoding="utf-8")
    [problem] = problems_of(tmp_path / "openapi.yaml", events)
    assert (problem.line, problem.pointer[-1], problem.message) == (
        _line_of(events, f"x-role: {misspelt}"),
        "x-role",
        f"x-role '{misspelt}' is no role (roles: {_ROLES})",
    )


_HOLDS_ITSELF = """\
openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Value: {oneOf: [{$ref: '#/components/schemas/Value'}, {type: number}]}
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}]
      discriminator: {propertyName: kind}
    Cat:
      allOf: [{$ref: '#/components/schemas/Pet'}]
      properties: {kind: {type: string}}
    Never: {not: {$ref: '#/components/schemas/Never'}}
    HoldsValue: {allOf: [{$ref: '#/components/schemas/Value'}]}
    Tree:
      type: object
      properties: {children: {type: array, items: {$ref: '#/components/schemas/Tree'}}}
      example: {children: [{children: []}]}
    MapOfValues: {type: object, additionalProperties: {$ref: '#/components/schemas/Value'}}
    ListOfValues: {type: array, items: {$ref: '#/components/schemas/HoldsValue'}}
    Wrapper: {type: object, properties: {inner: {$ref: '#/components/schemas/MapOfValues'}}}
    Dependent: {dependentSchemas: {a: {$ref: '#/components/schemas/Dependent'}}}
"""


def test_a_schema_holding_itself_in_place_is_never_checked_against_a_value(
    tmp_path: Path,
) -> None:
    # jsonschema recursed until the interpreter's limit; reached inside its Rust parts, the
    # limit was a panic that crashed `botspec validate` (found by fuzzing).
    from generator.validate import EndlessSchema, SchemaValidators

    (tmp_path / "openapi.yaml").write_text(_HOLDS_ITSELF, encoding="utf-8")
    specs = load([tmp_path / "openapi.yaml"])
    validators = SchemaValidators(specs.roots[0], specs)
    at = ("components", "schemas")
    # A value's part checked against one (`MapOfValues`) never ends either; seen only through
    # an answer's map, the panic came or not as the stack stood (found by fuzzing).
    endless = ("Value", "Pet", "Cat", "Never", "HoldsValue", "Dependent")
    for name in (*endless, "MapOfValues", "ListOfValues", "Wrapper"):
        with pytest.raises(EndlessSchema):
            validators.at(specs.roots[0], (*at, name))
    tree = validators.at(specs.roots[0], (*at, "Tree"))  # one level of the value per turn
    assert not list(tree.iter_errors({"children": [{"children": []}]}))
    assert list(tree.iter_errors({"children": [{"children": 1}]}))


def _nested_schema(depth: int, kind: str) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    for level in range(depth):
        if kind == "properties":
            schema = {"type": "object", "properties": {f"p{level}": schema}}
        else:
            schema = {"type": "array", "items": schema}
    return schema


def _deep_openapi(schema: dict[str, Any]) -> dict[str, Any]:
    answer = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/X"}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/x": {"get": {"operationId": "getX", "summary": "Get x", "responses": {
            "200": {"description": "ok", **answer}}}}},
        "components": {"schemas": {"X": schema}},
    }  # fmt: skip


def _deep_asyncapi(schema: dict[str, Any]) -> dict[str, Any]:
    payload = {"type": "object", "properties": {"op": {"const": 0}, "d": schema}}
    message = {"name": "m", "summary": "M", "x-opcode": 0, "payload": payload}
    return {
        "asyncapi": "3.0.0",
        "info": {"title": "t", "version": "1"},
        "x-frame": {"opcode": "op", "data": "d"},
        "channels": {"c": {"address": "c", "messages": {"m": {"$ref": "#/components/messages/M"}}}},
        "operations": {"recv": {"action": "receive", "channel": {"$ref": "#/channels/c"},
            "summary": "R", "messages": [{"$ref": "#/channels/c/messages/m"}]}},
        "components": {"messages": {"M": message}},
    }  # fmt: skip


@pytest.mark.parametrize(
    ("document", "kind", "depth"),
    [
        (_deep_openapi, "properties", 90),
        (_deep_openapi, "items", 150),
        (_deep_asyncapi, "items", 150),
    ],
    ids=["openapi-properties", "openapi-items", "asyncapi-items"],
)
def test_a_schema_nested_too_deeply_for_python_jsonschema_is_a_problem_not_a_traceback(
    tmp_path: Path,
    run_botspec: RunBotspec,
    document: Callable[[dict[str, Any]], dict[str, Any]],
    kind: str,
    depth: int,
) -> None:
    # Under the loader's 200 levels, but python jsonschema spends some 15 frames on each of a
    # schema's: checking it ran out of stack (a traceback from validate and generate).
    spec = tmp_path / "deep.json"
    spec.write_text(json.dumps(document(_nested_schema(depth, kind))), encoding="utf-8")
    result = run_botspec("validate", str(spec))
    assert_no_traceback(result)
    assert result.returncode == 1, result.stdout + result.stderr
    [problem] = output_lines(result)
    assert "nested too deeply to be checked" in problem and "$ref them" in problem, problem


def test_an_example_with_a_property_named_ref_is_checked_not_taken_for_a_reference(
    tmp_path: Path,
) -> None:
    # An example object holding a "$ref" key was skipped as if it referred to a shared
    # example; only a string there makes a reference (found by fuzzing).
    spec = tmp_path / "openapi.yaml"
    spec.write_text(
        "openapi: 3.1.0\n"
        "info: {title: t, version: '1'}\n"
        "paths:\n"
        "  /x:\n"
        "    get:\n"
        "      operationId: getX\n"
        "      summary: Get x\n"
        "      responses:\n"
        "        '200':\n"
        "          description: ok\n"
        "          content:\n"
        "            application/json:\n"
        "              schema:\n"
        "                type: object\n"
        "                properties: {$ref: {type: array, minItems: 1}}\n"
        "              example: {$ref: []}\n",
        encoding="utf-8",
    )
    [problem] = problems_of(spec)
    assert (problem.line, format_pointer(problem.pointer)) == (
        16,
        "paths./x.get.responses.200.content.application/json.example.$ref",
    )
    assert problem.message.startswith("example does not match its schema: [] ")


@pytest.mark.parametrize(
    ("schema", "refused"),
    [
        ("{type: string, const: client_credentials}", False),
        ("{type: string, enum: [client_credentials]}", False),
        ("{type: string, enum: [client_credentials, password]}", True),
        ("{type: string}", True),
    ],
    ids=["const", "enum-of-one", "enum-of-two", "any-string"],
)
def test_a_required_token_field_no_credential_fills_is_a_problem_unless_it_admits_one_value(
    tmp_path: Path, schema: str, refused: bool
) -> None:
    # OAuth2's grant_type: the purchase sends the one value such a field admits.
    path = _edited_real_spec(
        tmp_path,
        "qqbot",
        "      required: [appId, clientSecret]\n      properties:\n",
        f"      required: [appId, clientSecret, grant_type]\n      properties:\n"
        f"        grant_type: {schema}\n",
    )
    messages = [p.message for p in problems_of(path) if "x-token-exchange" in p.message]
    missing = (
        "x-token-exchange credentials: the request body of getAppAccessToken requires "
        "'grant_type', which no credential fills"
    )
    assert messages == ([missing] if refused else [])


def test_a_remote_ref_is_reported_without_any_connection_to_its_host(tmp_path: Path) -> None:
    # A listener that answers nothing: a fetch would wait for its timeout (10 s a $ref).
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    connections: list[object] = []

    def accept() -> None:
        while True:
            try:
                connections.append(listener.accept())
            except OSError:  # closed
                return

    threading.Thread(target=accept, daemon=True).start()
    (tmp_path / "openapi.yaml").write_text(
        "openapi: 3.1.0\n"
        "info: {title: t, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  schemas:\n"
        f"    User: {{$ref: 'http://127.0.0.1:{port}/parts.yaml#/User'}}\n"
        f"    Team: {{$ref: 'https://127.0.0.1:{port}/parts.yaml#/Team'}}\n",
        encoding="utf-8",
    )
    started = time.monotonic()
    try:
        problems = problems_of(tmp_path / "openapi.yaml")
    finally:
        listener.close()
    assert time.monotonic() - started < 5
    assert connections == []
    assert [(p.line, p.message.split("'")[0]) for p in problems] == [
        (6, "remote $ref "),
        (7, "remote $ref "),
    ]
