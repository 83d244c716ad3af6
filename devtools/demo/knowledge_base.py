"""Demo knowledge base: a dozen articles per demo vendor (written by its portal user, one still
a draft) and a few of the hospital's own, written through ``article_save`` so their search
vectors exist; the open tickets they answer linked, so the knowledge base, its search, the
ticket pages and the portal have something to show. Called from ``devtools.demo.training``.
Idempotent: articles are matched on title and vendor, links are made once."""

from accounts.models import User
from devtools.seeding import DemoSeeder
from tickets.models import Ticket
from training.models import Article, ArticleKind, ArticleLink, ArticleStatus
from training.selectors.articles import article_suggestions
from training.services.articles import article_link, article_save
from vendors.models import Component, Vendor

BP, TIP, FEATURE, RELEASE, ISSUE = ArticleKind.values
# (kind, title, components, release, body); the last of each vendor stays a draft
ARTICLES = {
    "Meridian Imaging Systems": [
        (ISSUE, "Prior studies do not load in the viewer after a cache purge", ["Diagnostic Viewer"], "7.4",
         "After the nightly cache purge the viewer may show 'no priors' for studies older than 90 days.\n\n"
         "Workaround: right-click the study, choose 'Fetch priors from archive'. Fixed in 7.4.3."),
        (TIP, "Keyboard shortcuts every radiologist should know", ["Diagnostic Viewer"], "7.4",
         "W/L presets: 1 to 5. Link series: L. Cine: C. Next study in worklist: Ctrl+Down.\n\n"
         "Print the one-page card from https://support.meridian.example/shortcuts."),
        (BP, "Hanging protocols for mammography with tomosynthesis", ["Diagnostic Viewer"], "7.4",
         "Create one protocol per view set (2D only, 2D+DBT, DBT with synthetic 2D). Keep priors on the right.\n\n"
         "Export your protocols before every upgrade: hanging protocols are lost if the user profile is reset."),
        (ISSUE, "Hanging protocols lost after the viewer update", ["Diagnostic Viewer"], "7.4",
         "Updating from 7.3 resets user profiles that were never exported.\n\n"
         "Workaround: restore the profile from the archive's backup folder, then export it once."),
        (FEATURE, "Viewer 8: the new worklist and AI overlays", ["Diagnostic Viewer", "Clinical Web Viewer"], "8.0",
         "Release 8 brings a configurable worklist with saved filters and shows AI findings as overlays.\n\n"
         "Overlays can be switched off per user under Preferences > AI."),
        (RELEASE, "Release notes 7.4.3", ["Diagnostic Viewer", "Enterprise Archive"], "7.4.3",
         "Fixes: priors after cache purge, slow retrieval of large MR series, print margins.\n\n"
         "Known limitations: none new."),
        (ISSUE, "Slow image retrieval from the long-term archive", ["Enterprise Archive"], "7.4",
         "Retrieval of studies older than two years can take minutes when the archive's tier 2 is busy.\n\n"
         "Workaround: prefetch priors the evening before scheduled follow-ups (worklist rule 'prefetch 2y')."),
        (TIP, "Prefetch rules for scheduled follow-ups", ["Modality Worklist Broker", "Enterprise Archive"], "7.4",
         "Prefetch relevant priors from the archive when an order arrives, not when the study is read."),
        (ISSUE, "Worklist empty on a modality after an HL7 upgrade", ["Modality Worklist Broker"], "7.4",
         "If the HL7 engine starts sending ORM^O01 with a new station name, the worklist broker filters "
         "the orders out.\n\nWorkaround: add the new AE title to the station mapping and restart the broker."),
        (BP, "Sending key images to the RIS report", ["Diagnostic Viewer", "RIS/HL7 Interface Engine"], "7.4",
         "Mark key images with K before signing; they are sent with the report as a KOS object."),
        (TIP, "Measuring on the web viewer", ["Clinical Web Viewer"], "7.4",
         "The clinical web viewer keeps measurements per session only; save them as key images to keep them."),
        (FEATURE, "Viewer 8: changed measurement tools", ["Diagnostic Viewer"], "8.0",
         "Draft: the ellipse tool now reports mean and SD; the ruler snaps to edges."),
    ],
    "Archivault Health": [
        (ISSUE, "Replication to the second data centre lags during migration", ["VNA Replica"], "5.2",
         "While a migration job runs, replication is throttled to 50 MB/s.\n\n"
         "Workaround: schedule migrations at night; replication catches up by morning."),
        (BP, "Planning a cardiology archive migration", ["Vendor Neutral Archive"], "5.2",
         "Migrate the index first, then the pixel data, newest studies first. Verify counts per modality daily."),
        (ISSUE, "Cardiology studies not indexed after migration", ["Vendor Neutral Archive"], "5.2",
         "Studies with private cardiology tags may be stored but not indexed.\n\n"
         "Workaround: run 'reindex --private-tags' for the migrated range."),
        (TIP, "Finding a study by accession number across sites", ["Vendor Neutral Archive"], "5.2",
         "Use the federated search with the issuer of accession number; without it only the local site answers."),
        (FEATURE, "Lifecycle policies with legal holds", ["Image Lifecycle Manager"], "5.3",
         "Policies now skip studies on legal hold; the hold is shown in the study's audit trail."),
        (ISSUE, "Lifecycle job deleted studies still on hold", ["Image Lifecycle Manager"], "5.2",
         "In 5.2.0 a hold set after the job was queued was ignored. Fixed in 5.2.1; restore from the replica."),
        (RELEASE, "Release notes 5.2.1", ["Vendor Neutral Archive", "Image Lifecycle Manager"], "5.2.1",
         "Fixes the lifecycle hold issue and speeds up query/retrieve for large studies."),
        (ISSUE, "Query/retrieve times out for large studies", ["Vendor Neutral Archive"], "5.2",
         "C-MOVE of studies over 5,000 images may exceed the viewer's timeout.\n\n"
         "Workaround: raise the DIMSE timeout to 120 s on the viewer's archive node."),
        (BP, "Checking replication health every morning", ["VNA Replica"], "5.2",
         "Open the replication dashboard: the lag should be under 15 minutes; escalate above an hour."),
        (TIP, "Exporting a study for a second opinion", ["Vendor Neutral Archive"], "5.2",
         "Use 'Share externally' to create an expiring link instead of burning a CD."),
        (FEATURE, "DICOMweb access for research", ["Vendor Neutral Archive"], "5.3",
         "QIDO-RS and WADO-RS are available for approved research projects with their own token."),
        (BP, "Storage capacity planning", ["Vendor Neutral Archive"], "5.3", "Draft: growth per modality per year."),
    ],
    "Lumen Diagnostics AI": [
        (ISSUE, "Nodule detection results missing for night shift CTs", ["Lung Nodule Detection"], "2.1",
         "Studies sent while the inference server restarts (02:00 to 02:10) are not processed.\n\n"
         "Workaround: resend them from the archive; 2.2 queues them instead."),
        (ISSUE, "Fracture triage flags not shown in the worklist", ["Fracture Triage"], "3.0",
         "The worklist shows flags only if the HL7 ORU carries the priority field.\n\n"
         "Workaround: enable 'send priority in OBX' in the triage settings."),
        (BP, "Reading with AI triage: what the flag means", ["Fracture Triage"], "3.0",
         "A flag raises the study's priority; it is not a diagnosis. Always read the whole study."),
        (TIP, "Reviewing nodule candidates quickly", ["Lung Nodule Detection"], "2.1",
         "Press N to step through candidates; accepted ones are measured and sent as a structured report."),
        (ISSUE, "AI results arrive after the report is signed", ["Lung Nodule Detection", "Fracture Triage"], "2.1",
         "When the queue is long, results can arrive late.\n\nWorkaround: check the AI status icon before signing."),
        (FEATURE, "Nodule growth comparison with priors", ["Lung Nodule Detection"], "2.2",
         "2.2 compares each nodule with the prior CT and reports volume doubling time."),
        (RELEASE, "Release notes 2.2", ["Lung Nodule Detection"], "2.2",
         "Queued processing during restarts, growth comparison, faster inference."),
        (BP, "Feedback on false positives", ["Lung Nodule Detection", "Fracture Triage"], "2.1",
         "Reject a false positive with a reason; we use the reasons to tune the next release."),
        (TIP, "Paediatric studies and AI", ["Fracture Triage"], "3.0",
         "Fracture triage is validated from 12 years; younger patients' studies are skipped by design."),
        (FEATURE, "Triage results in the clinical web viewer", ["Fracture Triage"], "3.1",
         "Emergency physicians see the triage flag in the web viewer from 3.1."),
        (ISSUE, "Duplicate AI reports after a study merge", ["Lung Nodule Detection"], "2.1",
         "Merging two studies may produce two reports.\n\nWorkaround: delete the older report in the archive."),
        (FEATURE, "Emphysema quantification", ["Lung Nodule Detection"], "2.3", "Draft: coming in 2.3."),
    ],
}  # fmt: skip
HOSPITAL_ARTICLES = [
    (BP, "Downtime procedure: reading when PACS is unavailable",
     "Use the modality consoles for urgent reads; log studies on the downtime sheet; reconcile afterwards."),
    (TIP, "Who to call for a PACS problem",
     "Weekdays: the PACS team on 4711. Nights and weekends: the IT service desk, who escalate to the vendor."),
    (BP, "Before you open a ticket",
     "Note the accession number, the workstation and the time; try another workstation."),
]  # fmt: skip


