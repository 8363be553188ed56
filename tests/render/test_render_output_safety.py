"""What `dslint render` prints is redacted and escaped like what `dslint check` prints (issue 12, items 4-5).

`render --check` printed the rendered Secret (a base64 SSH private key, old and new) in its diff,
and a file in the output folder named `x<LF>::error file=README.md::...yaml` (or an object name
with a line break) reached stdout and stderr unescaped: GitHub Actions runs such a line as a
workflow command.  Every line now goes through `dslint.printing`.
"""

from __future__ import annotations

import base64
import re

import pytest
from render_helpers import FIXTURE_CHART, sdk, values_file  # noqa: F401 (fixtures)

CHART = str(FIXTURE_CHART)
OLD_KEY_BODY = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"
NEW_KEY_BODY = "QyNTUxOQAAACDXq3xqvT9dNc6Ohq4XgP9F0Zq1uE2JMtq0T3hWn9pS5wAAAJh2mA3Wdpg"


def _key(body: str) -> str:
    return f"-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n-----END OPENSSH PRIVATE KEY-----\n"


def _values(body: str) -> str:
    indented = "".join(f"    {line}\n" for line in _key(body).splitlines())
    return f"config:\n  sshPrivateKey: |\n{indented}"


def render(run_cli, *args):
    return run_cli("render", "--isolated", "--chart", CHART, "--fail-on", "never", *args)


def _fragments(secret: str) -> list[str]:
    return [secret[i : i + 8] for i in range(0, len(secret) - 7, 4)]


def _no_line_starts_a_command(*streams: str) -> None:
    for stream in streams:
        for line in stream.splitlines():
            assert not line.lstrip().startswith("::"), line
        assert "\x1b" not in stream


@pytest.mark.parametrize("output", ["out", "out.yaml"])
def test_check_diff_hides_old_and_new_secret_data(run_cli, sdk, values_file, tmp_path, output):
    path = values_file(_values(OLD_KEY_BODY))
    assert render(run_cli, path, "-o", output).exit_code == 0
    written = "".join(p.read_text() for p in sorted(tmp_path.rglob("*.yaml")) if p.name != "values.yaml")
    old_data = base64.b64encode(_key(OLD_KEY_BODY).encode()).decode()
    assert old_data in written  # the render itself writes the Secret: that is its output

    path.write_text(_values(NEW_KEY_BODY))
    stale = render(run_cli, path, "-o", output, "--check")
    assert stale.exit_code == 1
    assert re.search(r"^-  id_rsa: .*<redacted: ", stale.stdout, re.MULTILINE), stale.stdout
    assert re.search(r"^\+  id_rsa: .*<redacted: ", stale.stdout, re.MULTILINE), stale.stdout
    new_data = base64.b64encode(_key(NEW_KEY_BODY).encode()).decode()
    everything = stale.stdout + stale.stderr
    for secret in (old_data, new_data, OLD_KEY_BODY, NEW_KEY_BODY):
        leaked = [f for f in _fragments(secret) if f in everything]
        assert not leaked, leaked


def test_a_file_name_in_the_output_folder_cannot_forge_a_line(run_cli, sdk, values_file, tmp_path):
    path = values_file("config:\n  existingSSHKeySecret: deepspeed-ssh\n")
    assert render(run_cli, path, "-o", "out").exit_code == 0
    (tmp_path / "out" / "x\n::error file=README.md::INJECTED.yaml").write_text("a: 1\n")
    checked = render(run_cli, path, "-o", "out", "--check")
    assert checked.exit_code == 1
    assert "x\\n::error file=README.md::INJECTED.yaml" in checked.stdout
    written = render(run_cli, path, "-o", "out")
    assert written.exit_code == 2
    _no_line_starts_a_command(checked.stdout, checked.stderr, written.stdout, written.stderr)


def test_an_object_name_cannot_forge_a_line(run_cli, sdk, values_file, tmp_path):
    """A name from the values reaches notes, findings and the diff's file names."""
    path = values_file('config:\n  existingSSHKeySecret: deepspeed-ssh\nfullnameOverride: "x\\n::error::OBJECT\\u001b[2J"\n')
    for args in ((), ("-o", "out"), ("-o", "out", "--check"), ("-o", "out.yaml", "--check")):
        result = render(run_cli, path, *args)
        assert "Traceback" not in result.stderr
        streams = (result.stderr,) if not args else (result.stdout, result.stderr)
        _no_line_starts_a_command(*streams)


def test_render_notes_are_redacted(run_cli, sdk, values_file, tmp_path):
    """The notes of `render` go through the same funnel as those of `check`."""
    token = "ghp_R7uQm2XkP9vL4sT8wY1zA6bC3dE5fG0hJ2kL"
    path = values_file("config:\n  existingSSHKeySecret: deepspeed-ssh\n")
    result = render(run_cli, path, "-o", f"{token}.yaml", "--check")  # the note names the output
    assert token[:12] not in result.stdout + result.stderr
    assert "dslint: note: " in result.stderr
