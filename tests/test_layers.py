"""The layers of README's architecture, checked on the source: `app/` holds no Qt, the use cases
(`app/services`) build on no developer tool and import one another without a circle."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVICES = "app.services"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _runtime_nodes(tree: ast.AST):
    """Every node but those under `if TYPE_CHECKING:` (names for annotations, never imported)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", getattr(node.test, "attr", "")) == "TYPE_CHECKING":
            yield from (n for child in node.orelse for n in [child, *_runtime_nodes(child)])
            continue
        yield node
        yield from _runtime_nodes(node)


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at any depth of the file (late imports in functions count too)."""
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)  # `from . import cases`
    return found


def _sources(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def test_nothing_under_app_imports_qt():
    offenders = {str(p.relative_to(ROOT)): sorted(m for m in _imports(p) if m.split(".")[0] == "PySide6")
                 for p in _sources("app")}
    assert {p: m for p, m in offenders.items() if m} == {}


def test_only_the_entry_point_starts_the_ui():
    # `python -m app gui` has to open the window; no use case may reach into the widgets.
    users = {str(p.relative_to(ROOT)) for p in _sources("app") if any(m.split(".")[0] == "ui" for m in _imports(p))}
    assert users <= {"app/__main__.py"}


def test_use_cases_build_on_no_developer_tool():
    users = {str(p.relative_to(ROOT)) for p in _sources("app/services")
             if any(m.startswith("app.devtools") for m in _imports(p))}
    assert users == set()


def test_use_cases_import_one_another_without_a_circle():
    modules = {_module_name(p): p for p in _sources("app/services")}
    graph = {name: {m for m in _imports(path) if m in modules and m != name and m != SERVICES}
             for name, path in modules.items()}
    circles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        for nxt in sorted(graph[node]):
            if nxt in trail:
                circles.append(trail[trail.index(nxt):] + [nxt])
            elif nxt not in done:
                visit(nxt, trail + [nxt])
        done.add(node)

    done: set[str] = set()
    for start in sorted(graph):
        if start not in done:
            visit(start, [start])
    assert circles == []
