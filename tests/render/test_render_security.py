"""What a pull request can make the render lane do with hostile settings, charts and registries (issue 12).

The helm binary path runs with a stand-in `helm` (render_helpers.fake_helm) that reads its command
line as Helm does and honours --post-renderer and --output-dir, so a test sees whether anything
hostile reached it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tarfile
import threading
import time
from pathlib import Path

import pytest
from render_helpers import CLEAN, FIXTURE_CHART, chart_copy, fake_helm, helm_calls, sdk, values_file  # noqa: F401

from dslint.load.errors import InputError
from dslint.render.arguments import helm_pull_argv, helm_template_argv

CHART = str(FIXTURE_CHART)
ROOT = Path(__file__).resolve().parents[2]


def _error_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.exit_code == 2, result.stderr
    assert len(lines) == 1 and lines[0].startswith("dslint: error: "), result.stderr
    return lines[0]


# --- 1. settings that reach helm's command line ---------------------------------------------------


@pytest.fixture
def evil_program(tmp_path):
    """A post-renderer that leaves a mark when run (Helm runs it with the manifests on stdin)."""
    program = tmp_path / "evil.sh"
    program.write_text(f"#!/bin/sh\ntouch {tmp_path / 'evil-ran'}\ncat\n")
    program.chmod(0o755)
    return tmp_path / "evil-ran"


@pytest.mark.parametrize("key, value", [
    ("release-name", '"--post-renderer=./evil.sh"'),
    ("release-name", '"--post-renderer"'),
    ("release-name", '"--output-dir=out"'),
    ("release-name", '"--validate"'),
    ("release-name", '"-a"'),
    ("namespace", '"--post-renderer=./evil.sh"'),
    ("namespace", '"ml --output-dir=out"'),
    ("kube-version", '"--post-renderer=./evil.sh"'),
    ("api-versions", '["apps/v1", "--output-dir=out"]'),
    ("api-versions", '["apps/v1,--validate"]'),
])
def test_a_hostile_setting_in_the_config_never_reaches_helm(run_cli, fake_helm, values_file, tmp_path,
                                                            evil_program, key, value):
    (tmp_path / ".dslint.yaml").write_text(f"fail-on: never\n{key}: {value}\n")
    for command in ("check", "render"):
        result = run_cli(command, "--chart", CHART, values_file(CLEAN))
        line = _error_line(result)
        # Located at the value (a list's item) in the config file.
        column = len(key) + 3 + (value.rfind('"', 0, value.index("--")) if key == "api-versions" else 0)
        assert line.startswith(f"dslint: error: .dslint.yaml:2:{column}: invalid {key} "), line
    assert helm_calls(fake_helm) == []
    assert not evil_program.exists()
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("option, value", [
    ("--release-name", "--post-renderer=./evil.sh"),
    ("--namespace", "--output-dir=out"),
    ("--kube-version", "--validate"),
    ("--api-versions", "--post-renderer=./evil.sh"),
])
def test_a_hostile_setting_on_the_command_line_never_reaches_helm(run_cli, fake_helm, values_file, tmp_path,
                                                                  evil_program, option, value):
    result = run_cli("render", "--isolated", "--chart", CHART, values_file(CLEAN), f"{option}={value}",
                     "--fail-on", "never")
    line = _error_line(result)
    assert line.startswith(f"dslint: error: {option} {value!r}: invalid "), line
    assert helm_calls(fake_helm) == [] and not evil_program.exists() and not (tmp_path / "out").exists()


def test_valid_settings_reach_helm_after_the_end_of_its_options(run_cli, fake_helm, values_file, tmp_path):
    (tmp_path / ".dslint.yaml").write_text("release-name: train.v2\nnamespace: ml-team\nkube-version: v1.29.3\n"
                                           "api-versions: [monitoring.coreos.com/v1/ServiceMonitor]\n")
    result = run_cli("check", "--chart", CHART, values_file(CLEAN), "--fail-on", "never")
    assert result.exit_code == 0, result.stderr
    [argv] = helm_calls(fake_helm)
    end = argv.index("--")
    assert argv[end:] == ["--", "train.v2", CHART]
    assert all(arg.startswith("--") and "=" in arg for arg in argv[1:end])
    assert "--kube-version=v1.29.3" in argv and "--api-versions=monitoring.coreos.com/v1/ServiceMonitor" in argv


def test_helm_argv_is_built_from_checked_values_only():
    argv = helm_template_argv("helm", "r", "--chart-dir", "ns", "/tmp/v.json", None, ("apps/v1",))
    assert argv == ["helm", "template", "--namespace=ns", "--values=/tmp/v.json", "--api-versions=apps/v1",
                    "--", "r", "--chart-dir"]
    with pytest.raises(InputError, match="invalid release name"):
        helm_template_argv("helm", "--post-renderer=x", "chart", "ns", "/tmp/v.json", None, ())
    assert helm_pull_argv("helm", "oci://registry.example.com:5000/charts/deepspeed", "2.1.1", "/d") == [
        "helm", "pull", "--version=2.1.1", "--destination=/d", "--", "oci://registry.example.com:5000/charts/deepspeed"]
    for reference, version in (("oci://host/charts/x --post-renderer=y", "1"), ("oci://host/x", "--devel"),
                               ("oci://host/x", "1.0 --insecure-skip-tls-verify")):
        with pytest.raises(InputError):
            helm_pull_argv("helm", reference, version, "/d")


def test_an_oci_version_that_is_an_option_is_refused_before_any_pull(run_cli, fake_helm, tmp_path):
    result = run_cli("render", "--isolated", "--chart", "oci://registry.example.com/charts/deepspeed",
                     "--pull-version=--insecure-skip-tls-verify", "--set", "a=1")
    assert "is not a chart version" in _error_line(result)
    assert helm_calls(fake_helm) == []


def test_release_names_follow_helms_rule(run_cli, values_file):
    ok = run_cli("check", "--isolated", values_file(CLEAN), "--release-name", "a" * 53, "--format", "json")
    assert ok.exit_code == 1 and {f["code"] for f in ok.json()["findings"]} >= {"DS106"}  # checked, not refused
    too_long = run_cli("check", "--isolated", values_file(CLEAN), "--release-name", "a" * 54)
    assert "Helm allows at most 53" in _error_line(too_long)


# --- 8. charts that read outside themselves, and Helm's own log lines ----------------------------


def _leaking_chart(chart_copy, tmp_path: Path, link_to: Path) -> Path:
    chart = chart_copy()
    (chart / "files").mkdir()
    os.symlink(link_to, chart / "files" / "outside")
    (chart / "templates" / "leak.yaml").write_text('{{ fail (.Files.Get "files/outside") }}\n')
    return chart


@pytest.mark.parametrize("link", ["file", "folder", "relative"])
def test_a_link_out_of_the_chart_is_refused_and_its_content_never_printed(run_cli, sdk, values_file, chart_copy,
                                                                           tmp_path, capfd, link):
    secret_dir = tmp_path / "elsewhere"
    secret_dir.mkdir()
    (secret_dir / "id_rsa").write_text("TOP-SECRET-CONTENT\n")
    target = {"file": secret_dir / "id_rsa", "folder": secret_dir,
              "relative": Path("../../../elsewhere/id_rsa")}[link]
    chart = _leaking_chart(chart_copy, tmp_path, target)
    for output_format in ("text", "json", "sarif"):
        result = run_cli("check", "--isolated", "--chart", str(chart), values_file(CLEAN), "--fail-on", "never",
                         "--format", output_format)
        line = _error_line(result)
        assert "chart file files/outside is a symbolic link to outside the chart" in line
        assert "TOP-SECRET" not in result.stdout + result.stderr
    assert "TOP-SECRET" not in "".join(capfd.readouterr())


def test_a_link_inside_the_chart_renders_and_helms_log_line_is_a_note(run_cli, sdk, values_file, chart_copy,
                                                                       capfd):
    chart = chart_copy()
    (chart / "files").mkdir()
    os.symlink("../values.yaml", chart / "files" / "defaults.yaml")
    capfd.readouterr()
    result = run_cli("render", "--isolated", "--chart", str(chart), values_file(CLEAN))
    assert result.exit_code == 0, result.stderr
    assert "dslint: note: Helm: INFO found symbolic link in path" in result.stderr
    raw = capfd.readouterr()
    assert "found symbolic link" not in raw.err + raw.out  # nothing from Helm outside dslint's output


def test_a_fifo_in_the_chart_is_refused(run_cli, sdk, values_file, chart_copy):
    chart = chart_copy()
    os.mkfifo(chart / "templates" / "wait.yaml")  # Helm's loader would wait on it forever
    line = _error_line(run_cli("check", "--isolated", "--chart", str(chart), values_file(CLEAN)))
    assert "chart file templates/wait.yaml is not a regular file" in line


# --- 17. archives that name one chart and hold another ------------------------------------------


def _tar(path: Path, entries: list[tuple[str, bytes]]) -> Path:
    import io

    with tarfile.open(path, "w:gz") as archive:
        for name, data in entries:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def _chart_yaml(name: str, version: str) -> bytes:
    return f"apiVersion: v2\nname: {name}\nversion: {version}\n".encode()


def _fixture_entries(top: str) -> list[tuple[str, bytes]]:
    return [(f"{top}/{p.relative_to(FIXTURE_CHART).as_posix()}", p.read_bytes())
            for p in sorted(FIXTURE_CHART.rglob("*")) if p.is_file()]


def test_an_archive_with_two_charts_is_refused(run_cli, sdk, values_file, tmp_path):
    evil = [("evil/Chart.yaml", _chart_yaml("evil", "6.6.6")),
            ("evil/templates/x.yaml", b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: evil\n")]
    archive = _tar(tmp_path / "two.tgz", _fixture_entries("deepspeed") + evil)
    result = run_cli("render", "--isolated", "--chart", str(archive), values_file(CLEAN))
    line = _error_line(result)
    assert "more than one top-level folder (deepspeed/ and evil/)" in line
    assert result.stdout == ""


def test_an_archive_holding_chart_yaml_twice_is_refused(run_cli, sdk, values_file, tmp_path):
    archive = _tar(tmp_path / "twice.tgz", _fixture_entries("deepspeed") +
                   [("deepspeed/Chart.yaml", _chart_yaml("deepspeed", "2.3.51"))])
    line = _error_line(run_cli("render", "--isolated", "--chart", str(archive), values_file(CLEAN)))
    assert "holds deepspeed/Chart.yaml twice" in line


@pytest.mark.parametrize("name", ["Chart.yaml", "deepspeed/../../x.yaml", "/etc/x.yaml"])
def test_an_archive_entry_outside_a_chart_folder_is_refused(tmp_path, name):
    from dslint.render.chart import read_chart_metadata

    archive = _tar(tmp_path / "odd.tgz", [("deepspeed/Chart.yaml", _chart_yaml("deepspeed", "2.1.1")),
                                          (name, b"x: 1\n")])
    with pytest.raises(InputError, match="more than one top-level folder|not inside a chart folder"):
        read_chart_metadata(str(archive))


def test_the_header_names_the_chart_helm_rendered(run_cli, sdk, values_file, tmp_path):
    """One answer: what dslint reads from the archive is what Helm loads from it."""
    archive = _tar(tmp_path / "one.tgz", _fixture_entries("deepspeed"))
    result = run_cli("render", "--isolated", "--chart", str(archive), values_file(CLEAN))
    assert result.exit_code == 0, result.stderr
    with sdk.Chart.load(str(archive)) as chart:
        assert result.stdout.startswith(f"# Rendered by dslint from chart {chart.name} {chart.version},")


# --- 9. limits are settings like the values limits -----------------------------------------------


def test_chart_limits_come_from_the_config_and_the_command_line(run_cli, sdk, values_file, tmp_path):
    (tmp_path / ".dslint.yaml").write_text("limits:\n  max-chart-files: 3\n")
    small = run_cli("check", "--chart", CHART, values_file(CLEAN))
    assert "more than 3 files (raise it with --max-chart-files" in _error_line(small)
    raised = run_cli("check", "--chart", CHART, values_file(CLEAN), "--max-chart-files", "100")
    assert raised.exit_code == 0, raised.stderr


@pytest.mark.parametrize("setting, message", [
    ("timeout: -1", "the --timeout limit must be a number of seconds above 0"),
    ("timeout: fast", "must be a number"),
    ("max-render-size: 0", "the --max-render-size limit must be a whole number from 1"),
])
def test_invalid_chart_limits_in_the_config_are_errors(run_cli, values_file, tmp_path, setting, message):
    (tmp_path / ".dslint.yaml").write_text(f"limits:\n  {setting}\n")
    assert message in _error_line(run_cli("check", values_file(CLEAN)))


def test_the_helm_binary_is_stopped_at_the_timeout(run_cli, fake_helm, values_file):
    started = time.monotonic()
    result = run_cli("check", "--isolated", "--chart", CHART, values_file(CLEAN + "slow: true\n"), "--fail-on", "never",
                     "--timeout", "1")
    assert "helm template did not finish within 1 s and was stopped" in _error_line(result)
    assert time.monotonic() - started < 10


def test_the_helm_binary_output_is_bounded(run_cli, fake_helm, values_file):
    result = run_cli("check", "--isolated", "--chart", CHART, values_file(CLEAN + "big: true\n"), "--fail-on", "never")
    assert "what helm template printed is" in _error_line(result)
    assert "more than the 4 MiB limit (raise it with --max-render-size" in result.stderr


# --- 13. a registry that accepts and never answers -----------------------------------------------


@pytest.fixture
def silent_registry():
    """A TCP server on 127.0.0.1 that accepts every connection and never sends a byte."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"oci://127.0.0.1:{server.getsockname()[1]}/charts/deepspeed"
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    server.close()


