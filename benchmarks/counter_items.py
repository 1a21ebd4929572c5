"""Catalog items that still end at a counter (guide.visits = 1) and items that issue a document
at the kiosk (an `issue` step), issue #17's closing count.

    uv run python benchmarks/counter_items.py [catalog_dir]

Pure catalog arithmetic (no machine load matters). `catalog_dir` defaults to assets/catalog;
point it at an old checkout's assets/catalog for the "before" number."""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.catalog import StepKind, default_catalog_dir, load_catalog


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else default_catalog_dir()
    catalog = load_catalog(sorted(folder.glob("*.toml")))
    items = list(catalog.items())
    counter = [i.code for i in items if i.guide.visits == 1]
    issuing = [f"{i.code}:{s.service}" for i in items for s in i.workflow if s.kind is StepKind.ISSUE]
    print(f"items: {len(items)}")
    print(f"end at a counter (visits = 1): {len(counter)}  {' '.join(counter)}")
    print(f"issue a document at the kiosk: {len(issuing)}  {' '.join(issuing)}")


if __name__ == "__main__":
    main()
