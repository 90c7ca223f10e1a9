"""What making the models in chunks costs a first generation.
Run: `python bench/models_chunks.py` (options: --sizes, --instructions).

A command, not a test: it prints a table and exits 0 whatever the figures. For each
synthetic document (`synthetic_spec` of bench/generate.py) it makes the models file twice,
in one chunk (`spread=0`, datamodel-code-generator given every class at once) and in the
chunks a generation uses, each in a fresh child process whose CPU time, minus that of a
child doing everything but the models, is the cost; the median of five alternating runs.
`--instructions` counts CPU instructions under valgrind's callgrind instead (one run each,
the same on a busy machine as on an idle one). The chunked file is the same bytes as the
one-chunk file (checked).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import ROOT, synthetic_dir

CHILD = """
import hashlib, resource, sys
from pathlib import Path
from generator.load import load
from generator.model import build
from generator.pipeline import spec_files_in
from generator.render._models import chunks_of, models_file
api = build(load(spec_files_in(Path(sys.argv[1]))), "synthetic")
spread = None if sys.argv[2] == "chunked" else 0
schema = api.models_schema if sys.argv[3] == "models" else {"$defs": {}}
source = models_file(schema, api.field_aliases, api.model_origins, spread)
chunks = chunks_of(api.models_schema, api.field_aliases, api.model_origins, spread)
made = sum(len(chunk.schema["$defs"]) for chunk in chunks)
usage = resource.getrusage(resource.RUSAGE_SELF)
print(usage.ru_utime + usage.ru_stime, len(chunks), made, hashlib.sha256(source.encode()).hexdigest())
"""


def child(spec_dir: Path, how: str, what: str) -> list[str]:
    return [sys.executable, "-c", CHILD, str(spec_dir), how, what]


def timed(spec_dir: Path, how: str, what: str) -> list[str]:
    result = subprocess.run(child(spec_dir, how, what), capture_output=True, text=True, cwd=ROOT)
    result.check_returncode()
    return result.stdout.split()


def instructions(spec_dir: Path, how: str, what: str) -> float:
    with tempfile.TemporaryDirectory(prefix="botspec-callgrind-") as out:
        command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}/out"]
        subprocess.run([*command, *child(spec_dir, how, what)], capture_output=True, cwd=ROOT)
        for line in Path(out, "out").read_text().splitlines():
            if line.startswith(("summary:", "totals:")):
                return float(line.split()[1])
    raise RuntimeError("callgrind gave no total")


def _counted(spec_dir: Path, how: str) -> float:
    """Instructions (billions) of the models alone: a child making them minus one not."""
    models = instructions(spec_dir, how, "models")
    return (models - instructions(spec_dir, how, "base")) / 1e9


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="operations per document")
    parser.add_argument("--instructions", action="store_true", help="count under callgrind")
    args = parser.parse_args(argv)
    unit = "instructions (G)" if args.instructions else "CPU (s)"
    print(f"| N | chunks | classes made | one chunk, {unit} | chunked, {unit} | chunked / one |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory(prefix="botspec-chunks-") as work:
        for size in (int(n) for n in args.sizes.split(",")):
            spec_dir = synthetic_dir(Path(work), size)
            hows = ("one", "chunked")
            shape = {how: timed(spec_dir, how, "models")[1:] for how in hows}
            if shape["one"][2] != shape["chunked"][2]:
                print(f"N={size}: the chunked models file DIFFERS from the one-chunk file")
            if args.instructions:
                cost = {how: _counted(spec_dir, how) for how in hows}
            else:
                runs: dict[str, list[float]] = {how: [] for how in hows}
                for _ in range(5):  # alternating, so that a slow spell hits both
                    for how in hows:
                        models = float(timed(spec_dir, how, "models")[0])
                        runs[how].append(models - float(timed(spec_dir, how, "base")[0]))
                cost = {how: statistics.median(runs[how]) for how in hows}
            chunks, made, _ = shape["chunked"]
            print(
                f"| {size} | {chunks} | {made} (of {shape['one'][1]}) | {cost['one']:.2f} "
                f"| {cost['chunked']:.2f} | {cost['chunked'] / cost['one']:.2f} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
