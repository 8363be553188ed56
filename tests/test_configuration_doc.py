"""docs/configuration.md is generated from the configuration model and says what the code does (issue 16 item 18)."""

from __future__ import annotations

import re

from conftest import ROOT
from dslint.config import load_settings
from dslint.config_docs import PAGE, configuration_markdown
from dslint.model.config import ConfigFile, Limits


def test_committed_page_is_generated_from_the_model():
    assert (ROOT / PAGE).read_text() == configuration_markdown(), "run `python -m dslint.docs --write`"


def test_every_setting_is_documented_with_a_description():
    page = configuration_markdown()
    for model, prefix in ((ConfigFile, ""), (Limits, "limits.")):
        for name, field in model.model_fields.items():
            assert field.description, f"{name} has no description"
            assert f"| `{prefix}{field.alias or name}` |" in page
    for key in ("offline", "namespace", "kube-version", "api-versions", "pss-level", "limits"):
        assert f"| `{key}` |" in page


def test_the_examples_are_valid_configuration(tmp_path, monkeypatch):
    page = configuration_markdown()
    yaml_example = re.search(r"```yaml\n(.*?)```", page, re.S).group(1)
    toml_example = re.search(r"```toml\n(.*?)```", page, re.S).group(1)
    (tmp_path / ".dslint.yaml").write_text(yaml_example)
    monkeypatch.chdir(tmp_path)
    settings = load_settings(None, {})
    assert settings.platform == "openshift" and settings.limits.max_depth == 50 and settings.namespace == "ml"
    (tmp_path / ".dslint.yaml").unlink()
    (tmp_path / "pyproject.toml").write_text(toml_example)
    assert load_settings(None, {}).ignore == ("DS213",)


def test_the_readme_points_at_the_reference():
    assert "docs/configuration.md" in (ROOT / "README.md").read_text()
