"""Every command README.md and docs/*.md tell a user to type works as written.

What counts as a command is decided by rules, not a list (core/testing/docs.py, and for writers
docs/operations.md "Commands in these documents"). Each command gets one check:

- production: it runs on another host; ``bash -n`` proves it parses;
- synopsis (has placeholders): its make target, script or management command exists;
- ``make run`` itself: the session of the slow test below, started in a copy of the checkout
  until its banner and /healthz, stopped with Ctrl-C; other forms of it: ``make -n``;
- ``make test``/``make test-fast``/``make bench`` with ``ARGS``: ``make -n`` passes them on, and
  pytest collects tests with them (``bench/run.py --help`` knows them): the cheap equivalent of a
  12-minute run;
- teardown (stops or deletes what ``make run`` uses): runs after Ctrl-C;
- everything else: runs for real while ``make run`` is up and must exit 0.
"""

import signal
from pathlib import Path

import pytest
from django.core.management import get_commands

from core.testing.docs import PLACEHOLDER, REPO_ROOT, Command, commands, doc_files, is_typed_command
from core.testing.lanes import FAST_LANE
from pacsvendor.tests.makerun import make_run_copy, port_is_open, run, user_environment

# Commands that stop or delete what `make run` needs: they belong after its Ctrl-C. (Stopping the
# demo Orthanc is not among them: the README has users do it while make run is up.)
TEARDOWN = (
    ["make", "stop"],
    ["make", "clean-var"],
    ["scripts/orthanc.sh", "halt"],
    ["scripts/pg.sh", "stop", "run"],
    ["scripts/redis.sh", "stop", "run"],
)
DELETES = (["make", "clean-var"],)
# What each make target of the "test" and "bench" kinds runs, and the pytest options it adds.
SCRIPTS = {"test": "scripts/test.sh", "test-fast": "scripts/test.sh --fast", "bench": "scripts/bench.sh"}
LANE_OPTIONS = {"test": [], "test-fast": ["-m", FAST_LANE]}


def documented_commands() -> list[Command]:
    """Each distinct command once (by its words), in the order the documents give them."""
    unique: dict[tuple, Command] = {}
    for path in doc_files():
        for command in commands(path):
            unique.setdefault((tuple(sorted(command.env.items())), tuple(command.argv)), command)
    return list(unique.values())


def make_args(command: Command) -> list[str]:
    """The words of a make command's ARGS=..."""
    for word in command.argv[2:]:
        if word.startswith("ARGS="):
            return word.removeprefix("ARGS=").split()
    return []


def check_for(command: Command) -> str:
    argv = command.argv
    if command.production:
        return "parse"
    if command.synopsis:
        return "exists"
    if argv[:2] == ["make", "run"]:
        return "session" if argv == ["make", "run"] and not command.env else "dry-run"
    if argv[:2] in (["make", "test"], ["make", "test-fast"]):
        return "test"
    if argv[:2] == ["make", "bench"]:
        return "bench"
    if any(argv[: len(prefix)] == prefix for prefix in TEARDOWN):
        return "teardown"
    return "run"


COMMANDS = documented_commands()


def _of(kind: str) -> list[Command]:
    return [command for command in COMMANDS if check_for(command) == kind]


def _make_dry_run(command: Command) -> str:
    done = run(["make", "-n", *command.argv[1:]], env=user_environment(**command.env))
    assert done.returncode == 0, f"{command.source}: `make -n` of {command.text!r}: {done.output}"
    return done.output


def test_the_documents_give_commands_of_every_kind() -> None:
    """Guards the rules themselves: a parser that found nothing would pass every test below."""
    kinds = {check_for(command) for command in COMMANDS}
    assert kinds >= {"parse", "exists", "session", "test", "bench", "teardown", "run"}
    texts = [command.text for command in _of("run")]
    assert 'make manage ARGS="send_monthly_reports"' in texts


