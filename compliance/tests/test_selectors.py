"""The matrix of vendors x required document types (compliance/selectors/documents.py): states
from stored documents, scoping, and flat queries however many vendors."""

import pytest
from django.utils import timezone

from compliance.matrix import CellStatus
from compliance.models import Outcome
from compliance.selectors.documents import compliance_matrix
from compliance.tests.factories import document_for
from vendors.models import Vendor
from vendors.tests.factories import VendorFactory

pytestmark = pytest.mark.django_db


def states(matrix, vendor):
    row = next(r for r in matrix.rows if r.vendor.pk == vendor.pk)
    return {cell.document_type.code: cell.status for cell in row.cells}


def test_each_cell_shows_what_the_vendor_has_on_file(admin_user):
    cloud = VendorFactory(name="Cloud VNA", kind=Vendor.Kind.VNA, hosts_data=True)
    document_for(cloud, "soc2-type2", valid_for_days=400)
    document_for(cloud, "iso27001", valid_for_days=45)
    document_for(cloud, "pentest-summary", valid_for_days=-10)
    document_for(cloud, "mds2", outcome=Outcome.PENDING)
    document_for(cloud, "cyber-insurance", outcome=Outcome.REJECTED, reviewer=admin_user)
    document_for(cloud, "dpa", valid_for_days=None)

    found = states(compliance_matrix(user=admin_user, today=timezone.localdate()), cloud)

    assert found == {
        "baa": CellStatus.MISSING,
        "dpa": CellStatus.VALID,
        "soc2-type2": CellStatus.VALID,
        "iso27001": CellStatus.EXPIRING,
        "pentest-summary": CellStatus.EXPIRED,
        "mds2": CellStatus.PENDING,
        "cyber-insurance": CellStatus.MISSING,
        "security-whitepaper": CellStatus.NOT_REQUIRED,
    }


def test_a_vendor_that_hosts_no_data_owes_no_data_protection_documents(admin_user):
    ris = VendorFactory(name="Local RIS", kind=Vendor.Kind.RIS, hosts_data=False)
    found = states(compliance_matrix(user=admin_user, today=timezone.localdate()), ris)
    required = {code for code, status in found.items() if status != CellStatus.NOT_REQUIRED}
    assert required == {"mds2", "cyber-insurance"}


def test_a_renewal_counts_from_its_acceptance_and_the_latest_accepted_version_wins(admin_user, vendor):
    document_for(vendor, "soc2-type2", valid_for_days=20, version="2025")
    document_for(vendor, "soc2-type2", valid_for_days=385, version="2026", outcome=Outcome.PENDING)
    today = timezone.localdate()
    assert states(compliance_matrix(user=admin_user, today=today), vendor)["cyber-insurance"] == CellStatus.MISSING
    assert states(compliance_matrix(user=admin_user, today=today), vendor)["pentest-summary"] == CellStatus.MISSING

    vendor.hosts_data = True
    vendor.save()
    matrix = compliance_matrix(user=admin_user, today=today)
    row = next(r for r in matrix.rows if r.vendor.pk == vendor.pk)
    soc2 = next(c for c in row.cells if c.document_type.code == "soc2-type2")
    assert (soc2.status, soc2.pending) == (CellStatus.EXPIRING, 1)


def test_a_vendor_user_sees_only_their_own_row(vendor_user, vendor, other_vendor):
    document_for(other_vendor, "cyber-insurance")
    matrix = compliance_matrix(user=vendor_user, today=timezone.localdate())
    assert [row.vendor for row in matrix.rows] == [vendor]


def test_the_matrix_takes_three_queries_for_any_number_of_vendors(admin_user, django_assert_max_num_queries):
    for number in range(30):
        vendor = VendorFactory(name=f"Vendor {number:02}", hosts_data=number % 2 == 0)
        document_for(vendor, "soc2-type2", valid_for_days=number * 10 - 50)
        document_for(vendor, "mds2", outcome=Outcome.PENDING)
    with django_assert_max_num_queries(3):
        matrix = compliance_matrix(user=admin_user, today=timezone.localdate())
    assert len(matrix.rows) == 30
    assert matrix.total(CellStatus.PENDING) == 30
