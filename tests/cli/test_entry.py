"""The console command's first module: it starts loading Helm only for the commands that render."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dslint.entry import will_render


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["render", "values.yaml", "--chart", "c"], True),
        (["--no-color", "render", "v.yaml"], True),
        (["check", "values.yaml", "--chart", "./deepspeed"], True),
        (["check", "--chart=./deepspeed", "values.yaml"], True),
        (["check", "values.yaml"], False),
        (["check", "--manifests", "out.yaml"], False),
        (["rules"], False),
        ([], False),
        (["--version"], False),
    ],
)
def test_only_rendering_commands_load_helm_early(args, expected):
    assert will_render(args) is expected


def _imports_after(args: list[str]) -> str:
    code = ("import sys\nfrom dslint.entry import run\nsys.argv = ['dslint', *sys.argv[1:]]\n"
            "try:\n    run()\nexcept SystemExit:\n    pass\n"
            "import threading\n[t.join() for t in threading.enumerate() if t is not threading.current_thread()]\n"
            "print('helm_python' in sys.modules, file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)
    return result.stderr.strip().splitlines()[-1]


def test_check_does_not_load_helm(tmp_path):
    values = tmp_path / "values.yaml"
    values.write_text("worker:\n  replicaCount: 2\n")
    assert _imports_after(["check", str(values), "--isolated"]) == "False"


def test_render_starts_loading_helm_before_the_command_line_is_read():
    pytest.importorskip("helm_python")
    code = ("import sys\nfrom dslint import entry\nentry._start_loading_helm()\n"
            "print('click' in sys.modules, 'dslint.cli' in sys.modules)\n"
            "from dslint.render import helm as engine\nengine._sdk()\nprint('helm_python' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == ["False", "False", "True"], result.stderr