def test_the_rules_read_markdown_as_a_user_does(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# Title with `make run`\n\n"
        "Then run\n`DATABASE_URL=postgres://postgres@127.0.0.1:54329/pacsvendor REDIS_URL=redis://x/0\n"
        ".venv/bin/python manage.py send_monthly_reports` in a second terminal; `scripts/lib.sh` is a file.\n\n"
        '```sh\nmake run   # PACS and all\nmake manage \\\n  ARGS="check"\n```\n\n'
        "```console\n$ scripts/pg.sh status run\nrunning\n```\n\n"
        "```ini\nExecStart=make run\n```\n\n"
        'Synopsis: `make manage ARGS="compute_credits [--month YYYY-MM]"`, `scripts/pg.sh start|stop run`.\n\n'
        "## Production\n\n### Each release\n\n```sh\nsystemctl restart web\n```\n"
    )
    found = commands(page, root=tmp_path)
    assert [(command.text, command.source) for command in found] == [
        (
            "DATABASE_URL=postgres://postgres@127.0.0.1:54329/pacsvendor REDIS_URL=redis://x/0 "
            ".venv/bin/python manage.py send_monthly_reports",
            "page.md:4",
        ),
        ("make run   # PACS and all", "page.md:8"),
        ('make manage ARGS="check"', "page.md:9"),
        ("scripts/pg.sh status run", "page.md:14"),
        ('make manage ARGS="compute_credits [--month YYYY-MM]"', "page.md:22"),
        ("scripts/pg.sh start|stop run", "page.md:22"),
        ("systemctl restart web", "page.md:29"),
    ]
    # The command the README once had (issue 11) is a command to run, and would have failed.
    assert check_for(found[0]) == "run"
    assert found[0].env["REDIS_URL"] == "redis://x/0"
    assert [check_for(command) for command in found[1:]] == ["session", "run", "run", "exists", "exists", "parse"]
    assert not is_typed_command("curl")
    assert not is_typed_command("python manage.py")


@pytest.mark.parametrize("command", _of("parse"), ids=lambda command: command.source)
def test_production_commands_parse(command: Command) -> None:
    done = run(["bash", "-n", "-c", command.text], env=user_environment())
    assert done.returncode == 0, f"{command.source}: {command.text!r} does not parse: {done.output}"


@pytest.mark.parametrize("command", _of("exists"), ids=lambda command: command.source)
def test_synopses_name_what_exists(command: Command) -> None:
    argv = command.argv
    if argv[0] == "make":
        _make_dry_run(Command(f"make {argv[1]}", command.source))
        args = make_args(command)
        if argv[1] == "manage" and args and not PLACEHOLDER.fullmatch(args[0]):
            assert args[0] in get_commands(), f"{command.source}: no management command {args[0]!r}"
    elif argv[0].startswith(("scripts/", ".venv/bin/")):
        script = REPO_ROOT / argv[0]
        assert script.is_file(), f"{command.source}: no {argv[0]}"
        assert script.stat().st_mode & 0o111, f"{command.source}: {argv[0]} is not executable"
    elif argv[:2] in (["python", "manage.py"], ["python3", "manage.py"]):
        assert argv[2] in get_commands(), f"{command.source}: no management command {argv[2]!r}"


@pytest.mark.parametrize("command", _of("dry-run"), ids=lambda command: command.source)
def test_other_forms_of_make_run_reach_the_run_script(command: Command) -> None:
    assert "scripts/run.sh" in _make_dry_run(command)


@pytest.mark.slow
@pytest.mark.parametrize("command", _of("test") + _of("bench"), ids=lambda command: command.source)
def test_make_test_and_make_bench_understand_their_arguments(command: Command) -> None:
    target, args = command.argv[1], make_args(command)
    assert f"{SCRIPTS[target]} {' '.join(args)}".strip() in _make_dry_run(command)
    if not args:
        return
    env = user_environment(DJANGO_ENV="test", PATH=f"{REPO_ROOT / '.venv' / 'bin'}:{user_environment()['PATH']}")
    if target in LANE_OPTIONS:
        done = run(["pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *LANE_OPTIONS[target], *args], env=env)
        assert done.returncode == 0, (
            f"{command.source}: pytest {' '.join(args)} collects nothing: {done.output[-2000:]}"
        )
    else:
        done = run(["python", "bench/run.py", "--help"], env=env)
        unknown = [word for word in args if word.startswith("-") and word not in done.output]
        assert not unknown, f"{command.source}: bench/run.py has no option {unknown}"


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_every_documented_command_runs_as_written_against_make_run(tmp_path: Path) -> None:
    with make_run_copy(tmp_path / "checkout") as session:
        session.start()
        during = [session.shell(command.text) for command in _of("run")]
        status = session.interrupt()
        still_open = {name: port for name, port in session.ports.items() if port_is_open(port)}
        # Deleting goes last: stopping commands find what they stop.
        teardown = sorted(_of("teardown"), key=lambda command: command.argv[:2] in DELETES)
        after = [session.shell(command.text) for command in teardown]
        leftovers = list((session.root / "var").glob("*/pg"))
    failed = [outcome.describe() for outcome in [*during, *after] if outcome.returncode != 0]
    assert not failed, "documented commands that fail as written:\n" + "\n".join(failed)
    # make ends with "Error 130" (exit 2), or dies of the SIGINT itself, depending on timing.
    assert status in (2, 130, -signal.SIGINT), f"make run after Ctrl-C exited {status}:\n{session.tail()}"
    assert not still_open, f"still listening after Ctrl-C: {still_open}\n{session.tail()}"
    assert not leftovers, f"make clean-var left {leftovers}"
    assert len(during) >= 8
