"""Every relative link of README.md and docs/*.md leads to a file of this repository, and its
#anchor to a heading of that file, as GitHub renders them (core/testing/docs.py)."""

import re
from pathlib import Path

from core.testing.docs import REPO_ROOT, doc_files, heading_anchors, links, slug

EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # https:, mailto:


def broken_links(files: list[Path], root: Path) -> list[str]:
    broken = []
    for path in files:
        for link in links(path, root=root):
            if EXTERNAL.match(link.target):
                continue
            target, _, anchor = link.target.partition("#")
            file = (path.parent / target).resolve() if target else path
            if not file.is_relative_to(root.resolve()):
                broken.append(f"{link.source}: {link.target} is outside the repository")
            elif not file.exists():
                broken.append(f"{link.source}: {link.target}: no such file")
            elif anchor and file.suffix == ".md" and anchor not in heading_anchors(file):
                broken.append(f"{link.source}: {link.target}: no heading with that anchor")
    return broken


def test_every_relative_link_of_the_documents_resolves() -> None:
    files = doc_files()
    assert len(files) >= 2, "README.md and docs/operations.md at least"
    assert sum(len(links(path)) for path in files) >= 10
    broken = broken_links(files, REPO_ROOT)
    assert not broken, "\n".join(broken)


def test_a_link_out_of_the_repository_a_missing_file_or_heading_is_reported(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide.md").write_text(
        "# Guide\n\n## What `make run` does, step by step\n\n## Ports\n\n## Ports\n"
    )
    readme = tmp_path / "README.md"
    readme.write_text(
        "See [design](../shared/DESIGN.md), [ops](docs/operations.md),\n"
        "[steps](docs/guide.md#what-make-run-does-step-by-step), [ports](docs/guide.md#ports-1),\n"
        "[gone](docs/guide.md#backups), [site](https://example.org/x) and [top](#readme).\n"
        "`[not a link](nowhere.md)`\n\n```text\n[nor this](nowhere.md)\n```\n"
    )
    assert broken_links([readme], tmp_path) == [
        "README.md:1: ../shared/DESIGN.md is outside the repository",
        "README.md:1: docs/operations.md: no such file",
        "README.md:3: docs/guide.md#backups: no heading with that anchor",
        "README.md:3: #readme: no heading with that anchor",
    ]


def test_anchors_are_made_as_github_makes_them() -> None:
    assert slug("What `make run` does, step by step") == "what-make-run-does-step-by-step"
    assert slug("Environment (e.g. `/etc/pacsvendor/env`, mode 600, owner root)") == (
        "environment-eg-etcpacsvendorenv-mode-600-owner-root"
    )
    assert slug("Settings: environment variables") == "settings-environment-variables"
    assert slug("See [the guide](docs/x.md) first") == "see-the-guide-first"
