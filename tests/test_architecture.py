"""The import graph keeps the layers of docs/architecture (../shared/ARCHITECTURE.md): dependencies
point down only, app → ui → kiosk → devices, and the server shares no code with the kiosk.

Every module of the six packages is parsed with `ast` (nothing is imported, so a module that would
fail to import is still checked). Every import counts, wherever it is written: at the top, inside a
function (lazy imports) and under `if TYPE_CHECKING:` — a type-only import is still a dependency a
reader has to follow, and it is how the old ui/ cycle hid. Relative imports are resolved.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("app", "ui", "kiosk", "devices", "server", "doclayout")


def _module_files() -> dict[str, tuple[Path, bool]]:
    """Module name → (file, is a package __init__)."""
    found: dict[str, tuple[Path, bool]] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            if is_package:
                parts = parts[:-1]
            found[".".join(parts)] = (path, is_package)
    return found


MODULES = _module_files()


def _imported_names(module: str, path: Path, is_package: bool) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from . / from .. import
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names.add(target)
            # `from ui.screens import pay` imports the module ui.screens.pay
            names.update(f"{target}.{alias.name}" for alias in node.names if f"{target}.{alias.name}" in MODULES)
    return names


def _resolve(name: str) -> str | None:
    """The project module an import name lands in (`ui.shell.Shell` → `ui.shell`), or None."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in MODULES:
            return candidate
        parts.pop()
    return None


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, (path, is_package) in MODULES.items():
        targets = {_resolve(name) for name in _imported_names(module, path, is_package)}
        graph[module] = {t for t in targets if t is not None and t != module}
    return graph


GRAPH = _graph()


def _layer(module: str) -> str:
    return module.split(".")[0]


def _violations(source: str, forbidden: Iterable[str]) -> list[str]:
    forbidden = set(forbidden)
    return sorted(f"{module} imports {target}" for module, targets in GRAPH.items() if _layer(module) == source
                  for target in targets if _layer(target) in forbidden)


def _cycles(prefix: str) -> list[list[str]]:
    """Strongly connected components of more than one module among the modules under `prefix`
    (Tarjan's algorithm, iterative), each as a sorted list."""
    nodes = sorted(m for m in GRAPH if m == prefix or m.startswith(prefix + "."))
    inside = set(nodes)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0
    for start in nodes:
        if start in index:
            continue
        work: list[tuple[str, list[str]]] = []
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        work.append((start, sorted(GRAPH[start] & inside)))
        while work:
            node, pending = work[-1]
            if pending:
                nxt = pending.pop()
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, sorted(GRAPH[nxt] & inside)))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return components


def test_the_graph_sees_every_package_and_type_only_imports() -> None:
    """Guards the test itself: all six packages are parsed, and a TYPE_CHECKING-only import
    (ui/screens/base.py types its host that way) is an edge of the graph."""
    assert {_layer(m) for m in MODULES} == set(PACKAGES)
    assert "ui.host" in GRAPH["ui.screens.base"]


def test_kiosk_imports_neither_ui_nor_server_nor_app() -> None:
    assert _violations("kiosk", ("ui", "server", "app")) == []


def test_devices_import_nothing_above_them() -> None:
    assert _violations("devices", ("kiosk", "ui", "server", "app")) == []


def test_ui_reaches_devices_only_through_kiosk_and_never_the_server() -> None:
    assert _violations("ui", ("devices", "server", "app")) == []


def test_server_shares_no_code_with_the_kiosk() -> None:
    assert _violations("server", ("kiosk", "ui", "devices", "app")) == []


def test_the_document_layout_imports_no_other_package() -> None:
    """doclayout/ (one layout for the paper and the electronic copy) is used by the kiosk and the
    centre alike, so it may import neither: it is the document's wire form and its PDF, no more."""
    assert _violations("doclayout", ("app", "ui", "kiosk", "devices", "server")) == []


def test_no_import_cycle_among_ui_modules() -> None:
    assert _cycles("ui") == [], "import cycle in ui/ (type-only imports count)"


def test_kiosk_store_and_payments_do_not_import_each_other() -> None:
    """The store is the lower layer (database, outbox); payments keep their journal in it. Code that
    needs both (the outbox submitter that refunds a failed submission) sits above the two."""
    def imports(source: str, target: str) -> list[str]:
        return sorted(f"{m} imports {t}" for m, ts in GRAPH.items() if m.startswith(source + ".")
                      for t in ts if t == target or t.startswith(target + "."))

    assert imports("kiosk.store", "kiosk.payments") == []
    assert _cycles("kiosk") == []


def test_step_controllers_modes_and_navigation_table_are_qt_free() -> None:
    """The money, booking and mode decisions and the navigation table are tested without Qt: none
    of their modules may import PySide6 (directly or through another project module)."""
    roots = [m for m in MODULES if m.startswith("kiosk.steps") or m in ("kiosk.modes", "ui.navigation")]
    assert "kiosk.steps.pay" in roots and "kiosk.modes" in roots and "ui.navigation" in roots
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        todo.extend(GRAPH[module])
    path_of = {m: MODULES[m] for m in seen}
    qt = sorted(m for m, (path, is_package) in path_of.items()
                if any(name.split(".")[0] == "PySide6" for name in _imported_names(m, path, is_package)))
    assert qt == []
