"""Stage 6: put packages on disk atomically, or compare them with what is there.

Entry point: `write(packages, out_dir, check=False)`. With check=True nothing is
written; the result lists every file that differs.
"""

from generator.write._write import StaleFile, write

__all__ = ["StaleFile", "write"]
