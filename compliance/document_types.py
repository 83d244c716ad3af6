"""The document types the hospital asks vendors for, as first seeded (compliance/migrations/0002).
Configurable afterwards (the types page): ``document_types_ensure`` adds the missing ones and
leaves types the hospital changed alone. Pure data and one helper taking the model, so the data
migration and tests that empty the database use the same list."""

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
        "The auditor's report on the vendor's controls over a period (usually a year): covers the hosting of our data.",
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
        "The vendor's description of the product's security architecture; kept on file when the vendor provides one.",
    ),
]


def document_types_ensure(document_type_model: type) -> int:
    """Add the seeded document types that are missing (by code). Returns how many were added."""
    created = 0
    for position, (code, name, required_for, kinds, expires, description) in enumerate(DOCUMENT_TYPES, start=1):
        _, was_created = document_type_model.objects.get_or_create(
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
        created += was_created
    return created
