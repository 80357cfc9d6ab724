"""The registry of issue codes (heritage/codes.py) is the one place a code is declared.

Every code the package can emit is registered and documented with its severity; no module
builds an ``Issue`` by hand; the example files produce the registered severities. A code
added on a branch without registering it fails here with its name and where it is emitted:
add it to ``heritage/codes.py`` and to the table of its doc page.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from conftest import DATA, ROOT

from heritage import codes
from heritage.codes import ALL, BY_CODE, Code, UnregisteredCodeError
from heritage.issues import Severity, ValidationResult
from heritage.reporters import text_line, to_json

PACKAGE = ROOT / "heritage"
TODAY = date(2026, 11, 26)
INVALID = sorted((DATA / "invalid").glob("*.geojson"))
FIX = "add it to heritage/codes.py and to the code table of its doc page"


# --- Where codes are emitted: a scan of the package's source -------------------------------


@dataclass(frozen=True)
class Call:
    """One call that emits a code: ``codes.issue(...)``, ``issue(...)`` or ``FormProblem(...)``."""

    path: str
    function: str
    lineno: int
    codes: frozenset[str]
    resolved: bool

    def __str__(self) -> str:
        return f"{self.path}:{self.lineno} ({self.function})"


def _sources() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text("utf-8"), str(path))


def _emitter_code_arg(call: ast.Call) -> ast.expr | None:
    """The code argument of an emitting call, or None when the call emits nothing."""
    func = call.func
    name = (
        func.id
        if isinstance(func, ast.Name)
        else func.attr
        if isinstance(func, ast.Attribute)
        else ""
    )
    position = {"issue": 0, "FormProblem": 2}.get(name)
    if position is None:
        return None
    if name == "issue" and not (
        isinstance(func, ast.Name)
        or (isinstance(func.value, ast.Name) and func.value.id == "codes")
    ):
        return None
    for keyword in call.keywords:
        if keyword.arg == "code":
            return keyword.value
    return call.args[position] if len(call.args) > position else None


class _Resolver:
    """Find the code strings an expression can take, where the source says so literally.

    Literals and conditional expressions of literals resolve; a name resolves through its
    assignments in the function, its default and the ``name=`` literals callers pass.
    Anything else (a value read from data or a table) does not, and must be listed in
    :data:`DYNAMIC` below.
    """

    def __init__(self, modules: dict[str, ast.Module]) -> None:
        self.keyword_literals: dict[tuple[str, str], set[str]] = {}
        for tree in modules.values():
            for node in ast.walk(tree):
                if isinstance(node, ast.Call):
                    callee = node.func
                    fname = (
                        callee.id
                        if isinstance(callee, ast.Name)
                        else callee.attr
                        if isinstance(callee, ast.Attribute)
                        else ""
                    )
                    for kw in node.keywords:
                        value = kw.value
                        if (
                            kw.arg
                            and isinstance(value, ast.Constant)
                            and isinstance(value.value, str)
                        ):
                            self.keyword_literals.setdefault((fname, kw.arg), set()).add(
                                value.value
                            )

    def resolve(self, expr: ast.expr, function: ast.AST | None, depth: int = 0) -> set[str] | None:
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return {expr.value}
        if isinstance(expr, ast.IfExp):
            a, b = (
                self.resolve(expr.body, function, depth),
                self.resolve(expr.orelse, function, depth),
            )
            return None if a is None or b is None else a | b
        if isinstance(expr, ast.Name) and function is not None and depth < 3:
            return self._name(expr.id, function, depth + 1)
        return None

    def _name(self, name: str, function: ast.AST, depth: int) -> set[str] | None:
        found: set[str] = set()
        sources = 0
        for node in ast.walk(function):
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == name for t in node.targets
            ):
                value = self.resolve(node.value, function, depth)
                if value is None:
                    return None
                found |= value
                sources += 1
            elif isinstance(node, ast.For | ast.comprehension) and any(
                isinstance(t, ast.Name) and t.id == name for t in ast.walk(node.target)
            ):
                return None  # a loop variable: the codes come from the data iterated over
        if isinstance(function, ast.FunctionDef):
            args = function.args
            params = args.posonlyargs + args.args + args.kwonlyargs
            defaults = [None] * (len(args.posonlyargs + args.args) - len(args.defaults))
            defaults += list(args.defaults) + list(args.kw_defaults)
            for param, default in zip(params, defaults, strict=True):
                if param.arg != name:
                    continue
                if default is None:
                    return None  # a required parameter: callers decide
                value = self.resolve(default, None)
                if value is None:
                    return None
                found |= value | self.keyword_literals.get((function.name, name), set())
                sources += 1
        return found if sources else None


def _scan() -> list[Call]:
    modules = dict(_sources())
    resolver = _Resolver(modules)
    calls: list[Call] = []
    for path, tree in modules.items():
        functions: list[tuple[ast.AST, str]] = [(tree, "<module>")]
        functions += [
            (n, n.name)
            for n in ast.walk(tree)
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        ]
        # Each call belongs to the innermost function that holds it.
        owner: dict[int, tuple[ast.AST, str]] = {}
        for function, name in functions:
            for node in ast.walk(function):
                owner[id(node)] = (function, name)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            arg = _emitter_code_arg(node)
            if arg is None:
                continue
            function, fname = owner[id(node)]
            found = resolver.resolve(arg, function if fname != "<module>" else None)
            calls.append(Call(path, fname, node.lineno, frozenset(found or ()), found is not None))
    return calls


CALLS = _scan()


def _schema_codes() -> set[str]:
    """The x-code values of the JSON Schema, the keyword codes and the fallback."""
    from heritage.schema import build_schema
    from heritage.validate import SCHEMA_FALLBACK, SCHEMA_KEYWORD_CODES

    text = json.dumps(build_schema())
    return (
        set(re.findall(r'"x-code": "([^"]+)"', text))
        | set(SCHEMA_KEYWORD_CODES.values())
        | {SCHEMA_FALLBACK}
    )


def _lossy_codes() -> set[str]:
    """The kinds heritage.document reports for a duplicate key and a non-finite number."""
    from heritage.document import parse

    doc = parse('{"a": 1, "a": 2, "b": NaN}', None, keep_number_text=False)
    return {kind for kind, _ in doc.lossy_members()}


def _passed_through() -> set[str]:
    """A form problem made from an Issue keeps that Issue's (registered) code."""
    return set()


