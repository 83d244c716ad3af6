"""Software versions in order: pure, without the ORM.

Vendors write versions many ways (``7.2.1``, ``2024.3``, ``11.0 SP2``, ``5.4-hf12``). A version is
read as its runs of digits and of letters: digit runs compare as numbers, letter runs
alphabetically without case, and separators (dots, dashes, spaces) only separate. At the same
place a number ranks above a word, so ``7.2.1`` comes after ``7.2.beta``; a version that is a
prefix of another comes first (``7.2`` before ``7.2.1``). A patch level (``SP2``, ``HF14``) is
compared the same way after the version."""

import re
from typing import Literal

_TOKEN = re.compile(r"\d+|[^\W\d_]+")

# Tokens tagged by kind so a number and a word never compare with each other directly.
Token = tuple[Literal[0], str] | tuple[Literal[1], int]
VersionKey = tuple[Token, ...]


def version_key(text: str) -> VersionKey:
    """The sort key of a version text: ``"7.2 SP1"`` -> ``((1, 7), (1, 2), (0, "sp"), (1, 1))``."""
    return tuple((1, int(token)) if token.isdigit() else (0, token.casefold()) for token in _TOKEN.findall(text))


def release_key(version: str, patch_level: str = "") -> tuple[VersionKey, VersionKey]:
    """A version with its patch level: the version decides, the patch level breaks ties."""
    return (version_key(version), version_key(patch_level))


def compare_releases(old: tuple[str, str], new: tuple[str, str]) -> int:
    """-1 when ``new`` is older than ``old`` (backwards), 0 when it is the same, 1 when newer."""
    old_key, new_key = release_key(*old), release_key(*new)
    return (new_key > old_key) - (new_key < old_key)


def is_at_least(version: str, patch_level: str, required: str) -> bool:
    """Whether a component at ``version`` (``patch_level``) carries a fix shipped in ``required``:
    ``required`` may name a version (``7.3``) or a version with its patch (``7.2 SP3``)."""
    current = version_key(f"{version} {patch_level}")
    return current >= version_key(required)
