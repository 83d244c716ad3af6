"""Signed links that stand for one row, for people who never sign in (a staff survey, a
session's feedback): the row's id signed with a salt of its own, so a link of one kind never
opens another. Whether a link was used is the row's to keep (its answered time)."""

import datetime

from django.core import signing


class _SignedAtSigner(signing.TimestampSigner):
    """Signs with a given instant rather than now: the token is the same string each time."""

    def __init__(self, *, signed_at: datetime.datetime, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.signed_at = signed_at

    def timestamp(self) -> str:
        return signing.b62_encode(int(self.signed_at.timestamp()))


def row_token(row_id: int, *, salt: str, key: str, signed_at: datetime.datetime | None = None) -> str:
    """A link's token for the row. With ``signed_at`` it is the same string each time it is made
    (a reminder carries the invitation's link); its age counts from that instant."""
    if signed_at is None:
        return signing.dumps({key: row_id}, salt=salt)
    return _SignedAtSigner(signed_at=signed_at, salt=salt).sign_object({key: row_id})


def row_id_from_token(token: str, *, salt: str, key: str, max_age: float | None = None) -> int | None:
    """The row id a link stands for; None when it does not verify or is older than ``max_age``
    seconds."""
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, int) else None