def _write(data: dict, components: list[Component], by: User) -> bool:
    if Article.objects.filter(title=data["title"], vendor=data["vendor"]).exists():
        return False
    article_save(article=None, data=data, components=components, by=by)
    return True


def seed(demo: DemoSeeder) -> None:
    admin = User.objects.get(username="admin")
    for vendor_name, articles in ARTICLES.items():
        vendor = Vendor.objects.get(name=vendor_name)
        author = User.objects.filter(vendor=vendor).order_by("pk").first() or admin
        for n, (kind, title, component_names, release, body) in enumerate(articles):
            status = ArticleStatus.DRAFT if n == len(articles) - 1 else ArticleStatus.PUBLISHED
            data = {"kind": kind, "title": title, "body": body, "vendor": vendor, "release": release, "status": status}
            components = list(Component.objects.filter(vendor=vendor, name__in=component_names))
            demo.count_created("knowledge-base articles", _write(data, components, author))
    for kind, title, body in HOSPITAL_ARTICLES:
        data = {"kind": kind, "title": title, "body": body, "vendor": None, "status": ArticleStatus.PUBLISHED}
        demo.count_created("knowledge-base articles", _write(data, [], admin))
    _link_answers(demo, admin)


def _link_answers(demo: DemoSeeder, admin: User) -> None:
    """Each open demo ticket gets the best-matching article of its vendor, once."""
    tickets = Ticket.objects.filter(resolved_at__isnull=True).exclude(article_links__isnull=False)
    for ticket in tickets.order_by("pk"):
        found = [
            a for a in article_suggestions(title=ticket.title, user=admin, vendor_id=ticket.vendor_id) if a.vendor_id
        ]
        if found and not ArticleLink.objects.filter(ticket=ticket).exists():
            article_link(ticket=ticket, article=found[0], by=admin)
            demo.count_created("ticket article links", True)