#: Calls whose code the source does not state literally, and where their codes come from.
#: A new one fails test_every_dynamic_code_site_is_known: pass a literal code, or add the
#: call's file and function here with a function returning the codes it can emit.
DYNAMIC: dict[tuple[str, str], Callable[[], set[str]]] = {
    ("heritage/validate.py", "_schema_issue"): _schema_codes,
    ("heritage/validate.py", "validate_document"): _lossy_codes,
    ("heritage/imports/issue.py", "_mapped"): _passed_through,
}


def _emitted() -> dict[str, list[str]]:
    """Every code the package can emit, with where."""
    where: dict[str, list[str]] = {}
    for call in CALLS:
        for code in call.codes:
            where.setdefault(code, []).append(str(call))
    for (path, function), provider in DYNAMIC.items():
        for code in provider():
            where.setdefault(code, []).append(f"{path} ({function}, dynamic)")
    return where


def test_the_scan_finds_the_emitters() -> None:
    # The scan must see the known emitters, or every test below would pass vacuously.
    by_path = {c.path for c in CALLS}
    for path in (
        "heritage/rules.py",
        "heritage/validate.py",
        "heritage/imports/merge.py",
        "heritage/imports/issue_fields.py",
        "heritage/maps/data.py",
        "heritage/diff/compare.py",
    ):
        assert path in by_path, path
    emitted = _emitted()
    for code in ("self-intersection", "foreign-member", "unknown-property", "past-event-edited"):
        assert code in emitted, code  # an IfExp, a default and a caller's keyword, an IfExp


def test_every_emitted_code_is_registered() -> None:
    missing = {code: where for code, where in _emitted().items() if code not in BY_CODE}
    assert not missing, "\n".join(
        f"issue code {code!r} is emitted at {', '.join(where)} but not registered: {FIX}"
        for code, where in sorted(missing.items())
    )


def test_every_dynamic_code_site_is_known() -> None:
    unresolved = {(c.path, c.function) for c in CALLS if not c.resolved}
    unknown = unresolved - set(DYNAMIC)
    assert not unknown, (
        f"these calls emit a code the scan cannot read: {sorted(unknown)}; pass a literal "
        "code, or add the call to DYNAMIC in tests/test_codes.py with where its codes come from"
    )
    assert set(DYNAMIC) <= unresolved, "DYNAMIC lists a call that no longer exists"


def test_every_registered_code_is_emitted_somewhere() -> None:
    # A registration without an emitter is a documented promise nothing keeps.
    unused = [c.code for c in ALL if c.code not in _emitted()]
    assert not unused, f"registered in heritage/codes.py but emitted nowhere: {unused}"


def test_no_issue_is_built_outside_the_registry() -> None:
    offenders = []
    for path, tree in _sources():
        if path == "heritage/codes.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if name == "Issue":
                    offenders.append(f"{path}:{node.lineno}")
    assert not offenders, f"build issues with heritage.codes.issue, not Issue(...): {offenders}"


def test_the_registry_is_one_tuple_without_repeats() -> None:
    assert len(BY_CODE) == len(ALL)
    for code in ALL:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", code.code), code.code
        assert code.title.endswith("."), code.code
        assert re.fullmatch(r"docs/[a-z-]+\.md#[a-z-]+", code.docs), code.docs


