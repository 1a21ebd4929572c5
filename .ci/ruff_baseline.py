"""Print the [tool.ruff.lint.per-file-ignores] baseline for what ruff finds today (docs/quality.md):
    uv run ruff check --config 'lint.per-file-ignores = {}' --output-format json . | python .ci/ruff_baseline.py
Paste the output over the table in pyproject.toml."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    codes: dict[str, set[str]] = defaultdict(set)
    for finding in json.load(sys.stdin):
        codes[Path(finding["filename"]).resolve().relative_to(ROOT).as_posix()].add(finding["code"])
    print("[tool.ruff.lint.per-file-ignores]")
    for path in sorted(codes):
        print(f'"{path}" = [{", ".join(repr(c).replace(chr(39), chr(34)) for c in sorted(codes[path]))}]')


if __name__ == "__main__":
    main()
