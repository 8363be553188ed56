"""One generic test walks every rule's fixture folder (Polaris' pattern).

`tests/rules/<CODE>/` holds `bad*.yaml` files, where each line that must
produce a finding of that code carries `# expect: <CODE> col=.. message=".."`
(the marker language, with severity and fix, is in fixture_expectations.py),
and `good*.yaml` files, which must not produce it.  A first-line comment
`# dslint-test: <arguments>` passes extra `dslint check` arguments (platform,
chart version...).  The registry test makes sure every rule has both kinds of
fixture and its docs, so no rule ships untested.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from fixture_expectations import compare, fixture_expectations

from dslint.registry import MANIFESTS_LANE, RENDER_LANE, all_rules, rule_by_code

HERE = Path(__file__).parent
FIXTURE_CHART = HERE.parent / "render" / "fixture-chart"


def lane_args(lane: str) -> list[str]:
    """How each lane is run: values as they are, manifests with --manifests, Helm's own
    findings by rendering dslint's fixture chart (which needs the Helm engine)."""
    if lane == MANIFESTS_LANE:
        return ["--manifests"]
    if lane == RENDER_LANE:
        pytest.importorskip("helm_python", reason="render-lane rules need the Helm engine (dslint[render])")
        return ["--chart", str(FIXTURE_CHART)]
    return []
ARGS = re.compile(r"^#\s*dslint-test:\s*(.*)$")


def _fixture_files() -> list[tuple[str, Path]]:
    out = []
    for folder in sorted(p for p in HERE.iterdir() if p.is_dir() and re.fullmatch(r"DS\d{3}", p.name)):
        for path in sorted(folder.glob("*.yaml")):
            if path.name.startswith(("bad", "good")):
                out.append((folder.name, path))
    return out


def _extra_args(path: Path) -> list[str]:
    first = path.read_text("utf-8").splitlines()[:3]
    for line in first:
        match = ARGS.match(line)
        if match:
            return [_in_checkout(arg) for arg in shlex.split(match.group(1), comments=True)]
    return []


def _in_checkout(arg: str) -> str:
    """Files the project ships (examples/...) are named from the checkout; the CLI runs elsewhere."""
    return str(HERE.parent.parent / arg) if arg.startswith("examples/") else arg


def check_fixture(run_cli, code: str, path: Path) -> list[dict]:
    rule = rule_by_code(code)
    assert rule is not None, f"fixture folder {code} has no rule"
    # Only the fixture's rule runs: a fixture judges one rule, and a mutant of one rule then costs the
    # tests of that rule, not every fixture's (the example and golden tests still run them all together).
    # DS100 (a suppression that suppresses nothing) is about the other rules' findings: all run.
    select = ["--select", code] if code != "DS100" else []
    result = run_cli("check", *lane_args(rule.meta.lane), str(path), "--format", "json", "--isolated",
                     "--fail-on", "never", *select, *_extra_args(path))
    assert result.exit_code == 0, result.stderr
    return [f for f in result.json()["findings"] if f["code"] == code]


@pytest.mark.parametrize("code,path", _fixture_files(), ids=lambda v: v if isinstance(v, str) else v.name)
def test_fixture(run_cli, code, path):
    findings = check_fixture(run_cli, code, path)
    if path.name.startswith("good"):
        assert not findings, f"{code} fired on a good fixture: {[f['message'] for f in findings]}"
    else:
        expected = fixture_expectations(path)
        assert expected, f"{path} has no `# expect: {code}` marker"
        here = [f for f in findings if f["location"]["file"] == str(path)]
        problems = compare(expected, here)
        assert not problems, f"{path} disagrees with dslint:\n" + "\n".join(problems)


def _bad_fixtures() -> list[tuple[str, Path]]:
    return [(code, path) for code, path in _fixture_files() if path.name.startswith("bad")]


@pytest.mark.parametrize("code,path", _bad_fixtures(), ids=lambda v: v if isinstance(v, str) else v.name)
def test_bad_fixture_states_message_and_column(code, path):
    """A marker that states only the code passes with a wrong message or a finding at the wrong
    column: every expectation of a bad fixture says what the user reads and where."""
    vague = []
    for expectation in fixture_expectations(path):
        if expectation.code != code:
            vague.append(f"line {expectation.line}: {expectation.code} in the {code} folder (the harness checks only {code})")
        missing = [key for key in ("col", "message") if getattr(expectation, key) is None]
        if missing:
            vague.append(f"line {expectation.line}: {expectation.code} states no {' and no '.join(missing)}")
    assert not vague, f"{path}:\n" + "\n".join(vague)


def test_every_rule_has_fixtures_and_docs():
    root = HERE.parent.parent
    for rule in all_rules():
        code = rule.meta.code
        folder = HERE / code
        assert folder.is_dir(), f"{code} has no fixture folder tests/rules/{code}/"
        assert list(folder.glob("bad*.yaml")), f"{code} has no bad fixture"
        assert list(folder.glob("good*.yaml")), f"{code} has no good fixture"
        assert (root / "rules" / f"{code}.md").is_file(), f"{code} has no docs page (python -m dslint.docs --write)"


def test_codes_and_names_are_well_formed():
    for rule in all_rules():
        meta = rule.meta
        assert re.fullmatch(r"DS\d{3}", meta.code)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", meta.name), meta.name
        for text in (meta.summary, meta.rationale, meta.fix):
            assert text.strip(), f"{meta.code} lacks documentation"
        assert meta.bad.endswith("\n") and meta.good.endswith("\n")


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.meta.code)
def test_metadata_examples(run_cli, tmp_path, rule):
    """The bad example in a rule's docs fires it; the good one does not."""
    meta = rule.meta
    args = []
    for key, value in meta.example_options.items():
        args += [f"--{key.replace('_', '-')}", _in_checkout(str(value))]
    for kind, text in (("bad", meta.bad), ("good", meta.good)):
        path = tmp_path / f"{kind}.yaml"
        path.write_text(text, "utf-8")
        result = run_cli("check", *lane_args(meta.lane), str(path), "--format", "json", "--isolated",
                         "--fail-on", "never", *(["--select", meta.code] if meta.code != "DS100" else []), *args)
        assert result.exit_code == 0, result.stderr
        codes = [f["code"] for f in result.json()["findings"]]
        if kind == "bad":
            assert meta.code in codes, f"{meta.code}'s bad example does not fire it"
        else:
            assert meta.code not in codes, f"{meta.code}'s good example fires it"
