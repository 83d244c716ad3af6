"""What the project's documents tell a user to type, and where their links point.

``README.md`` and ``docs/*.md`` are tested like code (``pacsvendor/tests/test_docs_*.py``). The
rules, also stated for writers in docs/operations.md ("Commands in these documents"):

- A **command** is a logical line of a fenced code block whose info string is ``sh``, ``bash``,
  ``shell`` or ``console`` (in ``console`` blocks only the lines after a ``$`` prompt; comment
  lines skipped, ``\\`` continuations joined), or an inline code span of two words or more
  that starts, after any ``NAME=value`` assignments, with ``make``, ``scripts/``,
  ``.venv/bin/``, ``python manage.py <command>`` or ``curl``. A single word is a file name
  (``scripts/lib.sh``), and code spans in headings are titles, not commands.
- A command under a heading that names *Production* is for the production host.
- A command with a placeholder (``[optional]``, ``<token>``, ``a|b``, ``...``, an upper-case
  word such as ``ID`` or ``YYYY-MM``) is a **synopsis**, not something to run as written.
- A **link** is ``[text](target)`` or a reference definition ``[label]: target`` outside code;
  its anchor is matched against headings the way GitHub makes them (``heading_anchors``).
"""

import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SHELL_INFO_STRINGS = {"sh", "bash", "shell", "console"}
SCRIPT_PREFIXES = ("scripts/", ".venv/bin/")
PLACEHOLDER = re.compile(
    r"\[[^\]]*\]"  # [--vendor ID]
    r"|<[^<>\s]+>"  # <token>
    r"|\w\|\w"  # start|stop (a pipe between words, not a shell pipe)
    r"|\.\.\.|…"
    r"|(?<![\w${=-])[A-Z][A-Z0-9_]*[A-Z0-9](?![\w=])"  # ID, YYYY-MM; not NAME= or $NAME
)
FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`\s]*)")
HEADING = re.compile(r"^(?P<level>#{1,6})\s+(?P<title>.*?)\s*#*\s*$")
CODE_SPAN = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?P<code>.+?)(?<!`)(?P=ticks)(?!`)", re.DOTALL)
INLINE_LINK = re.compile(r"!?\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(?P<target>\S+)", re.MULTILINE)


def doc_files(root: Path = REPO_ROOT) -> list[Path]:
    """The documents users read: the README and every page under docs/."""
    return [root / "README.md", *sorted((root / "docs").glob("*.md"))]


@dataclass(frozen=True)
class Command:
    text: str
    source: str  # "README.md:57"
    headings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def production(self) -> bool:
        return any("production" in heading.lower() for heading in self.headings)

    @property
    def synopsis(self) -> bool:
        try:  # placeholders in a trailing shell comment do not count
            assignments, argv = _words(self.text)
            text = " ".join([*assignments, *argv])
        except ValueError:
            text = self.text
        return bool(PLACEHOLDER.search(text))

    @property
    def env(self) -> dict[str, str]:
        return dict(word.split("=", 1) for word in _words(self.text)[0])

    @property
    def argv(self) -> list[str]:
        return _words(self.text)[1]


@dataclass(frozen=True)
class Link:
    target: str
    source: str
    file: Path


def _words(text: str) -> tuple[list[str], list[str]]:
    """(leading NAME=value assignments, the rest) of a shell command line."""
    words = shlex.split(text, comments=True)
    split = 0
    while split < len(words) and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", words[split], re.DOTALL):
        split += 1
    return words[:split], words[split:]


def is_typed_command(text: str) -> bool:
    """Whether inline code reads as a command for the user to type (see the module rules)."""
    try:
        argv = _words(text)[1]
    except ValueError:  # unbalanced quotes: prose, not a command
        return False
    if len(argv) < 2:
        return False
    first = argv[0]
    return (
        first in ("make", "curl")
        or first.startswith(SCRIPT_PREFIXES)
        or (first in ("python", "python3") and argv[1] == "manage.py" and len(argv) > 2)
    )


@dataclass
class _Document:
    path: Path
    root: Path
    lines: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.lines = self.path.read_text().splitlines()

    def where(self, index: int) -> str:
        return f"{self.path.relative_to(self.root)}:{index + 1}"

    def blocks(self) -> Iterator[tuple[str, int, list[str], tuple[str, ...]]]:
        """(kind, index of the first line, lines, headings above) for the whole document, where
        kind is "fence:<info string>" (the lines inside the fence), "heading" or "text" (a
        paragraph, list or table: consecutive non-blank lines)."""
        headings: list[tuple[int, str]] = []
        index = 0
        while index < len(self.lines):
            line = self.lines[index]
            path = tuple(title for _, title in headings)
            if fence := FENCE.match(line):
                end = self._fence_end(index, fence["fence"])
                body = [row[len(fence["indent"]) :] for row in self.lines[index + 1 : end]]
                yield f"fence:{fence['info'].lower()}", index + 1, body, path
                index = end + 1
            elif heading := HEADING.match(line):
                level = len(heading["level"])
                headings = [(lvl, title) for lvl, title in headings if lvl < level] + [(level, heading["title"])]
                yield "heading", index, [heading["title"]], path
                index += 1
            elif line.strip():
                start = index
                while index < len(self.lines) and self.lines[index].strip() and not self._starts_block(index):
                    index += 1
                yield "text", start, self.lines[start:index], path
            else:
                index += 1

    def _starts_block(self, index: int) -> bool:
        return bool(FENCE.match(self.lines[index]) or HEADING.match(self.lines[index]))

    def _fence_end(self, start: int, fence: str) -> int:
        for index in range(start + 1, len(self.lines)):
            closing = self.lines[index].strip()
            if closing.startswith(fence[0] * len(fence)) and not closing.strip(fence[0]):
                return index
        return len(self.lines)


def _shell_lines(info: str, body: list[str]) -> Iterator[tuple[int, str]]:
    """(offset, command) of each logical command line of a shell block."""
    pending: list[str] = []
    start = 0
    for offset, raw in enumerate(body):
        line = raw.strip()
        if info == "console" and not pending:
            if not line.startswith("$ "):
                continue
            line = line[2:]
        if not pending:
            start = offset
            if not line or line.startswith("#"):
                continue
        if line.endswith("\\"):
            pending.append(line[:-1].strip())
            continue
        pending.append(line)
        yield start, " ".join(part for part in pending if part)
        pending = []


def _code_spans(lines: list[str]) -> Iterator[tuple[int, str]]:
    """(line offset, text) of each inline code span of a paragraph; a span may cross lines."""
    text = "\n".join(lines)
    for match in CODE_SPAN.finditer(text):
        code = match["code"].replace("\n", " ")
        if code.startswith(" ") and code.endswith(" ") and code.strip():
            code = code[1:-1]
        yield text.count("\n", 0, match.start()), code


def commands(path: Path, root: Path = REPO_ROOT) -> list[Command]:
    """Every command of one document, in document order."""
    document = _Document(path, root)
    found: list[Command] = []
    for kind, start, body, headings in document.blocks():
        if kind.startswith("fence:"):
            info = kind.removeprefix("fence:")
            if info in SHELL_INFO_STRINGS:
                lines = _shell_lines(info, body)
                found += [Command(text, document.where(start + offset), headings) for offset, text in lines]
        elif kind == "text":
            found += [
                Command(code, document.where(start + offset), headings)
                for offset, code in _code_spans(body)
                if is_typed_command(code)
            ]
    return found


def links(path: Path, root: Path = REPO_ROOT) -> list[Link]:
    """Every link of one document that is not inside code."""
    document = _Document(path, root)
    found: list[Link] = []
    for kind, start, body, _ in document.blocks():
        if kind.startswith("fence:"):
            continue
        text = CODE_SPAN.sub(lambda match: " " * len(match[0]), "\n".join(body))
        for pattern in (INLINE_LINK, REFERENCE_LINK):
            for match in pattern.finditer(text):
                line = start + text.count("\n", 0, match.start())
                found.append(Link(match["target"], document.where(line), path))
    return found


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: markup and punctuation dropped, spaces made hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def heading_anchors(path: Path) -> set[str]:
    """Every anchor of a document, with GitHub's -1, -2 ... for repeated headings."""
    anchors: set[str] = set()
    seen: dict[str, int] = {}
    for kind, _, body, _ in _Document(path, path.parent).blocks():
        if kind != "heading":
            continue
        base = slug(body[0])
        count = seen.get(base, 0)
        seen[base] = count + 1
        anchors.add(base if count == 0 else f"{base}-{count}")
    return anchors
