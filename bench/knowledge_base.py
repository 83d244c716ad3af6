"""Knowledge-base benchmarks: ``python bench/run.py --only knowledge-base``.

The issue's size by default: 20,000 published articles of ten bench vendors
(``--kb-articles`` takes a smaller one on a busy machine), written from a PACS vocabulary so
searches match a realistic share of them. Generated once and kept (titles carry a prefix); the
search vectors are built in one UPDATE, as ``training.services.articles.articles_index`` does.
Measured: the knowledge-base page searched (a common word, a phrase, a word with a vendor
filter), the API's ``?q=`` and the ticket form's suggestions, p50/p95 and their queries.
"""

import random
import time
from collections.abc import Callable

from django.db.models import Q
from django.test import Client
from django.utils import timezone

from training.models import Article, ArticleKind, ArticleStatus
from training.services.articles import articles_index
from vendors.models import Vendor

PREFIX = "BENCH-KB "
VENDORS = 10
SUBJECTS = (
    "hanging protocol", "worklist", "prefetch of priors", "viewer cache", "DICOM routing", "HL7 orders",
    "speech recognition", "critical results", "3D reconstruction", "mammography tomosynthesis", "key images",
    "study merge", "archive migration", "image compression", "teleradiology", "downtime procedure",
)  # fmt: skip
PROBLEMS = (
    "freezes", "loads slowly", "shows the wrong priors", "loses the layout", "times out", "duplicates studies",
    "drops measurements", "fails to sync", "crashes at login", "prints blank pages",
)  # fmt: skip
FILLER = (
    "Radiologists reading on the diagnostic workstation should check the series order before signing.",
    "The technologist confirms the accession number on the modality worklist.",
    "Clear the local cache and restart the client if the problem persists.",
    "Escalate to the vendor's support with the study UID and the time it happened.",
    "Release notes list the configuration keys that changed in this version.",
    "The PACS administrator applies the change in the test environment first.",
    "Plan the change in a maintenance window and tell the reading rooms beforehand.",
    "Check the interface engine's queue when orders arrive late.",
)


def prepare(count: int) -> list[int]:
    """``count`` published bench articles (kept between runs); answers the bench vendors' ids."""
    vendors = [
        Vendor.objects.get_or_create(name=f"{PREFIX}vendor {n}", defaults={"kind": Vendor.Kind.PACS})[0].pk
        for n in range(VENDORS)
    ]
    have = Article.objects.filter(title__startswith=PREFIX).count()
    randomly = random.Random(have)
    now = timezone.now()
    batch = []
    for n in range(have, count):
        subject, problem = randomly.choice(SUBJECTS), randomly.choice(PROBLEMS)
        kind = randomly.choice(ArticleKind.values)
        batch.append(
            Article(
                title=f"{PREFIX}{n}: the {subject} {problem}",
                body=" ".join(
                    [
                        f"When the {subject} {problem}, {randomly.choice(SUBJECTS)} is often involved.",
                        *randomly.sample(FILLER, 2),
                    ]
                ),
                kind=kind,
                vendor_id=vendors[n % VENDORS],
                release=f"{8 + n % 3}.{n % 5}",
                status=ArticleStatus.PUBLISHED,
                published_at=now - timezone.timedelta(minutes=n),
            )
        )
        if len(batch) == 5_000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)
    articles_index(Article.objects.filter(Q(title__startswith=PREFIX) & Q(search_vector__isnull=True)))
    return vendors


def rows(
    client: Client,
    *,
    articles: int,
    requests: int,
    timings: Callable[[Client, str, int], tuple[float, float]],
    queries: Callable[[Client, str], int],
) -> list[tuple[str, str, str]]:
    """(measure, figure, goal) rows; ``timings`` and ``queries`` are bench/run.py's ``measure``
    and ``count_queries``."""
    started = time.perf_counter()
    vendors = prepare(articles)
    prepared = time.perf_counter() - started
    total = Article.objects.filter(title__startswith=PREFIX).count()
    results = [(f"data: {total:,} published articles of {VENDORS} vendors", f"ready in {prepared:.0f} s", "-")]
    page = "/training/articles/"
    searches = [
        ("knowledge-base page, search a common word", f"{page}?q=cache", "p95 < 200 ms"),
        ("knowledge-base page, search a phrase", f'{page}?q="viewer+cache"+freezes', "p95 < 200 ms"),
        ("knowledge-base page, a word and a vendor", f"{page}?q=worklist&vendor={vendors[3]}", "p95 < 200 ms"),
        ("articles API, ?q=", "/api/v1/articles/?q=prefetch+priors", "p95 < 200 ms"),
        ("ticket form suggestions for a typed title", f"{page}suggest/?title=viewer+freezes", "p95 < 100 ms"),
    ]
    for label, path, goal in searches:
        p50, p95 = timings(client, path, requests)
        results.append((label, f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, {queries(client, path)} queries", goal))
    return results
