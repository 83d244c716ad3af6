"""The document types the hospital asks vendors for. Configurable afterwards (the types page):
this seeds them once and leaves types the hospital changed alone."""

from django.db import migrations

# code, name, required of, vendor kinds (empty: every kind), expires, description
DOCUMENT_TYPES = [
    (
        "baa",
        "BAA",
        "hosts_data",
        [],
        False,
        "Business associate agreement (HIPAA): how the vendor safeguards protected health information it "
        "handles for us, and reports breaches.",
    ),
    (
        "dpa",
        "DPA (GDPR art. 28)",
        "hosts_data",
        [],
        False,
        "Data processing agreement under GDPR article 28: purposes, instructions, sub-processors, deletion.",
    ),
    (
        "soc2-type2",
        "SOC 2 Type II report",
        "hosts_data",
        [],
        True,
        "The auditor's report on the vendor's controls over a period (usually a year): covers the hosting "
        "of our data.",
    ),
    (
        "iso27001",
        "ISO 27001 certificate",
        "hosts_data",
        [],
        True,
        "Certificate of the vendor's information security management system, with its scope.",
    ),
    (
        "pentest-summary",
        "Penetration test summary",
        "all",
        ["pacs", "vna", "ai"],
        True,
        "The executive summary of the latest independent penetration test of the product, with open findings.",
    ),
    (
        "mds2",
        "MDS2 form",
        "all",
        ["pacs", "vna", "ris", "ai"],
        True,
        "Manufacturer disclosure statement for medical device security (MDS2) of the product version we run.",
    ),
    (
        "cyber-insurance",
        "Cyber insurance certificate",
        "all",
        [],
        True,
        "Proof of the vendor's cyber liability insurance and its cover.",
    ),
    (
        "security-whitepaper",
        "Security whitepaper",
        "none",
        [],
        False,
        "The vendor's description of the product's security architecture; kept on file when the vendor "
        "provides one.",
    ),
]


def seed(apps, schema_editor):
    DocumentType = apps.get_model("compliance", "DocumentType")
    for position, (code, name, required_for, kinds, expires, description) in enumerate(DOCUMENT_TYPES, start=1):
        DocumentType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "required_for": required_for,
                "vendor_kinds": kinds,
                "expires": expires,
                "description": description,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("compliance", "0001_documents")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
