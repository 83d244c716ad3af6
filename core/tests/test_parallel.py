"""The suite runs in parallel (core/testing/parallel.py): each xdist worker has its own Redis
databases, no two test processes get the same port, and Playwright's output folder is emptied
once per run, not by each worker."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings

from core.testing import parallel
from core.testing.parallel import free_port, redis_urls_for_worker, worker_index

DEFAULTS = {
    "REDIS_URL": "redis://127.0.0.1:63809/0",
    "REDIS_CACHE_URL": "redis://127.0.0.1:63809/1",
    "CELERY_BROKER_URL": "redis://127.0.0.1:63809/0",
    "CELERY_RESULT_BACKEND": "redis://127.0.0.1:63809/0",
}


def test_worker_ids_name_their_index() -> None:
    assert [worker_index(name) for name in ("gw0", "gw7", "gw12")] == [0, 7, 12]
    assert worker_index(None) is None
    assert worker_index("master") is None


def test_each_worker_gets_the_next_pair_of_redis_databases() -> None:
    assert redis_urls_for_worker(DEFAULTS, 0) == DEFAULTS
    assert redis_urls_for_worker(DEFAULTS, 3) == {
        "REDIS_URL": "redis://127.0.0.1:63809/6",
        "REDIS_CACHE_URL": "redis://127.0.0.1:63809/7",
        "CELERY_BROKER_URL": "redis://127.0.0.1:63809/6",
        "CELERY_RESULT_BACKEND": "redis://127.0.0.1:63809/6",
    }


def test_the_stride_spans_every_database_a_run_uses_and_other_brokers_stay() -> None:
    urls = {
        "REDIS_URL": "redis://:secret@127.0.0.1:6379/4",
        "REDIS_CACHE_URL": "redis://:secret@127.0.0.1:6379/9",
        "CELERY_BROKER_URL": "amqp://guest@127.0.0.1:5672//",
        "CELERY_RESULT_BACKEND": "redis://:secret@127.0.0.1:6379",
    }

    moved = redis_urls_for_worker(urls, 2)

    # databases 0-9 in use: a stride of 10
    assert moved == {
        "REDIS_URL": "redis://:secret@127.0.0.1:6379/24",
        "REDIS_CACHE_URL": "redis://:secret@127.0.0.1:6379/29",
        "CELERY_BROKER_URL": "amqp://guest@127.0.0.1:5672//",
        "CELERY_RESULT_BACKEND": "redis://:secret@127.0.0.1:6379/20",
    }


def test_more_workers_than_the_redis_has_databases_for_is_refused() -> None:
    urls = parallel._configured_redis_urls()
    available = parallel._redis_database_count(settings.REDIS_URL)
    assert available is not None

    with pytest.raises(pytest.UsageError, match=rf"has {available} \(0-{available - 1}\): start it with --databases"):
        parallel._check_redis_has_room(urls, available)
    parallel._check_redis_has_room(urls, 1)


def test_free_ports_are_distinct_bindable_and_outside_the_kernels_own_range() -> None:
    ports = [free_port() for _ in range(20)]

    assert len(set(ports)) == 20
    assert not set(ports) & set(parallel._ephemeral_range())
    assert all(parallel._bindable(port) for port in ports)


def test_a_port_reserved_here_is_not_handed_to_another_process() -> None:
    port = free_port()
    other = textwrap.dedent(f"""
        from core.testing import parallel
        parallel._candidate_ports = lambda: [{port}]
        try:
            parallel.free_port()
        except RuntimeError as error:
            print(error)
        parallel._candidate_ports = lambda: [{port}, {port} + 1]
        print(parallel.free_port())
    """)

    done = subprocess.run(  # noqa: S603 - this interpreter and the code above
        [sys.executable, "-c", other], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True, timeout=60
    )

    refused, reserved = done.stdout.splitlines()
    assert refused == f"no free port left in {port}-{port} for the tests"
    assert int(reserved) == port + 1


INNER_TEST = """
import json
import os
from pathlib import Path

from django.conf import settings

from core.testing.parallel import free_port


def test_write_what_this_worker_has(worker_id):
    Path("test-results").mkdir(exist_ok=True)
    Path("test-results", worker_id + ".json").write_text(json.dumps({
        "environ": os.environ["REDIS_URL"],
        "settings": [settings.REDIS_URL, settings.CACHES["default"]["LOCATION"], settings.CELERY_BROKER_URL],
        "port": free_port(),
    }))
"""


def test_two_workers_each_have_their_own_redis_and_keep_each_others_output(tmp_path: Path) -> None:
    # Loaded as the root conftest.py loads it, after the plugins installed (pytest-playwright).
    (tmp_path / "conftest.py").write_text('pytest_plugins = ("core.testing.parallel",)\n')
    (tmp_path / "test_inner.py").write_text(INNER_TEST)
    (tmp_path / "test-results").mkdir()
    (tmp_path / "test-results" / "from-an-earlier-run.png").write_bytes(b"")
    env = {**os.environ, "PYTHONPATH": str(settings.BASE_DIR)}

    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "each", "-q", "-p", "no:cacheprovider", "test_inner.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )

    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(path.name for path in (tmp_path / "test-results").iterdir()) == ["gw0.json", "gw1.json"]
    seen = {name: json.loads((tmp_path / "test-results" / f"{name}.json").read_text()) for name in ("gw0", "gw1")}
    ours = parallel._configured_redis_urls()
    for index, name in enumerate(("gw0", "gw1")):
        expected = redis_urls_for_worker(ours, index)
        assert seen[name]["environ"] == expected["REDIS_URL"]
        assert seen[name]["settings"] == [
            expected["REDIS_URL"],
            expected["REDIS_CACHE_URL"],
            expected["CELERY_BROKER_URL"],
        ]
    assert seen["gw0"]["settings"][0] != seen["gw1"]["settings"][0]
    assert seen["gw0"]["port"] != seen["gw1"]["port"]


def test_playwrights_per_worker_emptying_of_its_output_folder_is_replaced(request: pytest.FixtureRequest) -> None:
    definitions = request._fixturemanager.getfixturedefs("delete_output_dir", request.node)
    assert definitions[-1].func.__module__ == "core.testing.parallel"
