"""Stage 6: put packages on disk atomically, or compare them with what is there.

Entry point: `write(packages, out_dir, check=False, remove=())`. With check=True nothing is
written; the result lists every file that differs, every folder `remove` names, and what
runs killed while writing left (`leftovers`), which a write removes.
`orphans(out_dir, names)` finds the generated packages (`is_generated_package`) that no
longer have a spec folder; `refusal(target, sources)` says why a package must not replace
a folder (one that is not a generated package, or holds a spec folder).
"""

from generator.write._write import (
    NO_SPEC,
    StaleFile,
    is_generated_package,
    leftovers,
    orphans,
    refusal,
    write,
)

__all__ = [
    "NO_SPEC",
    "StaleFile",
    "is_generated_package",
    "leftovers",
    "orphans",
    "refusal",
    "write",
]