# --- The constructor ----------------------------------------------------------------------


def test_issue_takes_the_severity_from_the_registry() -> None:
    made = codes.issue("foreign-member", "m", "site", "/features/0/x", row=3)
    assert made.severity is Severity.WARNING
    assert (made.site_id, made.pointer, made.row, made.line) == ("site", "/features/0/x", 3, None)
    assert codes.issue("site-removed", "m").severity is Severity.ERROR


def test_an_unregistered_code_raises_at_once_with_the_fix() -> None:
    with pytest.raises(UnregisteredCodeError, match=r"'no-such-code'.*add it to heritage/codes.py"):
        codes.issue("no-such-code", "m")


def test_a_form_problem_with_an_unregistered_code_raises() -> None:
    from heritage.imports.issue_fields import FormProblem

    assert FormProblem("Site", "m", "form-empty-field").code == "form-empty-field"
    with pytest.raises(UnregisteredCodeError, match="form-no-such"):
        FormProblem("Site", "m", "form-no-such")


# --- Documented, with severity --------------------------------------------------------------


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _section(page: str, anchor: str) -> str:
    """The text of the section whose heading has ``anchor``, up to the next same-level one."""
    lines = (ROOT / page).read_text("utf-8").splitlines()
    for i, line in enumerate(lines):
        match = re.match(r"(#+) (.*)", line)
        if match and _slug(match.group(2)) == anchor:
            level = len(match.group(1))
            end = next(
                (
                    j
                    for j in range(i + 1, len(lines))
                    if (m := re.match(r"(#+) ", lines[j])) and len(m.group(1)) <= level
                ),
                len(lines),
            )
            return "\n".join(lines[i:end])
    raise AssertionError(f"{page} has no heading with the anchor #{anchor}")


def _table_rows(section: str) -> dict[str, str]:
    """Code -> severity cell, from the rows of the section's tables (first cell: codes)."""
    rows: dict[str, str] = {}
    for line in section.splitlines():
        if not line.startswith("|") or line.startswith(("| ---", "|---")):
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) < 3:
            continue
        for code in re.findall(r"`([a-z]+(?:-[a-z]+)*)`", cells[0]):
            rows[code] = cells[1]
    return rows


@pytest.mark.parametrize("code", ALL, ids=lambda c: c.code)
def test_every_registered_code_is_documented_with_its_severity(code: Code) -> None:
    rows = _table_rows(_section(code.page, code.docs.split("#", 1)[1]))
    assert code.code in rows, f"{code.code}: add a row to the table of {code.docs}"
    assert rows[code.code] == code.severity.value, (
        f"{code.code}: {code.docs} says {rows[code.code]!r}, the registry {code.severity.value!r}"
    )


def test_every_documented_code_is_registered() -> None:
    sections = {c.docs for c in ALL}
    for docs in sorted(sections):
        page, anchor = docs.split("#", 1)
        for code in _table_rows(_section(page, anchor)):
            assert code in BY_CODE, f"{docs} documents {code!r}, which is not registered: {FIX}"
            assert BY_CODE[code].docs == docs, (
                f"{code} is documented in {docs}, registered elsewhere"
            )


# --- The examples produce the registered severities ----------------------------------------


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_examples_produce_the_registered_severities(path: Path) -> None:
    from heritage.validate import validate_path

    stem_codes = [c.code for c in ALL if path.stem == c.code or path.stem.startswith(c.code + "-")]
    assert stem_codes, f"{path.name} is not named after a registered code"
    own = max(stem_codes, key=len)
    result = validate_path(path, today=TODAY)
    assert own in result.codes()
    for issue in result.issues:
        assert issue.severity is BY_CODE[issue.code].severity, issue.code
        assert BY_CODE[issue.code].area == "validate", issue.code


# --- Rows: imports locate issues by spreadsheet row, not by line ---------------------------


def test_row_is_reported_as_row_and_kept_in_json() -> None:
    made = codes.issue("duplicate-row", "given twice.", "a-site", row=4)
    result = ValidationResult("sheet.csv", [made], 0)
    assert (
        text_line("sheet.csv", made) == "sheet.csv:row 4: error[duplicate-row] a-site: given twice."
    )
    (record,) = json.loads(to_json([result]))
    assert record["row"] == 4 and record["line"] is None and record["column"] is None
    assert codes.issue("invalid-json", "x", line=2, column=5).to_dict()["row"] is None


def test_validate_lists_the_registry() -> None:
    from click.testing import CliRunner

    from heritage.cli import cli

    result = CliRunner().invoke(cli, ["validate", "--list-codes"])
    assert result.exit_code == 0, result.output
    listed = [line.split("\t") for line in result.output.splitlines()]
    assert [(r[0], r[1], r[2], r[4]) for r in listed] == [
        (c.code, c.severity.value, c.area, c.docs) for c in ALL
    ]
