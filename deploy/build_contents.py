"""Lists what a one-folder kiosk build contains and fails if server code is in it.

    uv run python deploy/build_contents.py dist/police-kiosk

The kiosk shares no code with the central server (../shared/ARCHITECTURE.md): the server package,
its web and database stack and the demo launcher that starts one must not ship on a kiosk.
Python modules sit in the PYZ archive inside the executable, so the listing is the folder's files
plus the archive's table of contents. Exit 0: none found; 1: each offending entry is printed.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

# Top-level packages that belong to the server only (pyproject.toml's server dependencies).
SERVER_ONLY = frozenset({"server", "fastapi", "starlette", "uvicorn", "sqlalchemy", "alembic", "psycopg",
                         "psycopg_binary", "psycopg_c", "psycopg_pool"})
# Kiosk modules that exist only for the demo, which runs a server beside the kiosk.
DEMO_ONLY = frozenset({"app.demo", "app.demo_panel"})
# Shared libraries only the server's database driver loads (PostgreSQL's client library, which
# PyInstaller copies from psycopg_binary.libs into the folder's top level).
SERVER_LIBRARIES = ("libpq-", "libpq.so")


def _forbidden_module(dotted: str) -> bool:
    return dotted.split(".")[0] in SERVER_ONLY or any(
        dotted == m or dotted.startswith(m + ".") for m in DEMO_ONLY)


def _forbidden_file(relative: str) -> bool:
    """A file of the folder: `_internal/<top>/…` holds a package's extensions and data, and
    `_internal/<dist>-<version>.dist-info/` its metadata."""
    parts = [p for p in relative.split("/") if p]
    if parts and parts[0] == "_internal":
        parts = parts[1:]
    if not parts:
        return False
    top = parts[0]
    if top.endswith(".dist-info"):  # <dist>-<version>.dist-info
        top = top.split("-")[0].lower()
    elif top.endswith(".libs"):  # a wheel's vendored libraries: psycopg_binary.libs
        top = top.removesuffix(".libs")
    return top in SERVER_ONLY or parts[-1].startswith(SERVER_LIBRARIES)


def forbidden(modules: Iterable[str], files: Iterable[str]) -> list[str]:
    found = [f"module {m}" for m in modules if _forbidden_module(m)]
    found += [f"file {f}" for f in files if _forbidden_file(f)]
    return sorted(set(found))


def build_listing(folder: Path) -> tuple[list[str], list[str]]:
    """(modules in the executable's archives, files of the folder relative to it)."""
    from PyInstaller.archive.readers import pkg_archive_contents

    executable = folder / folder.name
    modules = pkg_archive_contents(str(executable), recursive=True)
    files = [p.relative_to(folder).as_posix() for p in sorted(folder.rglob("*")) if p.is_file()]
    return modules, files


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: build_contents.py DIST_FOLDER (e.g. dist/police-kiosk)", file=sys.stderr)
        return 2
    folder = Path(argv[0])
    modules, files = build_listing(folder)
    bad = forbidden(modules, files)
    for entry in bad:
        print(f"server code in the kiosk build: {entry}", file=sys.stderr)
    print(f"{folder}: {len(modules)} archive entries, {len(files)} files; server code: "
          f"{'none' if not bad else len(bad)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
