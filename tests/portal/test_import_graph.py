"""The shape of the code's imports (issue 12 item 1 and "Done when"): the apps' modules import each other in no
circle, none hides an import of the project inside a function to dodge one, the layers point one way (the pure rules
import no Django; `applications` may use `pensions` and `insurance`, never the reverse; no app imports another
app's views), and every pure rule module imports without Django.

The graph is read from the source (the `ast` of every module), so a new module is covered the day it is written."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
APPS = ("portal", "accounts", "pensions", "insurance", "applications")
# Pure rule code (ARCHITECTURE.md): plain Python over plain data. Whichever of a module or a package exists.
PURE_ROOTS = ("pensions/engine", "insurance/rules", "insurance/coverage_contract.py", "applications/rules")
# Until the engine drops it, its guard for an actuarial basis not yet written (ActuarialBasisUnavailable ->
# contract.EngineFailure, exit status 1). Besides these, only an AppConfig's ready() (apps.py) imports inside a
# function: Django's own way to connect signals and checks once the apps are loaded.
ALLOWED_IN_FUNCTION = {("pensions.engine.equated_plan", "pensions.engine.equated"),
                       ("pensions.engine.option_factors", "pensions.engine.actuarial")}


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        for path in (REPO / app).rglob("*.py"):
            if "migrations" not in path.parts:
                found[module_name(path)] = path
    return found


MODULES = project_modules()


def imported(module: str, path: Path):
    """(imported module, at module level?) for every import of a project module in ``path``."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    top_level = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pensions import services` imports the module pensions.services; `from x import name` only x.
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        for name in names:
            while name and name not in MODULES:
                name = name.rpartition(".")[0]
            if name and name != module:
                yield name, id(node) in top_level


def graph() -> dict[str, set[str]]:
    return {module: {target for target, top in imported(module, path) if top} for module, path in MODULES.items()}


def cycles(edges):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_checker_finds_a_cycle_when_there_is_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_apps_modules_import_each_other_in_no_cycle():
    assert cycles(graph()) == []


def test_no_module_imports_the_project_inside_a_function():
    hidden = sorted((module, target) for module, path in MODULES.items()
                    for target, top in imported(module, path)
                    if not top and not module.endswith(".apps") and (module, target) not in ALLOWED_IN_FUNCTION)
    assert hidden == []


@pytest.mark.parametrize("lower, higher", [("pensions", "applications"), ("insurance", "applications"),
                                           ("pensions", "insurance")])
def test_a_lower_app_never_imports_a_higher_one(lower, higher):
    offenders = sorted(module for module, targets in graph().items()
                       if module.split(".")[0] == lower and any(t.split(".")[0] == higher for t in targets))
    assert offenders == []


def test_no_app_imports_another_apps_views():
    def app_of(module):
        return "accounts.message_board" if module.startswith("accounts.message_board") else module.split(".")[0]

    offenders = sorted((module, target) for module, targets in graph().items() for target in targets
                       if target.rpartition(".")[2] == "views" and app_of(target) != app_of(module)
                       and not module.endswith("urls"))
    assert offenders == []


def pure_modules():
    names = []
    for root in PURE_ROOTS:
        path = REPO / root
        if path.is_dir():
            names += [module_name(p) for p in sorted(path.rglob("*.py"))]
        elif path.exists():
            names.append(module_name(path))
        elif path.with_suffix(".py").exists():  # insurance/rules as a module, before it becomes a package
            names.append(module_name(path.with_suffix(".py")))
    return names


def test_the_pure_rule_code_is_found():
    names = pure_modules()
    assert "pensions.engine.estimate" in names and any(n.startswith("insurance.rules") for n in names)


def test_every_pure_rule_module_imports_without_django():
    """In a fresh interpreter, import each pure module in turn and name the first after which Django is loaded."""
    code = ("import importlib, sys\n"
            f"for name in {pure_modules()!r}:\n"
            "    importlib.import_module(name)\n"
            "    if any(m == 'django' or m.startswith('django.') for m in sys.modules):\n"
            "        sys.exit('django imported by ' + name)\n")
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert completed.returncode == 0, completed.stderr
