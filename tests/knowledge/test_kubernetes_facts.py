"""The facts dslint keeps about Kubernetes itself: quantities, ID ranges, resource kinds, PSS lists."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dslint.knowledge.kubernetes import (
    ID_RANGE,
    in_project_range,
    is_quantity,
    overcommittable,
    parse_quantity,
    safe_sysctls,
    selinux_types,
)


@pytest.mark.parametrize("text, expected", [
    # Kubernetes' suffixes: binary (Ki..Ei), decimal (n..E) and exponents (e/E with a sign).
    ("4Gi", 4 * 2**30), ("1Ki", 1024), ("1Mi", 2**20), ("1Ti", 2**40), ("1Pi", 2**50), ("1Ei", 2**60),
    ("4G", 4 * 10**9), ("1k", 1000), ("1M", 10**6), ("1T", 10**12), ("1P", 10**15), ("1E", 10**18),
    ("1.5E", 15 * 10**17), ("500m", Decimal("0.5")), ("250u", Decimal("0.00025")), ("5n", Decimal("5E-9")),
    ("1e3", 1000), ("1E3", 1000), ("2e-2", Decimal("0.02")), ("+1e+2", 100), ("-1", -1), (".5", Decimal("0.5")),
    ("1.", 1), (" 2Gi ", 2 * 2**30), (2, 2), (1.5, Decimal("1.5")), ("1.5", Decimal("1.5")),
    ("16GB", None), ("1e", None), ("Gi", None), ("1 Gi", None), ("", None), (True, None), (None, None), ([1], None),
])
def test_parse_quantity(text, expected):
    assert parse_quantity(text) == expected


def test_the_project_id_range_includes_both_ends():
    low, high = ID_RANGE
    assert (low, high) == (1_000_000_000, 1_999_999_999)
    assert [in_project_range(v) for v in (low - 1, low, high, high + 1)] == [False, True, True, False]
    assert in_project_range(True) is False and in_project_range(str(low)) is False


@pytest.mark.parametrize("resource, allowed", [
    ("cpu", True), ("memory", True), ("ephemeral-storage", True), ("requests.kubernetes.io/foo", True),
    ("example.kubernetes.io/x", True), ("nvidia.com/gpu", False), ("example.com/foo", False),
    ("hugepages-2Mi", False), ("hugepages-1Gi", False),
])
def test_which_resources_may_request_less_than_their_limit(resource, allowed):
    assert overcommittable(resource) is allowed


def test_the_pss_lists_follow_the_policy_version():
    assert "container_engine_t" not in selinux_types(30)
    assert "container_engine_t" in selinux_types(31) and "container_engine_t" in selinux_types()
    assert selinux_types(0) == {"", "container_t", "container_init_t", "container_kvm_t"}  # "": no type set
    assert "net.ipv4.ip_local_reserved_ports" not in safe_sysctls(26)
    assert "net.ipv4.ip_local_reserved_ports" in safe_sysctls(27)
    assert "net.ipv4.tcp_rmem" in safe_sysctls() and "net.ipv4.tcp_rmem" not in safe_sysctls(31)


@pytest.mark.parametrize("value, accepted", [
    (0, True), (1, True), (0.5, True), (-1, False), (-0.5, False), (True, False), (False, False),
    ("0", True), ("500m", True), ("1.5Gi", True), ("+1", True), ("-1", False), ("-0", False), ("1 Gi", False),
    ("", False), (None, False), ([], False),
])
def test_is_quantity_accepts_only_non_negative_quantities(value, accepted):
    assert is_quantity(value) is accepted
