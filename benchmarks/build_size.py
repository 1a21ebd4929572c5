"""Size of a one-folder kiosk build and how much server code it carries (→ benchmarks/ui.md).

    bash deploy/build.sh                                   # or: uv run pyinstaller kiosk.spec --noconfirm
    uv run python benchmarks/build_size.py dist/police-kiosk [more folders to compare]
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

spec = importlib.util.spec_from_file_location(
    "build_contents", Path(__file__).resolve().parents[1] / "deploy" / "build_contents.py")
assert spec is not None and spec.loader is not None
build_contents = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build_contents)


def main(folders: list[str]) -> int:
    for name in folders:
        folder = Path(name)
        files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
        size = sum(p.stat().st_size for p in files)
        modules, listing = build_contents.build_listing(folder)
        server = build_contents.forbidden(modules, listing)
        print(f"{folder}: {size / 1e6:.0f} MB ({size / 2**20:.0f} MiB) in {len(files)} files; "
              f"{len(modules)} archive entries; server-code entries: {len(server)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["dist/police-kiosk"]))
