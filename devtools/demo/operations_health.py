"""Demo health assessments, kept and recorded through the health services as the PACS
administrator (runs in date order, so each moves the next assessment on):

- templates for archives, VNAs, viewers and the interface engine (database optimisation, storage,
  hardware, backup status, security patches, interface queues, certificates, licence counts);
- Meridian's archive: done five and four months ago, quarterly, so overdue now; the last run
  found index fragmentation (an open vendor finding) and an expiring certificate (done);
- Archivault's VNA: done a month ago, one check needs attention (storage at 84%), a hospital
  finding open to order disks;
- Meridian's viewer: done two months ago, all checks fine;
- Meridian's interface engine: never done, due within days.

Idempotent: nothing is added once the demo has health-assessment templates."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accounts.models import User
from devtools.seeding import DemoSeeder
from operations.models import HealthAssessment, HealthCheckResult, HealthTemplate
from operations.services.health import (
    health_assessment_save,
    health_finding_add,
    health_finding_done,
    health_run_record,
    health_template_save,
)
from vendors.models import Component

Kind, Result = Component.Kind, HealthCheckResult.Result

TEMPLATES = {
    Kind.ARCHIVE: (
        "Archive quarterly health check",
        "Database optimisation: index fragmentation and statistics\nStorage: free space per tier\n"
        "Hardware inspection: disks, power supplies, fans\nBackup status: last full and incremental backup\n"
        "Security patches: operating system and application\nCertificates: TLS expiry of the DICOM and web ports\n"
        "Licence counts: studies and users against the licence",
    ),
    Kind.VNA: (
        "VNA quarterly health check",
        "Database optimisation: index fragmentation\nStorage: free space and growth rate\n"
        "Replication queue to the replica\nBackup status: cloud copy complete\nSecurity patches applied",
    ),
    Kind.VIEWER: (
        "Viewer quarterly health check",
        "Application servers: CPU and memory at peak\nImage load time of a CT study\nSecurity patches applied\n"
        "Certificates: TLS expiry\nConcurrent user licences in use",
    ),
    Kind.RIS_HL7: (
        "Interface engine health check",
        "Interface queues: messages waiting per channel\nError queue: failed messages\n"
        "Certificates: TLS expiry of the MLLP links\nSecurity patches applied",
    ),
}


@dataclass(frozen=True)
class Finding:
    description: str
    side: str
    owner: str
    due_in_days: int
    done: bool = False


@dataclass(frozen=True)
class Run:
    months_ago: int
    engineer: str
    results: tuple[tuple[str, str], ...] = ()  # the checks not "OK", by position: (result, measurement)
    findings: tuple[Finding, ...] = ()
    summary: str = ""


@dataclass(frozen=True)
class Story:
    vendor: str
    component: str
    runs: tuple[Run, ...] = ()
    first_due_in_days: int = 10


STORIES = (
    Story(
        "Meridian Imaging Systems",
        "Enterprise Archive",
        (
            Run(5, "Lukas Brandt"),
            Run(
                4,
                "Lukas Brandt",
                (
                    (Result.ATTENTION, "Study index 38% fragmented"),
                    (Result.OK, ""),
                    (Result.OK, ""),
                    (Result.OK, ""),
                    (Result.OK, ""),
                    (Result.ATTENTION, "DICOM TLS certificate expires in 21 days"),
                ),
                (
                    Finding("Rebuild the study index in the next maintenance window", "vendor", "Lukas Brandt", -20),
                    Finding("Renew the DICOM TLS certificate", "hospital", "Ana Costa", -60, done=True),
                ),
                "Index fragmentation slows worklist queries at peak.",
            ),
        ),
    ),
    Story(
        "Archivault Health",
        "Vendor Neutral Archive",
        (
            Run(
                1,
                "Jonas Richter",
                ((Result.OK, ""), (Result.ATTENTION, "84% used, 1.2 TB a month")),
                (Finding("Order the storage expansion (2 shelves)", "hospital", "Ana Costa", 30),),
            ),
        ),
    ),
    Story("Meridian Imaging Systems", "Diagnostic Viewer", (Run(2, "Lukas Brandt"),)),
    Story("Meridian Imaging Systems", "RIS/HL7 Interface Engine", first_due_in_days=6),
)


def _templates(admin: User) -> dict[str, HealthTemplate]:
    return {
        kind: health_template_save(template=HealthTemplate(name=name, component_kind=kind, checks=checks), by=admin)
        for kind, (name, checks) in TEMPLATES.items()
    }


def _run(assessment: HealthAssessment, run: Run, admin: User, today: datetime.date) -> None:
    checks = assessment.template.check_list
    results = [run.results[index] if index < len(run.results) else (Result.OK, "") for index in range(len(checks))]
    recorded = health_run_record(
        assessment=assessment,
        performed_on=today - relativedelta(months=run.months_ago),
        engineer_name=run.engineer,
        results=results,
        summary=run.summary,
        by=admin,
    )
    for finding in run.findings:
        added = health_finding_add(
            run=recorded,
            description=finding.description,
            side=finding.side,
            owner_name=finding.owner,
            due_date=today + datetime.timedelta(days=finding.due_in_days),
            by=admin,
        )
        if finding.done:
            health_finding_done(finding=added, by=admin)


def seed(demo: DemoSeeder) -> None:
    admin = User.objects.filter(username="admin").first()
    if admin is None or HealthTemplate.objects.exists():
        return
    today = timezone.localdate()
    templates = _templates(admin)
    for story in STORIES:
        component = Component.objects.filter(vendor__name=story.vendor, name=story.component).first()
        if component is None:
            continue
        assessment = health_assessment_save(
            assessment=HealthAssessment(
                component=component,
                template=templates[component.kind],
                next_due_on=today + datetime.timedelta(days=story.first_due_in_days),
            ),
            by=admin,
        )
        for run in story.runs:
            _run(assessment, run, admin, today)
        demo.count_created("health assessments", True)
