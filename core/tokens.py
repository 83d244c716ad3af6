"""Signed links that stand for one row, for people who never sign in (a staff survey, a
session's feedback): the row's id signed with a salt of its own, so a link of one kind never
opens another. Whether a link was used is the row's to keep (its answered time)."""

from django.core import signing


def row_token(row_id: int, *, salt: str, key: str) -> str:
    return signing.dumps({key: row_id}, salt=salt)


def row_id_from_token(token: str, *, salt: str, key: str, max_age: float | None = None) -> int | None:
    """The row id a link stands for; None when it does not verify or is older than ``max_age``
    seconds."""
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, int) else None
