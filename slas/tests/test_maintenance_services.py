"""Maintenance-window services and selectors against the real database: who announces and
approves, what a vendor may still change, actual times, cancelling, notifications, the feed
token, and compliance with the agreement in force (notice, allowed window, overrun)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.models import Notification
from slas.models import Agreement, FeedToken, MaintenanceWindow
from slas.selectors.agreements import agreement_in_force_for_vendor
from slas.selectors.maintenance import agreement_for_day, maintenance_compliance, maintenance_compliance_of
from slas.services.agreements import agreement_new_version
from slas.services.maintenance import (
    MaintenancePlan,
    feed_token_regenerate,
    maintenance_cancel,
    maintenance_decide,
    maintenance_may,
    maintenance_plan,
    maintenance_record_actuals,
    maintenance_save,
)
from slas.tests.factories import maintenance_for
from slas.tests.maintenance_support import PAST_SUNDAY, berlin, next_sunday, sla_with_sunday_window
from vendors.tests.factories import ComponentFactory, VendorFactory

pytestmark = pytest.mark.django_db

State = MaintenanceWindow.State
H = dt.timedelta(hours=1)


def _announce(vendor, actor, *, start=None, hours=3, components=(), **fields) -> MaintenanceWindow:
    start = start or berlin(next_sunday(), 1)
    plan = MaintenancePlan(
        vendor_id=vendor.pk,
        title="Archive firmware",
        planned_start=start,
        planned_end=start + hours * H,
        components=tuple(components),
        **fields,
    )
    return maintenance_save(window=None, plan=plan, actor=actor)


def _notified(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user).order_by("pk"))


# --- announcing and approving ----------------------------------------------------------------


def test_a_vendor_announcement_awaits_approval_and_tells_the_hospital_admins(vendor, vendor_user, admin_user):
    archive = ComponentFactory(vendor=vendor, name="Archive")
    # A vendor cannot backdate the notice: it is counted from the moment of announcing.
    with pytest.raises(ValidationError, match="Only hospital admins record when a window was announced"):
        _announce(vendor, vendor_user, components=[archive], announced_at=berlin(dt.date(2020, 1, 1), 0))
    assert not MaintenanceWindow.objects.exists()
    before = timezone.now()
    window = _announce(vendor, vendor_user, components=[archive])

    window.refresh_from_db()
    assert window.state == State.PROPOSED
    assert window.announced_by == vendor_user
    assert before <= window.announced_at <= timezone.now()
    assert window.decided_by is None
    assert list(window.components.all()) == [archive]
    (notice,) = _notified(admin_user)
    assert notice.title == f"Maintenance to approve: {window}"
    assert notice.url == f"/sla/maintenance/{window.pk}/"


def test_a_window_a_hospital_admin_records_is_approved_with_the_recorded_notice(vendor, admin_user, vendor_user):
    announced = timezone.now() - 10 * 24 * H
    window = _announce(vendor, admin_user, announced_at=announced)

    assert window.state == State.APPROVED
    assert (window.decided_by, window.announced_by, window.announced_at) == (admin_user, admin_user, announced)
    assert window.decided_at is not None
    assert _notified(admin_user) == []
    assert _notified(vendor_user) == []


def test_an_announcement_cannot_be_dated_in_the_future(vendor, admin_user):
    with pytest.raises(ValidationError) as error:
        _announce(vendor, admin_user, announced_at=timezone.now() + 2 * H)
    assert error.value.message_dict == {"announced_at": ["The announcement cannot be in the future."]}
    assert not MaintenanceWindow.objects.exists()


def test_components_of_another_vendor_are_refused_and_nothing_is_written(vendor, other_vendor, vendor_user):
    theirs = ComponentFactory(vendor=other_vendor, name="Their viewer")
    with pytest.raises(ValidationError) as error:
        _announce(vendor, vendor_user, components=[theirs])
    assert "Not components of this vendor" in error.value.message_dict["components"][0]
    assert not MaintenanceWindow.objects.exists()


def test_a_vendor_user_announces_for_their_own_vendor_only(vendor, other_vendor, vendor_user):
    with pytest.raises(ValidationError) as error:
        _announce(other_vendor, vendor_user)
    assert "your own company" in error.value.message_dict["vendor"][0]
    assert not MaintenanceWindow.objects.exists()


def test_the_end_must_follow_the_start(vendor, admin_user):
    with pytest.raises(ValidationError, match="The planned end must be after the planned start"):
        _announce(vendor, admin_user, hours=0)


# --- changing a plan -----------------------------------------------------------------------


def test_a_vendor_change_to_an_approved_window_sends_it_back_for_approval(vendor, vendor_user, admin_user):
    window = _announce(vendor, admin_user, announced_at=timezone.now() - 7 * 24 * H)
    first_notice = window.announced_at
    assert window.state == State.APPROVED

    changed = maintenance_plan(window, {"description": "Also restarts the DICOM router."})
    window = maintenance_save(window=window, plan=changed, actor=vendor_user)
    window.refresh_from_db()
    assert window.state == State.PROPOSED
    assert (window.decided_by, window.decided_at) == (None, None)
    # The times did not move: the notice still counts from the first announcement.
    assert window.announced_at == first_notice
    assert [n.title for n in _notified(admin_user)] == [f"Maintenance to approve: {window}"]


def test_a_vendor_who_moves_the_times_announces_the_new_times_now(vendor, vendor_user):
    window = _announce(vendor, vendor_user)
    MaintenanceWindow.objects.filter(pk=window.pk).update(announced_at=timezone.now() - 5 * 24 * H)
    window.refresh_from_db()

    # A day earlier: the hospital hears of that only now.
    earlier = {"planned_start": window.planned_start - 24 * H, "planned_end": window.planned_end - 24 * H}
    before = timezone.now()
    window = maintenance_save(window=window, plan=maintenance_plan(window, earlier), actor=vendor_user)
    assert window.announced_at >= before


def test_a_vendor_cannot_change_or_cancel_work_whose_start_has_passed(vendor, vendor_user, admin_user):
    window = maintenance_for(vendor, planned_start=timezone.now() - H, state=State.APPROVED)
    rewritten = maintenance_plan(window, {"title": "Rewritten afterwards"})
    with pytest.raises(ValidationError, match="planned start has passed"):
        maintenance_save(window=window, plan=rewritten, actor=vendor_user)
    with pytest.raises(ValidationError, match="planned start has passed"):
        maintenance_cancel(window=window, actor=vendor_user)
    window.refresh_from_db()
    assert (window.title, window.state) == ("Archive firmware upgrade", State.APPROVED)
    # The hospital still can.
    recorded = maintenance_plan(window, {"title": "Recorded by the hospital"})
    assert maintenance_save(window=window, plan=recorded, actor=admin_user).title == "Recorded by the hospital"


def test_rejected_and_cancelled_windows_are_final(vendor, admin_user):
    for state in (State.REJECTED, State.CANCELLED):
        window = maintenance_for(vendor, state=state, announced_at=timezone.now() - H)
        changed = maintenance_plan(window, {"title": "Changed"})
        with pytest.raises(ValidationError, match=f"A {state} window cannot be changed"):
            maintenance_save(window=window, plan=changed, actor=admin_user)


# --- deciding ------------------------------------------------------------------------------


def test_a_rejection_needs_a_note_and_tells_the_vendor(vendor, vendor_user, admin_user):
    window = _announce(vendor, vendor_user)
    with pytest.raises(ValidationError) as error:
        maintenance_decide(window=window, approve=False, actor=admin_user, note="   ")
    assert error.value.message_dict == {"note": ["Say why the window is rejected."]}
    assert MaintenanceWindow.objects.get(pk=window.pk).state == State.PROPOSED

    window = maintenance_decide(window=window, approve=False, actor=admin_user, note="Clashes with the go-live.")
    assert (window.state, window.decided_by, window.decision_note) == (
        State.REJECTED,
        admin_user,
        "Clashes with the go-live.",
    )
    (notice,) = _notified(vendor_user)
    assert notice.title == f"Maintenance rejected: {window}"
    assert notice.body == "Clashes with the go-live."
    assert notice.url == f"/portal/maintenance/{window.pk}/"


def test_only_a_window_awaiting_approval_is_decided(vendor, admin_user):
    window = maintenance_for(vendor, state=State.APPROVED)
    with pytest.raises(ValidationError, match="Only a window awaiting approval can be decided"):
        maintenance_decide(window=window, approve=True, actor=admin_user)


# --- actual times --------------------------------------------------------------------------


def test_actual_times_are_validated(vendor):
    start = timezone.now() - 5 * H
    window = maintenance_for(vendor, planned_start=start, duration=3 * H)
    with pytest.raises(ValidationError) as error:
        maintenance_record_actuals(window=window, actual_start=None, actual_end=start)
    assert error.value.message_dict == {"actual_start": ["Give the actual start with the actual end."]}
    with pytest.raises(ValidationError) as error:
        maintenance_record_actuals(window=window, actual_start=start, actual_end=timezone.now() + 2 * H)
    assert error.value.message_dict == {"actual_end": ["This cannot be in the future."]}
    with pytest.raises(ValidationError, match="The actual end needs an actual start before it"):
        maintenance_record_actuals(window=window, actual_start=start, actual_end=start - H)
    assert MaintenanceWindow.objects.filter(pk=window.pk, actual_start=None).exists()

    # Running: a start without an end; then the end.
    window = maintenance_record_actuals(window=window, actual_start=start, actual_end=None)
    assert (window.actual_start, window.actual_end) == (start, None)
    window = maintenance_record_actuals(window=window, actual_start=start, actual_end=start + 3 * H)
    assert window.actual_end == start + 3 * H


def test_a_cancelled_window_has_no_actual_times(vendor):
    window = maintenance_for(vendor, planned_start=timezone.now() - 5 * H, state=State.CANCELLED)
    with pytest.raises(ValidationError, match="A cancelled window has no actual times"):
        maintenance_record_actuals(window=window, actual_start=timezone.now() - 4 * H, actual_end=None)


# --- cancelling ----------------------------------------------------------------------------


def test_cancelling_tells_the_other_side(vendor, vendor_user, admin_user):
    by_vendor = _announce(vendor, vendor_user)
    Notification.objects.all().delete()
    maintenance_cancel(window=by_vendor, actor=vendor_user)
    assert [(n.title, n.url) for n in _notified(admin_user)] == [
        (f"Maintenance cancelled: {by_vendor}", f"/sla/maintenance/{by_vendor.pk}/")
    ]

    by_hospital = _announce(vendor, admin_user)
    maintenance_cancel(window=by_hospital, actor=admin_user)
    assert [(n.title, n.url) for n in _notified(vendor_user)] == [
        (f"Maintenance cancelled: {by_hospital}", f"/portal/maintenance/{by_hospital.pk}/")
    ]
    assert MaintenanceWindow.objects.filter(state=State.CANCELLED).count() == 2


def test_started_cancelled_or_rejected_work_cannot_be_cancelled(vendor, admin_user):
    started = maintenance_for(vendor, planned_start=timezone.now() - 2 * H, actual_start=timezone.now() - 2 * H)
    with pytest.raises(ValidationError, match="The work has started"):
        maintenance_cancel(window=started, actor=admin_user)
    for state in (State.CANCELLED, State.REJECTED):
        with pytest.raises(ValidationError, match=f"already {state}"):
            maintenance_cancel(window=maintenance_for(vendor, state=state), actor=admin_user)


def test_what_each_role_may_do_matches_the_services(vendor, other_vendor, vendor_user, admin_user, staff_user):
    proposed = maintenance_for(vendor, state=State.PROPOSED)
    approved_past = maintenance_for(vendor, planned_start=timezone.now() - 5 * H, state=State.APPROVED)
    cancelled = maintenance_for(vendor, state=State.CANCELLED)
    theirs = maintenance_for(other_vendor, state=State.PROPOSED)

    may = maintenance_may
    assert vars(may(proposed, admin_user)) == {"edit": True, "decide": True, "record_actuals": True, "cancel": True}
    assert vars(may(approved_past, admin_user)) == {
        "edit": True,
        "decide": False,
        "record_actuals": True,
        "cancel": True,
    }
    assert vars(may(cancelled, admin_user)) == {
        "edit": False,
        "decide": False,
        "record_actuals": False,
        "cancel": False,
    }
    assert vars(may(proposed, vendor_user)) == {"edit": True, "decide": False, "record_actuals": False, "cancel": True}
    assert vars(may(approved_past, vendor_user)) == {
        "edit": False,
        "decide": False,
        "record_actuals": False,
        "cancel": False,
    }
    assert not any(vars(may(theirs, vendor_user)).values())
    assert not any(vars(may(proposed, staff_user)).values())


# --- the feed token ------------------------------------------------------------------------


def test_regenerating_the_feed_token_makes_one_then_replaces_its_key(vendor_user):
    first = feed_token_regenerate(user=vendor_user)
    second = feed_token_regenerate(user=vendor_user)
    assert first.pk == second.pk
    assert first.key != second.key
    assert len(second.key) >= 40
    assert FeedToken.objects.get(user=vendor_user).key == second.key


# --- compliance ----------------------------------------------------------------------------


def test_a_compliant_sunday_window_excludes_its_minutes(vendor):
    sla_with_sunday_window(vendor)
    window = maintenance_for(
        vendor,
        planned_start=berlin(PAST_SUNDAY, 1),
        duration=3 * H,
        announced_at=berlin(PAST_SUNDAY, 1) - 6 * 24 * H,
        actual_start=berlin(PAST_SUNDAY, 1),
        actual_end=berlin(PAST_SUNDAY, 3, 35),
    )
    compliance = maintenance_compliance_of(window)
    assert (compliance.assessed, compliance.compliant, compliance.label) == (True, True, "Compliant")
    assert (compliance.planned_minutes, compliance.unplanned_minutes) == (155, 0)


def test_notice_too_short_makes_the_whole_work_unplanned(vendor):
    sla_with_sunday_window(vendor)
    window = maintenance_for(
        vendor,
        planned_start=berlin(PAST_SUNDAY, 1),
        duration=3 * H,
        announced_at=berlin(PAST_SUNDAY, 1) - 20 * H,
    )
    compliance = maintenance_compliance_of(window)
    assert compliance.problems == ("Announced 20 h ahead; the contract requires 48 h.",)
    assert (compliance.label, compliance.colour) == ("Breaks contract", "danger")
    assert (compliance.planned_minutes, compliance.unplanned_minutes) == (0, 180)


def test_work_outside_the_sunday_window_counts_as_unplanned_for_that_part(vendor):
    sla_with_sunday_window(vendor)
    saturday_night = berlin(PAST_SUNDAY - dt.timedelta(days=1), 22)
    window = maintenance_for(vendor, planned_start=saturday_night, duration=4 * H)  # Sat 22:00 - Sun 02:00
    compliance = maintenance_compliance_of(window)
    assert compliance.problems == ("2 h planned outside the allowed maintenance window (Sunday 00:00-06:00).",)
    assert (compliance.planned_minutes, compliance.unplanned_minutes) == (120, 120)


def test_an_overrun_of_40_minutes_counts_as_unplanned(vendor):
    sla_with_sunday_window(vendor)
    window = maintenance_for(
        vendor,
        planned_start=berlin(PAST_SUNDAY, 1),
        duration=3 * H,
        actual_start=berlin(PAST_SUNDAY, 1),
        actual_end=berlin(PAST_SUNDAY, 4, 40),
    )
    compliance = maintenance_compliance_of(window)
    assert compliance.problems == ("Overran the planned end by 40 min.",)
    assert (compliance.planned_minutes, compliance.unplanned_minutes) == (180, 40)


def test_cancelled_and_rejected_unworked_windows_are_not_assessed(vendor):
    sla_with_sunday_window(vendor)
    short_notice = {"planned_start": berlin(PAST_SUNDAY, 1), "announced_at": berlin(PAST_SUNDAY, 0)}
    cancelled = maintenance_for(vendor, state=State.CANCELLED, **short_notice)
    rejected = maintenance_for(vendor, state=State.REJECTED, **short_notice)
    done_anyway = maintenance_for(vendor, state=State.REJECTED, actual_start=berlin(PAST_SUNDAY, 1), **short_notice)
    results = maintenance_compliance([cancelled, rejected, done_anyway])
    assert [results[w.pk].label for w in (cancelled, rejected)] == ["Not applicable", "Not applicable"]
    assert results[cancelled.pk].unplanned_minutes == 0
    assert "Carried out without the hospital's approval." in results[done_anyway.pk].problems
    assert results[done_anyway.pk].unplanned_minutes > 0


def test_without_an_agreement_any_notice_and_any_time_are_accepted(vendor):
    window = maintenance_for(vendor, planned_start=berlin(PAST_SUNDAY, 13), announced_at=berlin(PAST_SUNDAY, 12))
    compliance = maintenance_compliance_of(window)
    assert (compliance.agreement, compliance.compliant, compliance.planned_minutes) == (None, True, 240)


def test_the_agreement_in_force_on_the_planned_day_is_the_one_selectors_pick(vendor):
    first = sla_with_sunday_window(vendor)
    second = agreement_new_version(agreement=first, effective_from=dt.date(2026, 2, 1))
    Agreement.objects.filter(pk=second.pk).update(maintenance_notice_hours=24)
    agreements = list(Agreement.objects.filter(contract__vendor=vendor))
    for day in (dt.date(2024, 12, 31), dt.date(2025, 6, 1), dt.date(2026, 1, 31), dt.date(2026, 2, 1), PAST_SUNDAY):
        expected = agreement_in_force_for_vendor(vendor_id=vendor.pk, on=day)
        assert agreement_for_day(agreements, day) == expected, day

    # 30 h notice: too short under version 1 (48 h), enough under version 2 (24 h).
    january = maintenance_for(vendor, planned_start=berlin(dt.date(2026, 1, 4), 1), duration=H)
    march = maintenance_for(vendor, planned_start=berlin(PAST_SUNDAY, 1), duration=H)
    for window in (january, march):
        MaintenanceWindow.objects.filter(pk=window.pk).update(announced_at=window.planned_start - 30 * H)
        window.refresh_from_db()
    results = maintenance_compliance([january, march])
    assert results[january.pk].problems == ("Announced 30 h ahead; the contract requires 48 h.",)
    assert results[march.pk].compliant
    assert results[march.pk].agreement == second


def test_compliance_of_many_windows_costs_one_query(vendor):
    sla_with_sunday_window(vendor)
    vendors = [vendor] + [VendorFactory(name=f"Vendor {n}") for n in range(3)]
    for n, other in enumerate(vendors[1:]):
        sla_with_sunday_window(other, reference=f"REF-{n}")
    windows = [
        maintenance_for(v, planned_start=berlin(PAST_SUNDAY, 1) - dt.timedelta(weeks=week))
        for v in vendors
        for week in range(5)
    ]
    maintenance_compliance(windows[:1])  # the Sunday calendar's clock is cached per process
    with CaptureQueriesContext(connection) as queries:
        results = maintenance_compliance(windows)
    assert len(queries) == 1
    assert len(results) == 20
    assert all(r.compliant for r in results.values())
