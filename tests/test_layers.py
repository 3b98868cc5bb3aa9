"""The layering rules of docs/development/architecture.md, checked on the real code.

* ``flattr_core`` (client, engine, command line) imports no Flask, Pelican or MkDocs, whichever
  of its modules is loaded.
* No plugin imports the other plugin, and no part imports the sandbox except the ``flattr
  sandbox`` command (lazily) and the deprecated alias.
* The project's module-level imports form no cycle.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {
    "flattr_core": ROOT / "flattr_core",
    "flattr_sandbox": ROOT / "flattr_sandbox",
    "pelican_flattr": ROOT / "plugins" / "pelican_flattr",
    "mkdocs_flattr": ROOT / "plugins" / "mkdocs_flattr",
}


def _modules(package: str) -> dict[str, Path]:
    """Module name -> source file, for every module of ``package``."""
    folder = PACKAGES[package]
    found = {}
    for path in folder.rglob("*.py"):
        parts = path.relative_to(folder).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join((package, *parts))] = path
    return found


def _top_level_imports(name: str, path: Path) -> set[str]:
    """What ``name`` imports when it is imported: module-level statements only (imports inside
    functions run later, and ``if TYPE_CHECKING:`` blocks never run)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    imported: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            # `from package import submodule` needs the submodule; `from module import name`
            # needs the module. _project_graph keeps whichever of the two is a real module.
            imported.update(f"{module}.{alias.name}" for alias in node.names)
            imported.add(module)
    return imported


def _project_graph() -> dict[str, set[str]]:
    modules: dict[str, Path] = {}
    for package in PACKAGES:
        modules.update(_modules(package))
    graph = {}
    for name, path in modules.items():
        imported = _top_level_imports(name, path)
        deps = {dep for dep in imported if dep in modules and dep != name}
        # `from flattr_core.cli import preflight` depends on the submodule, not on the package
        # it sits in: drop the package when one of its submodules is what was imported.
        graph[name] = {
            dep for dep in deps if not any(other.startswith(dep + ".") for other in deps)
        }
    return graph


def test_no_module_of_flattr_core_loads_flask_pelican_or_mkdocs():
    names = sorted(
        name
        for name in _modules("flattr_core")
        # Not the deprecated alias of the sandbox, nor `python -m flattr_core.cli` (it runs).
        if not name.startswith("flattr_core.sandbox") and not name.endswith("__main__")
    )
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'flask', 'pelican', 'mkdocs'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert len(names) > 30
    assert out.strip() == "[]"


def test_plugins_never_import_each_other_and_only_the_command_reaches_the_sandbox():
    graph = _project_graph()
    all_imports = {
        name: _top_level_imports(name, path)
        for package in PACKAGES
        for name, path in _modules(package).items()
    }
    for name, imported in all_imports.items():
        if name.startswith("pelican_flattr"):
            assert not any(i.startswith("mkdocs") for i in imported), name
        if name.startswith("mkdocs_flattr"):
            assert not any(i.startswith("pelican") for i in imported), name
        if name.startswith(("flattr_core", "pelican_flattr", "mkdocs_flattr")):
            assert not any(i.startswith("flattr_sandbox") for i in imported), name
    assert graph  # the graph was built from real files


def test_the_import_graph_has_no_cycles():
    graph = _project_graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                cycles.append(path[path.index(dep) :] + [dep])
            elif dep not in state:
                visit(dep, [*path, dep])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    # A package's __init__ re-exporting its submodules is not a cycle by itself; a submodule
    # importing its own package root back is, and so is any longer loop.
    assert cycles == []
