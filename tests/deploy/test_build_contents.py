"""The kiosk's one-folder build ships no server code (issue #16): kiosk.spec leaves the server stack
out, deploy/build.sh checks the built folder with deploy/build_contents.py, and a build's
`kiosk demo` (which would start a server) says plainly that it needs the development environment."""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]


def _build_contents() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_contents", REPO / "deploy" / "build_contents.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_check_finds_server_code_in_a_build_listing() -> None:
    """Names as PyInstaller lays them out: modules in the executable's PYZ archive, extension
    modules and metadata under _internal/."""
    check = _build_contents()
    modules = ["app.cli", "kiosk.sync.client", "requests.sessions", "pydantic.main", "server.main",
               "fastapi.routing", "sqlalchemy.orm.session", "uvicorn.server", "app.demo"]
    files = ["police-kiosk", "_internal/libpython3.11.so.1.0", "_internal/PySide6/Qt/lib/libQt6Core.so.6",
             "_internal/cryptography-44.0.0.dist-info/METADATA",
             "_internal/psycopg_binary/_psycopg.cpython-311-x86_64-linux-gnu.so",
             "_internal/sqlalchemy/cyextension/collections.cpython-311-x86_64-linux-gnu.so",
             "_internal/SQLAlchemy-2.0.36.dist-info/METADATA", "_internal/assets/catalog/items.json",
             "_internal/psycopg_binary.libs/libpq-e9b5c9ac.so.5.18", "_internal/libpq-e9b5c9ac.so.5.18",
             "_internal/libssl.so.3", "_internal/numpy.libs/libscipy_openblas64_-32a4b2a6.so"]
    assert check.forbidden(modules, files) == [
        "file _internal/SQLAlchemy-2.0.36.dist-info/METADATA",
        "file _internal/libpq-e9b5c9ac.so.5.18",
        "file _internal/psycopg_binary.libs/libpq-e9b5c9ac.so.5.18",
        "file _internal/psycopg_binary/_psycopg.cpython-311-x86_64-linux-gnu.so",
        "file _internal/sqlalchemy/cyextension/collections.cpython-311-x86_64-linux-gnu.so",
        "module app.demo", "module fastapi.routing", "module server.main", "module sqlalchemy.orm.session",
        "module uvicorn.server",
    ]
    assert check.forbidden(["app.cli", "kiosk.core", "ui.shell"], ["_internal/assets/x.json"]) == []


def _spec_tree() -> ast.Module:
    return ast.parse((REPO / "kiosk.spec").read_text(encoding="utf-8"))


def test_the_spec_builds_from_the_composition_root_and_excludes_the_server_stack() -> None:
    tree = _spec_tree()
    lists = {t.id: ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
             for t in node.targets if isinstance(t, ast.Name) and isinstance(node.value, ast.List)
             and all(isinstance(e, ast.Constant) for e in node.value.elts)}
    analysis = next(node for node in ast.walk(tree) if isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name) and node.func.id == "Analysis")
    entry = ast.unparse(analysis.args[0])
    assert "'app' / 'cli.py'" in entry, entry
    excludes = next(k.value for k in analysis.keywords if k.arg == "excludes")
    named = {n.id for n in ast.walk(excludes) if isinstance(n, ast.Name)}
    literal = {c.value for c in ast.walk(excludes) if isinstance(c, ast.Constant)}
    excluded = literal.union(*(lists[n] for n in named if n in lists))
    check = _build_contents()
    assert check.SERVER_ONLY | check.DEMO_ONLY <= excluded
    hidden = ast.unparse(next(node.value for node in tree.body if isinstance(node, ast.Assign)
                              and any(isinstance(t, ast.Name) and t.id == "hiddenimports" for t in node.targets)))
    assert "server" not in hidden


def test_kiosk_demo_without_the_server_package_says_it_needs_the_development_environment(
        tmp_path: Path) -> None:
    """As in the one-folder build, where `server` is excluded: the package cannot be found."""
    code = ("import sys; sys.modules['server'] = None\n"
            "from app.cli import main\n"
            "sys.exit(main(['demo', '--windowed']))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(REPO),
                               "QT_QPA_PLATFORM": "offscreen"}, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "needs the development environment" in done.stderr
    assert "演示模式需要开发环境" in done.stderr
