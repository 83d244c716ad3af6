"""The development commands: ``seed_demo`` (the demo data of `make run`) and ``bench_data``."""

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from vendors.models import Contact, Vendor

# The demo seed tests replay the whole demo (a year of history, the report archive's PDFs): about
# a minute alone, several minutes on a machine busy with other test workers.


@pytest.mark.django_db
@pytest.mark.slow
@pytest.mark.timeout(900)
def test_seed_demo_is_idempotent(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("seed_demo")
    first = capsys.readouterr().out
    counts = (Vendor.objects.count(), Contact.objects.count(), User.objects.count())
    call_command("seed_demo")
    second = capsys.readouterr().out
    assert (Vendor.objects.count(), Contact.objects.count(), User.objects.count()) == counts
    assert counts[0] == 3
    assert "admin" in first
    assert "pacs-vendor-demo" in first
    assert "nothing new" in second
    kinds = set(Vendor.objects.values_list("kind", flat=True))
    assert kinds == {"pacs", "vna", "ai"}
    assert set(Contact.objects.values_list("role", flat=True)) == set(Contact.Role.values)


@pytest.mark.django_db
@pytest.mark.slow
@pytest.mark.timeout(900)
def test_each_demo_login_works(client: Client, settings) -> None:
    settings.TWO_FACTOR_REQUIRED = False  # as make run sets it: the demo logins have no authenticator
    call_command("seed_demo", stdout=None)
    for username, password, home in (
        ("admin", "pacs-admin-demo", "/overview/"),
        ("radiologist", "pacs-staff-demo", "/overview/"),
        ("meridian", "pacs-vendor-demo", "/portal/"),
    ):
        client.logout()
        response = client.post("/accounts/login/", {"username": username, "password": password}, follow=True)
        assert response.redirect_chain[-1][0] == home, username


@pytest.mark.django_db
def test_bench_data_grows_to_the_requested_size() -> None:
    call_command("bench_data", vendors=5, contacts=40, components=10, stdout=None)
    call_command("bench_data", vendors=8, contacts=60, components=10, stdout=None)
    bench = Vendor.objects.filter(name__startswith="Bench vendor")
    assert bench.count() == 8
    assert Contact.objects.filter(vendor__in=bench).count() == 60
