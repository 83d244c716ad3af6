"""Text derived from what people typed, made to fit where it goes.

A title of 200 characters is fine on its incident, but "Outage detected: " before it does not fit
a notification's title; a line break in it is harmless on a page and fatal in an email subject.
Whatever builds a title, subject, header or file name from user input passes it through here.
"""

import re
import unicodedata
from pathlib import PurePath

ELLIPSIS = "…"
_LINE_BREAKS_AND_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_SPACES = re.compile(r"\s+")


def fit(text: str, max_length: int) -> str:
    """``text`` itself when it fits in ``max_length`` characters, else its start and an ellipsis."""
    if len(text) <= max_length:
        return text
    return text[: max_length - len(ELLIPSIS)].rstrip() + ELLIPSIS


def single_line(text: str, max_length: int | None = None) -> str:
    """``text`` on one line: line breaks, tabs and other control characters become single
    spaces, so it can be an email subject or header; shortened to ``max_length`` if given."""
    line = _SPACES.sub(" ", _LINE_BREAKS_AND_CONTROLS.sub(" ", text)).strip()
    return fit(line, max_length) if max_length is not None else line


# Most file systems allow 255 bytes per name; UTF-8 takes up to 4 bytes a character.
FILENAME_BYTES = 255


def fit_filename(name: str, max_length: int = 100) -> str:
    """A file name from user input that any file system and header can hold: its last path part,
    on one line, at most ``max_length`` characters and ``FILENAME_BYTES`` bytes in UTF-8, the
    extension kept."""
    name = single_line(unicodedata.normalize("NFC", PurePath(name.replace("\\", "/")).name)).replace("/", "")
    path = PurePath(name or "file")
    suffix = path.suffix if len(path.suffix) <= 16 else ""
    stem = name[: len(name) - len(suffix)] if suffix else name
    room = max_length - len(suffix)
    stem = stem[:room]
    while len((stem + suffix).encode()) > FILENAME_BYTES:
        stem = stem[:-1]
    return (stem.rstrip(" .") or "file") + suffix
