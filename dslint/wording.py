"""Small pieces of English every message needs: counts with the right noun, ranges, fix sentences."""

from __future__ import annotations


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`1 pod`, `2 pods`, `1 entry`, `3 entries`."""
    if count == 1:
        return f"{count} {singular}"
    if plural_form is None:
        plural_form = singular[:-1] + "ies" if singular.endswith("y") and singular[-2:-1] not in "aeiou" else singular + "s"
    return f"{count} {plural_form}"


def numbered(first: int, last: int, noun: str) -> str:
    """`worker 2`, `workers 2 and 3`, `workers 2 to 5`."""
    if first == last:
        return f"{noun} {first}"
    joiner = "and" if last == first + 1 else "to"
    return f"{noun}s {first} {joiner} {last}"


def sentence(text: str) -> str:
    """A fix as a sentence: a capital first letter and a final full stop (`?`, `!` and `)` end one too).

    Fixes come from rule metadata and from checks, written by different hands;
    every format prints them, so they read alike whatever their origin.
    """
    text = " ".join(text.split())
    if not text:
        return text
    if text[0].islower():
        text = text[0].upper() + text[1:]
    if not text.endswith((".", "?", "!")):
        text += "."
    return text
