"""The layout shows the architecture, checked on the code itself (imports read with `ast`).

    sources  <-  profiles  <-  public  <-  api        (exodus configures them all; bench loads data)

- Dependencies run one way: sources imports nothing of profiles, public or api; profiles nothing of
  public, api or bench; public nothing of api; and only the tests import bench.
- Inside profiles, the publish path runs admin -> workflow -> projection -> models without
  climbing back (place names, profiles/placenames, sit below them all and use no model).
- No module is longer than MAX_LINES unless its docstring says why (a line starting "Long:").
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("sources", "profiles", "public", "api", "bench", "exodus")
MAX_LINES = 400
LONG_REASON = "Long:"

# app -> the apps it must never import
FORBIDDEN = {
    "sources": {"profiles", "public", "api", "bench"},
    "profiles": {"public", "api", "bench"},
    "public": {"api", "bench"},
    "api": {"bench"},
    "exodus": {"bench"},
}
# Inside profiles: package -> the packages it must never import.
PROFILES_LAYERS = {
    "profiles.models": {"profiles.workflow", "profiles.admin", "profiles.projection"},
    "profiles.projection": {"profiles.workflow", "profiles.admin"},
    "profiles.workflow": {"profiles.admin"},
    "profiles.placenames": {"profiles.projection", "profiles.workflow", "profiles.admin"},
}


def python_files(*tops: str) -> list[Path]:
    return sorted(path for top in tops for path in (ROOT / top).rglob("*.py") if ".venv" not in path.parts)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Every module the file imports, anywhere in it (function-level imports too), made absolute."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module
            found.add(prefix)
            found.update(f"{prefix}.{alias.name}" for alias in node.names)
    return found


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(f"{package}.")


def violations(files: list[Path], rules: dict[str, set[str]]) -> list[str]:
    found = []
    for path in files:
        name = module_name(path)
        for owner, forbidden in rules.items():
            if not within(name, owner):
                continue
            for imported in sorted(imported_modules(path)):
                for package in forbidden:
                    if within(imported, package):
                        found.append(f"{path.relative_to(ROOT)} imports {imported} ({owner} must not use {package})")
    return sorted(set(found))


def test_dependencies_between_apps_run_one_way():
    assert violations(python_files(*APPS), FORBIDDEN) == []


def test_only_the_tests_import_the_benchmark():
    offenders = [
        str(path.relative_to(ROOT))
        for path in [*python_files(*APPS), ROOT / "manage.py"]
        if not within(module_name(path), "bench") and any(within(m, "bench") for m in imported_modules(path))
    ]
    assert offenders == []


def test_inside_profiles_the_publish_path_never_climbs_back():
    assert violations(python_files("profiles"), PROFILES_LAYERS) == []


def long_modules(paths: list[Path]) -> list[str]:
    found = []
    for path in paths:
        if "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n") + 1
        if lines <= MAX_LINES:
            continue
        docstring = ast.get_docstring(ast.parse(text)) or ""
        reasons = [line for line in docstring.splitlines() if line.strip().startswith(LONG_REASON)]
        if not any(len(line.strip()) > len(LONG_REASON) + 20 for line in reasons):
            found.append(f"{path.name if not path.is_relative_to(ROOT) else path.relative_to(ROOT)}: {lines} lines")
    return found


def test_no_module_is_long_without_saying_why():
    """Split a module by topic when it grows; if it must stay long, its docstring says why in a
    line starting "Long:" (a sentence, not a word)."""
    assert long_modules(python_files(*APPS, "tests")) == []


def test_the_checks_see_what_they_check(tmp_path):
    """The scanners are real: they find the imports and sizes they look for."""
    assert within("profiles.models", "profiles") and not within("profilesx", "profiles")
    assert "profiles.workflow.publish" in imported_modules(ROOT / "profiles" / "workflow" / "__init__.py")
    assert any(within(m, "public") for m in imported_modules(ROOT / "api" / "views.py"))
    assert violations([ROOT / "api" / "views.py"], {"api": {"public"}}) != []
    assert len(python_files(*APPS)) > 50
    body = "x = 1\n" * MAX_LINES
    silent, word, reasoned = (tmp_path / name for name in ("silent.py", "word.py", "reasoned.py"))
    silent.write_text(f'"""A module."""\n{body}')
    word.write_text(f'"""A module.\n\nLong: yes.\n"""\n{body}')
    reasoned.write_text(f'"""A module.\n\nLong: one generated table that reads best in one place.\n"""\n{body}')
    assert long_modules([silent, word, reasoned]) == [
        f"silent.py: {MAX_LINES + 2} lines",
        f"word.py: {MAX_LINES + 5} lines",
    ]
