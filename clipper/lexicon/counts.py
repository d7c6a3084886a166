"""How a count of things is written in messages: `1 error`, `2 errors`, `0 errors`."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """`n` and the noun in agreement with it: the singular for exactly one, else the plural
    (`plural`, or the noun with an `s`)."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


__all__ = ["counted"]
