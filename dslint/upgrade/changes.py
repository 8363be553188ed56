"""One thing an upgrade changes, as every step reports it and every format prints it."""

from __future__ import annotations

from typing import Any, NamedTuple

KEY_REMOVED = "key-removed"
KEY_RENAMED = "key-renamed"
KEY_DEPRECATED = "key-deprecated"
KEY_ADDED = "key-added"
DEFAULT_CHANGED = "default-changed"
OBJECT_ADDED = "object-added"
OBJECT_REMOVED = "object-removed"
OBJECT_CHANGED = "object-changed"

# The order the text report groups them in: what the user must act on first.
KINDS = (KEY_REMOVED, KEY_RENAMED, KEY_DEPRECATED, DEFAULT_CHANGED, KEY_ADDED,
         OBJECT_ADDED, OBJECT_REMOVED, OBJECT_CHANGED)
# A key the user sets that the new version no longer reads: the values must change before the upgrade.
MUST_ACT = frozenset({KEY_REMOVED, KEY_RENAMED})

_UNSET = object()


class Change(NamedTuple):
    """What changes, where in the values (or None), and for a manifest change, which object."""

    kind: str
    path: str | None
    message: str
    old: Any = _UNSET
    new: Any = _UNSET
    object: str | None = None  # `Kind/name`
    # Changed fields of an object, as dotted paths inside it.
    fields: tuple[str, ...] = ()
    # Where the user set `path`, or where they would (a `dslint.findings.Location`; None: nowhere).
    location: Any = None

    @property
    def must_act(self) -> bool:
        return self.kind in MUST_ACT

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "path": self.path}
        if self.object is not None:
            out["object"] = self.object
        if self.old is not _UNSET:
            out["old"] = self.old
        if self.new is not _UNSET:
            out["new"] = self.new
        if self.fields:
            out["fields"] = list(self.fields)
        out["message"] = self.message
        if self.location is not None and not self.location.is_default:
            from dslint.formats.json_format import location_dict

            out["location"] = location_dict(self.location)
        return out

    def has_old(self) -> bool:
        return self.old is not _UNSET

    def has_new(self) -> bool:
        return self.new is not _UNSET


def dotted(path: tuple[Any, ...]) -> str:
    """`worker.sidecars[0].image`, as the rest of dslint writes values paths."""
    from dslint.findings import format_path

    return format_path(path)
