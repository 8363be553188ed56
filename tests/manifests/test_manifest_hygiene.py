"""DS905 (resources) and DS906 (image pinning) details."""

from __future__ import annotations

import pytest

from dslint.knowledge.kubernetes import parse_image
from dslint.manifests.rules.ds906_mutable_image_tag import why_mutable
from manifest_helpers import by_code, check_text


@pytest.mark.parametrize("image,mutable", [
    ("busybox", True),
    ("busybox:latest", True),
    ("busybox:stable", True),
    ("busybox:1.36", True),
    ("busybox:1.36.1", False),
    ("ghcr.io/example/exporter:canary", True),
    ("docker.io/bitnamilegacy/deepspeed:0.14.2", True),
    ("registry.example.com:5000/team/app", True),
    ("registry.example.com:5000/team/app:v2.4.1", False),
    ("docker.io/bitnami/deepspeed:0.14.2-debian-12-r3", False),
    ("docker.io/bitnami/deepspeed:0.14.2-debian-12", True),
    ("docker.io/bitnami/deepspeed:0.14.2", True),
    ("docker.io/bitnami/os-shell:12-debian-12-r21", False),
    ("ghcr.io/notbitnami/tool:1.2.3", False),
    ("docker.io/bitnami/deepspeed:latest@sha256:" + "a" * 64, False),
    ("busybox@sha256:" + "b" * 64, False),
])
def test_mutable_tags(image, mutable):
    assert bool(why_mutable(image)) is mutable


def test_image_references_keep_registry_ports():
    assert parse_image("registry.example.com:5000/team/app")[:3] == ("registry.example.com:5000", "team/app", "")
    assert parse_image("registry.example.com:5000/team/app:1.0.0@sha256:x") == (
        "registry.example.com:5000", "team/app", "1.0.0", "sha256:x")


def container(resources: str) -> str:
    return ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n"
            f"      image: x/y:1.2.3\n{resources}")


@pytest.mark.parametrize("resources,missing", [
    ("", "CPU request, memory request and memory limit"),
    ("      resources: {requests: {cpu: 1, memory: 1Gi}}\n", "memory limit"),
    ("      resources: {limits: {memory: 1Gi}}\n", "CPU request"),
    ("      resources: {limits: {cpu: 1, memory: 1Gi}}\n", None),
])
def test_resources(resources, missing):
    findings = by_code(check_text(container(resources)), "DS905")
    if missing is None:
        assert not findings
    else:
        assert [f.message for f in findings] == [f"container 'app' lacks a {missing}"]


def test_development_profile_skips_hygiene_rules():
    findings = check_text(container(""), profile="development")
    assert not by_code(findings, "DS905")
