"""Lower apps never import higher ones; no app imports another app's views, forms, api or admin.

The rule of docs/architecture.md, checked by parsing the imports (ast) of every module under
aduan/. Add a new app to LAYERS when it is created.

Tests (`<app>/tests/`) are held to the second rule only: they set up state through the
services (STYLE.md section 9), and a complaints access test needs a report that workflow has
dispatched. Nothing imports a test module, so this cannot create an upward dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # the `aduan` package

# Each app's rank: an app may import apps of a lower or equal rank only. Apps that sit side by
# side (reporting, surveys, integrations above workflow) share a rank; actionplan reads
# reporting's statistics, the survey and the integrations, so it is above them.
LAYERS: dict[str, int] = {
    "core": 0,
    "accounts": 1,
    "organisation": 2,
    "complaints": 3,
    "workflow": 4,
    "reporting": 5,
    "surveys": 5,
    "routing": 5,
    # The citizens' conversations (WhatsApp, SMS, email in): file and follow reports through
    # complaints' and workflow's services; channel-agnostic, so below the integrations.
    "conversations": 5,
    # The channels' webhooks store what arrives in conversations' tables.
    "integrations": 6,
    # The action plan's measured figures read reporting's statistics, the survey's IKM and
    # which integrations are connected (applications_integrated), so it sits above both.
    "actionplan": 7,
    # The staff API: tokens, and the workflow, routing and integrations services called
    # through them (a routing suggestion is accepted, and a national SP4N-LAPOR! id recorded
    # by hand through `integrations.lapor`, as on the console), so it sits above all three;
    # nothing but the project's URL and API wiring imports it.
    "staffapi": 7,
    # The outbox and the worker: reads workflow's events and clocks, works off conversations'
    # inbound messages, sends via integrations.
    "notifications": 7,
}

# Interface modules: private to their app.
PRIVATE_MODULES = {"views", "forms", "api", "admin"}

# Project-level modules that wire the apps together and may import any of them.
PROJECT_MODULES = {"settings", "urls", "api", "wsgi", "asgi", "__main__", "conftest"}


def _app_of(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != "aduan":
        return None
    return parts[1]


def _module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE_ROOT.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, module: str) -> list[tuple[int, list[str]]]:
    """Per import statement: its line and the modules it may load, relative ones resolved.

    `from aduan.complaints import views` may load `aduan.complaints.views`, so a name imported
    from a package counts as a possible module too.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[int, list[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, [alias.name]) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((node.lineno, [base, *(f"{base}.{a.name}" for a in node.names)]))
    return found


def _violations(path: Path) -> list[str]:
    module = _module_name(path)
    app = _app_of(module)
    if app is None or app in PROJECT_MODULES:
        return []
    is_test = "tests" in module.split(".")
    problems: list[str] = []
    for line, candidates in _imports(path, module):
        imported = candidates[0]
        target = _app_of(imported)
        if target is None or target == app or target in PROJECT_MODULES:
            continue
        where = f"{path.relative_to(PACKAGE_ROOT.parent)}:{line}"
        if app not in LAYERS or target not in LAYERS:
            unknown = app if app not in LAYERS else target
            problems.append(f"{where}: app {unknown!r} is not in LAYERS; add it to the table")
            continue
        if is_test:
            pass
        elif LAYERS[target] > LAYERS[app]:
            problems.append(f"{where}: {app} (lower) imports {imported} (higher)")
        elif LAYERS[target] == LAYERS[app]:
            problems.append(f"{where}: {app} imports {imported}, an app beside it")
        private = [c for c in candidates if PRIVATE_MODULES.intersection(c.split(".")[2:])]
        if private:
            problems.append(f"{where}: {app} imports {private[0]}, another app's interface")
    return problems


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE_ROOT.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_app_under_aduan_is_in_the_layer_table():
    apps = {
        p.name
        for p in PACKAGE_ROOT.iterdir()
        if p.is_dir() and (p / "__init__.py").exists() and p.name != "__pycache__"
    }
    assert apps - LAYERS.keys() == set(), "add the new app to LAYERS"


def test_no_app_imports_a_higher_app_or_another_apps_interfaces():
    problems = [problem for path in _modules() for problem in _violations(path)]
    assert problems == [], "\n".join(problems)


def test_the_checker_catches_violations(tmp_path, monkeypatch):
    """The guard itself: a planted upward import, a sideways one and a views import fail."""
    fake = tmp_path / "aduan"
    for app, body in {
        "core": "from aduan.complaints.models import Complaint\n",
        "workflow": "from aduan.complaints import views\nfrom ..organisation.forms import F\n",
        "reporting": "import aduan.surveys.selectors\n",
        "complaints": "from aduan.organisation.models import Unit\nfrom . import choices\n",
    }.items():
        (fake / app).mkdir(parents=True)
        (fake / app / "__init__.py").write_text("")
        (fake / app / "services.py").write_text(body)
    (fake / "core" / "tests").mkdir()
    (fake / "core" / "tests" / "test_labels.py").write_text(
        "from aduan.workflow import services\nfrom aduan.complaints.views import track\n"
    )
    monkeypatch.setattr(f"{__name__}.PACKAGE_ROOT", fake)
    found = {path.parent.name: _violations(path) for path in sorted(fake.glob("*/services.py"))}
    in_test = _violations(fake / "core" / "tests" / "test_labels.py")
    assert in_test == [
        "aduan/core/tests/test_labels.py:2: core imports aduan.complaints.views,"
        " another app's interface"
    ]
    assert len(found["core"]) == 1
    assert "(higher)" in found["core"][0]
    assert len(found["workflow"]) == 2
    assert all("another app's interface" in p for p in found["workflow"])
    assert len(found["reporting"]) == 1
    assert "beside it" in found["reporting"][0]
    assert found["complaints"] == []
