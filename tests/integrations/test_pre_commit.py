"""The pre-commit hooks, run by the real pre-commit tool in a temporary repository.

pre-commit installs dslint from a git repository into an environment of its
own, so the tests first commit a snapshot of this working tree (tracked and
new files) to a temporary hooks repository: they test the code as it is, on a
fresh clone or in a checkout with work in progress alike.  Installing that
environment takes a few seconds with a warm pip cache and up to a few minutes
on a fresh machine (pip downloads dslint's dependencies).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from ci_helpers import BAD_VALUES, ROOT, good_values, snippet

HOOKS_FILE = ROOT / ".pre-commit-hooks.yaml"
# Creating pre-commit's environment runs pip; allow for a cold cache.
INSTALL_TIMEOUT = 900


def _hooks() -> dict[str, dict]:
    return {hook["id"]: hook for hook in yaml.safe_load(HOOKS_FILE.read_text())}


# --- the hooks file -----------------------------------------------------------

def test_hooks_file_is_a_valid_pre_commit_manifest():
    clientlib = pytest.importorskip("pre_commit.clientlib", reason="pre-commit is not installed: pip install '.[test]'")
    hooks = {hook["id"]: hook for hook in clientlib.load_manifest(str(HOOKS_FILE))}
    assert {"dslint", "dslint-render-check"} <= set(hooks)
    assert hooks["dslint"]["entry"] == "dslint check"
    assert hooks["dslint"]["pass_filenames"] is True and hooks["dslint"]["require_serial"] is False
    assert hooks["dslint-render-check"]["entry"] == "dslint render --check"
    assert hooks["dslint-render-check"]["pass_filenames"] is False


@pytest.mark.parametrize("path, matched", [
    ("values.yaml", True), ("values.yml", True), ("deploy/values.yaml", True), ("values-prod.yaml", True),
    ("values.prod.yaml", True), ("values_dev.yml", True), ("prod-values.yaml", True), ("env/prod.values.yaml", True),
    ("values/staging.yaml", True), ("deploy/values/staging.yml", True),
    ("myvalues.yaml", False), ("docker-compose.yaml", False), (".dslint.yaml", False), ("values.json", False),
    ("chart/templates/deployment.yaml", False), ("values.yaml.bak", False), ("values/sub/x.yaml", False),
    # a chart's own defaults, and other charts' values
    ("charts/deepspeed/values.yaml", False), ("deploy/charts/postgresql/values-prod.yaml", False),
])
def test_default_files_pattern(path, matched):
    # pre-commit matches `files` and `exclude` with re.search on the path from the repository root.
    hook = _hooks()["dslint"]
    assert (bool(re.search(hook["files"], path)) and not re.search(hook["exclude"], path)) is matched


def test_hook_commands_exist():
    from dslint.cli import main

    missing = []
    for hook in _hooks().values():
        words = hook["entry"].split()
        assert words[0] == "dslint"
        if words[1] not in main.commands:
            missing.append(f"`dslint {words[1]}` (hook {hook['id']})")
            continue
        command = main.commands[words[1]]
        options = {opt for param in command.params for opt in getattr(param, "opts", [])}
        for word in words[2:]:
            assert word in options, f"hook {hook['id']}: `dslint {words[1]}` has no option {word}"
    if missing:
        pytest.skip(f"not part of dslint yet: {', '.join(missing)}")


def test_readme_config_uses_the_hooks_and_their_args():
    config = yaml.safe_load(snippet("pre-commit", "yaml").text)
    hooks = config["repos"][0]["hooks"]
    assert {h["id"] for h in hooks} <= set(_hooks())
    render = next(h for h in hooks if h["id"] == "dslint-render-check")
    assert {"--chart", "-f", "-o"} <= set(render["args"])


# --- the real tool ------------------------------------------------------------

@pytest.fixture(scope="module")
def pre_commit(tmp_path_factory):
    """How to run pre-commit: installed with the test extra; else installed here; else skip."""
    command = [sys.executable, "-m", "pre_commit"]
    try:
        import pre_commit  # noqa: F401

        yield command
        return
    except ModuleNotFoundError:
        pass
    target = tmp_path_factory.mktemp("pre-commit-tool")
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--target", str(target), "pre-commit"],
                               capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
    if installed.returncode != 0:
        pytest.skip(f"pre-commit cannot be installed here: {installed.stderr.strip()[-300:]}")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(target), os.environ.get("PYTHONPATH")])))
        yield command


@pytest.fixture(scope="module")
def env(tmp_path_factory, pre_commit) -> dict[str, str]:
    if shutil.which("git") is None:
        pytest.skip("pre-commit needs git, which is not installed")
    home = tmp_path_factory.mktemp("pre-commit-home")
    (home / "gitconfig").write_text("")
    out = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT")) and k != "FORCE_COLOR"}
    out.update(
        GIT_AUTHOR_NAME="dslint tests", GIT_AUTHOR_EMAIL="tests@dslint.invalid",
        GIT_COMMITTER_NAME="dslint tests", GIT_COMMITTER_EMAIL="tests@dslint.invalid",
        GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=str(home / "gitconfig"),
        PRE_COMMIT_HOME=str(home / "store"), PRE_COMMIT_COLOR="never",
    )
    return out


def _run(args, cwd, env, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def _git(cwd, env, *args) -> str:
    done = _run(["git", *args], cwd, env)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def _working_tree_files() -> list[str]:
    """This checkout's files as a user sees them: tracked and new, not ignored, no virtualenvs."""
    if (ROOT / ".git").exists():
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                                capture_output=True, text=True, check=True).stdout.split("\0")
    else:
        listed = [p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*") if p.is_file()]
    venvs = [name[: -len("pyvenv.cfg")] for name in listed if name.endswith("pyvenv.cfg")]
    skipped = (".git/", ".tox/", ".hypothesis/", ".pytest_cache/")
    return [name for name in listed
            if name and (ROOT / name).is_file() and not name.startswith((*skipped, *venvs)) and "__pycache__/" not in name]


@pytest.fixture(scope="module")
def hooks_repo(tmp_path_factory, env) -> tuple[Path, str]:
    """A git repository holding this working tree, committed: what `repo:` points at."""
    repo = tmp_path_factory.mktemp("hooks-repo")
    for name in _working_tree_files():
        target = repo / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    assert (repo / ".pre-commit-hooks.yaml").is_file() and (repo / "pyproject.toml").is_file()
    _git(repo, env, "init", "--quiet")
    _git(repo, env, "add", "--all")
    _git(repo, env, "commit", "--quiet", "--no-verify", "-m", "dslint snapshot for the pre-commit tests")
    return repo, _git(repo, env, "rev-parse", "HEAD").strip()


def _user_repo(path: Path, env) -> Path:
    path.mkdir()
    _git(path, env, "init", "--quiet")
    return path


def test_try_repo_reports_findings_in_the_text_format(tmp_path, pre_commit, env, hooks_repo):
    repo = _user_repo(tmp_path / "user", env)
    (repo / "values.yaml").write_text(BAD_VALUES)
    (repo / "values-prod.yaml").write_text(good_values())
    _git(repo, env, "add", ".")
    started = time.monotonic()
    done = _run([*pre_commit, "try-repo", str(hooks_repo[0]), "dslint", "--files", "values.yaml", "values-prod.yaml"],
                repo, env, timeout=INSTALL_TIMEOUT)
    print(f"pre-commit try-repo took {time.monotonic() - started:.1f}s")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "- hook id: dslint" in output and "Failed" in output
    assert re.search(r"^values\.yaml:2:3: DS101 \[error\] unknown key `replicaCont`", output, re.M), output
    assert "values-prod.yaml:" not in output.replace("in 2 files", "")
    assert re.search(r"^\d+ errors?, \d+ warnings?(, \d+ info)? in 2 files; chart 2.1.1 \(default\)$", output, re.M), output


def test_a_failing_then_a_passing_commit(tmp_path, pre_commit, env, hooks_repo):
    """The README's pre-commit config, installed as a git hook: a bad values file blocks the commit."""
    path, rev = hooks_repo
    config = yaml.safe_load(snippet("pre-commit", "yaml").text)
    config["repos"][0].update(repo=str(path), rev=rev)
    # dslint-render-check needs a chart and committed manifests; its own tests cover it.
    config["repos"][0]["hooks"] = [h for h in config["repos"][0]["hooks"] if h["id"] == "dslint"]
    repo = _user_repo(tmp_path / "user", env)
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    started = time.monotonic()
    installed = _run([*pre_commit, "install", "--install-hooks"], repo, env, timeout=INSTALL_TIMEOUT)
    print(f"pre-commit install --install-hooks took {time.monotonic() - started:.1f}s")
    assert installed.returncode == 0, installed.stdout + installed.stderr

    (repo / "deploy").mkdir()
    (repo / "deploy" / "values.yaml").write_text(BAD_VALUES)
    # Not a values file: the default `files:` pattern leaves it alone.
    (repo / "docker-compose.yaml").write_text("services:\n  web:\n    image: nginx\n")
    _git(repo, env, "add", ".")
    failed = _run(["git", "commit", "-m", "bad values"], repo, env, timeout=INSTALL_TIMEOUT)
    output = failed.stdout + failed.stderr
    assert failed.returncode != 0, output
    assert re.search(r"^deploy/values\.yaml:2:3: DS101 \[error\]", output, re.M), output
    assert "docker-compose" not in output
    assert _run(["git", "rev-parse", "--verify", "HEAD"], repo, env).returncode != 0, "nothing was committed"

    (repo / "deploy" / "values.yaml").write_text(good_values())
    _git(repo, env, "add", ".")
    passed = _run(["git", "commit", "-m", "good values"], repo, env, timeout=INSTALL_TIMEOUT)
    output = passed.stdout + passed.stderr
    assert passed.returncode == 0, output
    assert re.search(r"dslint \(DeepSpeed chart values\)\.+Passed", output), output
    assert _git(repo, env, "log", "--format=%s").split() == ["good", "values"]


def test_render_check_hook_blocks_stale_manifests(tmp_path, pre_commit, env, hooks_repo, monkeypatch):
    """Both README hooks on a repository with a chart, its values and the manifests rendered from them."""
    from click.testing import CliRunner

    from dslint.cli import main

    chart = ROOT / "tests" / "render" / "fixture-chart"
    if "render" not in main.commands or not chart.is_dir():
        pytest.skip("needs `dslint render` and the render lane's fixture chart (tests/render/fixture-chart)")
    path, rev = hooks_repo
    config = yaml.safe_load(snippet("pre-commit", "yaml").text)
    config["repos"][0].update(repo=str(path), rev=rev)
    render_args = next(h for h in config["repos"][0]["hooks"] if h["id"] == "dslint-render-check")["args"]
    repo = _user_repo(tmp_path / "user", env)
    shutil.copytree(chart, repo / "charts" / "deepspeed")
    (repo / "deploy").mkdir()
    (repo / "deploy" / "values.yaml").write_text("worker:\n  replicaCount: 2\n")
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    monkeypatch.chdir(repo)

    def render() -> None:
        result = CliRunner().invoke(main, ["render", *render_args], catch_exceptions=False)
        assert result.exit_code == 0, result.output

    def commit(message: str) -> subprocess.CompletedProcess:
        _git(repo, env, "add", ".")
        return _run(["git", "commit", "-m", message], repo, env, timeout=INSTALL_TIMEOUT)

    render()
    started = time.monotonic()
    installed = _run([*pre_commit, "install", "--install-hooks"], repo, env, timeout=INSTALL_TIMEOUT)
    print(f"pre-commit install --install-hooks (with the render extra) took {time.monotonic() - started:.1f}s")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    first = commit("chart, values and manifests")
    assert first.returncode == 0, first.stdout + first.stderr
    assert re.search(r"dslint render --check \(rendered manifests up to date\)\.+Passed", first.stdout + first.stderr), first.stderr

    (repo / "deploy" / "values.yaml").write_text("worker:\n  replicaCount: 3\n")
    stale = commit("more workers, manifests not re-rendered")
    output = stale.stdout + stale.stderr
    assert stale.returncode != 0, output
    assert re.search(r"dslint render --check \(rendered manifests up to date\)\.+Failed", output), output
    assert "+  replicas: 3" in output and "-  replicas: 2" in output, "the hook shows the diff"

    render()
    fixed = commit("more workers, re-rendered")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr


def test_fix_args_fix_the_file_and_fail_only_when_something_remains(tmp_path, pre_commit, env, hooks_repo):
    """`args: [--fix]`: pre-commit's convention for fixers (the run that modifies files fails; the next passes)."""
    path, rev = hooks_repo
    config = {"repos": [{"repo": str(path), "rev": rev, "hooks": [{"id": "dslint", "args": ["--fix"]}]}]}
    repo = _user_repo(tmp_path / "user", env)
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    fixable = "worker:\n  replicaCount: \"2\"   # two\n  podAntiAffinityPreset: Hard\n"
    (repo / "values.yaml").write_text(fixable)
    (repo / "values-prod.yaml").write_text(good_values())
    _git(repo, env, "add", ".")

    def run_hook(*files: str) -> tuple[int, str]:
        done = _run([*pre_commit, "run", "dslint", "--files", *files], repo, env, timeout=INSTALL_TIMEOUT)
        return done.returncode, done.stdout + done.stderr

    code, output = run_hook("values.yaml", "values-prod.yaml")
    assert code == 1, output
    assert "files were modified by this hook" in output, output
    assert (repo / "values.yaml").read_text() == "worker:\n  replicaCount: 2   # two\n  podAntiAffinityPreset: hard\n"
    assert (repo / "values-prod.yaml").read_text() == good_values()
    # Everything was fixed: dslint itself passed, so the next run passes.
    assert not re.search(r"^values\.yaml:\d+:\d+: DS\d+ \[error\]", output, re.M), output
    code, output = run_hook("values.yaml", "values-prod.yaml")
    assert code == 0, output
    assert re.search(r"dslint \(DeepSpeed chart values\)\.+Passed", output), output

    # What no fix can settle fails the hook, and the file is left alone.
    unfixable = "worker:\n  replicaCount: -1\n"
    (repo / "values.yaml").write_text(unfixable)
    code, output = run_hook("values.yaml")
    assert code == 1, output
    assert "files were modified" not in output
    assert re.search(r"^values\.yaml:2:17: DS103 \[error\]", output, re.M), output
    assert (repo / "values.yaml").read_text() == unfixable