def _dslint(*args: str, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "dslint.cli", *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "XDG_CACHE_HOME": str(cwd / "cache")})


@pytest.mark.parametrize("how", ["flag", "config"])
def test_a_pull_that_never_answers_is_stopped_at_the_timeout(sdk, silent_registry, tmp_path, how):
    (tmp_path / "values.yaml").write_text(CLEAN)
    if how == "config":
        (tmp_path / ".dslint.yaml").write_text("limits:\n  timeout: 1.5\n")
    args = ["--timeout", "1.5"] if how == "flag" else []
    started = time.monotonic()
    process = _dslint("check", "--chart", silent_registry, "--pull-version", "2.1.1", "values.yaml", *args, cwd=tmp_path)
    out, err = process.communicate(timeout=30)
    took = time.monotonic() - started
    assert process.returncode == 2, err
    assert err.strip().count("\n") == 0 and "the pull of the chart did not finish within 1.5 s" in err, err
    assert took < 6, f"took {took:.1f} s"
    assert not list((tmp_path / "cache").rglob("*.tgz"))  # nothing half-pulled is cached
    assert not list((tmp_path / "cache").rglob(".pull-*"))  # and no scratch folder is left


def test_ctrl_c_does_not_wait_for_a_pull(sdk, silent_registry, tmp_path):
    (tmp_path / "values.yaml").write_text(CLEAN)
    process = _dslint("check", "--chart", silent_registry, "--pull-version", "2.1.1", "values.yaml", "--timeout", "60",
                      cwd=tmp_path)
    time.sleep(2)  # the pull is under way, waiting on the registry
    interrupted = time.monotonic()
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert "dslint: interrupted" in err
    assert time.monotonic() - interrupted < 3
