import datetime


class PinnedNow:
    """``timezone.now()`` as a test sets it (see the ``now`` fixture)."""

    def __init__(self, value: datetime.datetime) -> None:
        self.value = value

    def set(self, value: datetime.datetime) -> None:
        self.value = value
