"""Pages: everyone's own notifications, marking read, the admins' email outbox, the navbar badge."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.models import Notification, OutboxEmail
from notifications.tests.factories import NotificationFactory, OutboxEmailFactory

LIST_URL = "/notifications/"
READ_URL = "/notifications/read/"
OUTBOX_URL = "/notifications/outbox/"


def listed(response) -> list:
    return [row.record for row in response.context["table"].page.object_list]


def query_count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def unread_badge(count: int) -> str:
    return f'{count}<span class="visually-hidden"> unread notifications</span>'


# --- the notification list -------------------------------------------------------------------


def test_list_shows_only_the_signed_in_users_notifications(admin_client, admin_user, staff_user) -> None:
    mine = [NotificationFactory(recipient=admin_user, title=f"Mine {i}") for i in range(3)]
    NotificationFactory(recipient=staff_user, title="Someone else's secret")

    response = admin_client.get(LIST_URL)

    assert response.status_code == 200
    assert set(listed(response)) == set(mine)
    assert b"Mine 0" in response.content
    assert b"Someone else&#x27;s secret" not in response.content
    assert "base.html" in [t.name for t in response.templates]
    assert "portal/base.html" not in [t.name for t in response.templates]


def test_vendor_users_read_their_own_notifications_in_the_portal_layout(vendor_client, vendor_user, admin_user) -> None:
    mine = NotificationFactory(recipient=vendor_user, title="Your ticket was answered")
    NotificationFactory(recipient=admin_user, title="Internal: renegotiate the fee")

    response = vendor_client.get(LIST_URL)

    assert response.status_code == 200
    assert listed(response) == [mine]
    assert b"Your ticket was answered" in response.content
    assert b"renegotiate" not in response.content
    templates = [t.name for t in response.templates]
    assert "portal/base.html" in templates
    assert "portal/includes/navbar.html" in templates
    assert "includes/navbar.html" not in templates  # not the hospital navbar


def test_list_filters_unread(admin_client, admin_user) -> None:
    unread = NotificationFactory(recipient=admin_user, title="Still unread")
    NotificationFactory(recipient=admin_user, title="Seen already", read_at=timezone.now())

    response = admin_client.get(LIST_URL, {"unread": "true"})

    assert listed(response) == [unread]


def test_list_needs_a_signed_in_user(client, db) -> None:
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("client_fixture", ["admin_client", "vendor_client"])
def test_list_query_count_does_not_grow_with_rows(request, client_fixture: str) -> None:
    client = request.getfixturevalue(client_fixture)
    user = client.get(LIST_URL).wsgi_request.user
    NotificationFactory(recipient=user, url="/contracts/1/")
    few = query_count(client, LIST_URL)

    NotificationFactory.create_batch(20, recipient=user, url="/contracts/1/")
    NotificationFactory.create_batch(5, recipient=user, read_at=timezone.now())
    many = query_count(client, LIST_URL)

    assert many == few


# --- marking read ------------------------------------------------------------------------------


def test_mark_one_read_and_go_back_to_a_local_page(admin_client, admin_user) -> None:
    target, other = NotificationFactory(recipient=admin_user), NotificationFactory(recipient=admin_user)

    response = admin_client.post(READ_URL, {"id": target.pk, "next": "/notifications/?unread=true"})

    assert response.status_code == 302
    assert response["Location"] == "/notifications/?unread=true"
    target.refresh_from_db()
    other.refresh_from_db()
    assert target.read_at is not None
    assert other.read_at is None


def test_mark_all_read_marks_only_the_users_own(admin_client, admin_user, staff_user) -> None:
    NotificationFactory.create_batch(3, recipient=admin_user)
    theirs = NotificationFactory(recipient=staff_user)

    response = admin_client.post(READ_URL)

    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    assert not Notification.objects.filter(recipient=admin_user, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_another_users_notification_id_is_ignored(admin_client, admin_user, staff_user) -> None:
    mine = NotificationFactory(recipient=admin_user)
    theirs = NotificationFactory(recipient=staff_user)

    admin_client.post(READ_URL, {"id": theirs.pk})

    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert theirs.read_at is None
    assert mine.read_at is None  # an id was given: not "mark all"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/phish", "//evil.example/phish", "http://testserver.evil.example/"]
)
def test_a_next_url_on_another_host_is_not_followed(admin_client, admin_user, next_url: str) -> None:
    NotificationFactory(recipient=admin_user)

    response = admin_client.post(READ_URL, {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == LIST_URL


def test_vendor_users_mark_their_own_read(vendor_client, vendor_user) -> None:
    notification = NotificationFactory(recipient=vendor_user)

    response = vendor_client.post(READ_URL, {"id": notification.pk, "next": "/portal/"})

    assert response["Location"] == "/portal/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_read_is_post_only_and_needs_a_signed_in_user(client, admin_client, admin_user) -> None:
    notification = NotificationFactory(recipient=admin_user)

    assert admin_client.get(READ_URL).status_code == 405
    response = client.post(READ_URL, {"id": notification.pk})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    notification.refresh_from_db()
    assert notification.read_at is None


# --- the navbar badge --------------------------------------------------------------------------


def test_navbar_shows_the_unread_count(admin_client, admin_user, staff_user) -> None:
    NotificationFactory.create_batch(3, recipient=admin_user)
    NotificationFactory(recipient=admin_user, read_at=timezone.now())
    NotificationFactory.create_batch(2, recipient=staff_user)

    for url in (LIST_URL, "/overview/"):
        response = admin_client.get(url)
        assert response.status_code == 200
        assert unread_badge(3) in response.content.decode()

    admin_client.post(READ_URL)
    content = admin_client.get("/overview/").content.decode()
    assert "unread notifications" not in content
    assert '<span class="visually-hidden">Notifications</span>' in content


def test_portal_navbar_shows_the_vendor_users_unread_count(vendor_client, vendor_user, admin_user) -> None:
    NotificationFactory.create_batch(2, recipient=vendor_user)
    NotificationFactory.create_batch(4, recipient=admin_user)

    response = vendor_client.get("/portal/")

    assert response.status_code == 200
    assert unread_badge(2) in response.content.decode()


# --- the email outbox --------------------------------------------------------------------------


@pytest.fixture
def outbox(db) -> dict[str, OutboxEmail]:
    now = timezone.now()
    return {
        "queued": OutboxEmailFactory(subject="Queued-subject-q1", next_attempt_at=now),
        "sent": OutboxEmailFactory(
            subject="Sent-subject-s1", state=OutboxEmail.State.SENT, attempts=1, sent_at=now, next_attempt_at=None
        ),
        "failed": OutboxEmailFactory(
            subject="Failed-subject-f1",
            state=OutboxEmail.State.FAILED,
            attempts=6,
            next_attempt_at=None,
            last_error="ConnectionRefusedError: [Errno 111] Connection refused",
        ),
    }


def test_outbox_lists_every_email_for_admins(admin_client, outbox) -> None:
    response = admin_client.get(OUTBOX_URL)

    assert response.status_code == 200
    assert set(listed(response)) == set(outbox.values())
    content = response.content.decode()
    assert "Failed-subject-f1" in content
    assert "Connection refused" in content
    assert f'action="/notifications/outbox/{outbox["failed"].pk}/retry/"' in content
    assert f'action="/notifications/outbox/{outbox["sent"].pk}/retry/"' not in content  # sent: no button


def test_an_email_being_sent_shows_as_sending_without_a_retry_button(admin_client) -> None:
    sending = OutboxEmailFactory(
        subject="Sending-subject-x1",
        state=OutboxEmail.State.SENDING,
        attempts=1,
        claimed_until=timezone.now() + datetime.timedelta(minutes=5),
    )

    content = admin_client.get(OUTBOX_URL).content.decode()

    assert '<span class="badge text-bg-warning">Sending</span>' in content
    assert "Sending-subject-x1" in content
    assert f'action="/notifications/outbox/{sending.pk}/retry/"' not in content


@pytest.mark.parametrize(("state", "subject"), [("failed", "Failed-subject-f1"), ("sent", "Sent-subject-s1")])
def test_outbox_filters_by_state(admin_client, outbox, state: str, subject: str) -> None:
    response = admin_client.get(OUTBOX_URL, {"state": state})

    assert listed(response) == [outbox[state]]
    content = response.content.decode()
    assert subject in content
    for other in {"Queued-subject-q1", "Failed-subject-f1", "Sent-subject-s1"} - {subject}:
        assert other not in content


def test_outbox_search_finds_recipients_and_errors(admin_client, outbox) -> None:
    special = OutboxEmailFactory(to=["radiology-chief@hospital.example"], next_attempt_at=timezone.now())

    assert listed(admin_client.get(OUTBOX_URL, {"q": "radiology-chief"})) == [special]
    assert listed(admin_client.get(OUTBOX_URL, {"q": "connection refused"})) == [outbox["failed"]]


def test_outbox_exports_csv(admin_client, outbox) -> None:
    response = admin_client.get(OUTBOX_URL, {"state": "failed", "export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    assert "Failed-subject-f1" in body
    assert "Sent-subject-s1" not in body


def test_outbox_is_for_hospital_admins_only(client, staff_client, vendor_client, outbox) -> None:
    assert staff_client.get(OUTBOX_URL).status_code == 403
    assert vendor_client.get(OUTBOX_URL).status_code == 404
    response = client.get(OUTBOX_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_outbox_query_count_does_not_grow_with_rows(admin_client) -> None:
    OutboxEmailFactory(next_attempt_at=timezone.now())
    few = query_count(admin_client, OUTBOX_URL)

    OutboxEmailFactory.create_batch(10, next_attempt_at=timezone.now(), to=["a@x.example", "b@x.example"])
    OutboxEmailFactory.create_batch(10, state=OutboxEmail.State.FAILED, attempts=6, last_error="boom")
    many = query_count(admin_client, OUTBOX_URL)

    assert many == few


def test_retry_requeues_a_failed_email(admin_client, outbox, django_capture_on_commit_callbacks) -> None:
    failed = outbox["failed"]
    with django_capture_on_commit_callbacks() as callbacks:
        before = timezone.now()
        response = admin_client.post(f"/notifications/outbox/{failed.pk}/retry/")

    assert response.status_code == 302
    assert response["Location"] == OUTBOX_URL
    failed.refresh_from_db()
    assert failed.state == OutboxEmail.State.QUEUED
    assert failed.attempts == 0
    assert before <= failed.next_attempt_at <= timezone.now()
    assert len(callbacks) == 1  # delivery dispatched once the request's transaction commits
    page = admin_client.get(OUTBOX_URL).content.decode()
    assert "“Failed-subject-f1” is queued for delivery again." in page


def test_retry_is_for_hospital_admins_only(staff_client, vendor_client, outbox) -> None:
    failed = outbox["failed"]
    url = f"/notifications/outbox/{failed.pk}/retry/"

    assert staff_client.post(url).status_code == 403
    assert vendor_client.post(url).status_code == 404

    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == (OutboxEmail.State.FAILED, 6)


def test_retry_of_an_unknown_email_is_404_and_get_is_not_allowed(admin_client, outbox) -> None:
    assert admin_client.post("/notifications/outbox/999999/retry/").status_code == 404
    assert admin_client.get(f"/notifications/outbox/{outbox['failed'].pk}/retry/").status_code == 405


def test_retry_of_a_sent_email_changes_nothing(admin_client, outbox) -> None:
    sent = outbox["sent"]
    admin_client.post(f"/notifications/outbox/{sent.pk}/retry/")
    sent.refresh_from_db()
    assert (sent.state, sent.attempts) == (OutboxEmail.State.SENT, 1)


def test_retry_of_a_sent_email_says_so(admin_client, outbox) -> None:
    response = admin_client.post(f"/notifications/outbox/{outbox['sent'].pk}/retry/", follow=True)
    page = response.content.decode()
    assert "was already sent; nothing to retry." in page
    assert "is queued for delivery again" not in page


@pytest.mark.parametrize("bad_id", ["abc", "²", "-1", "0"])
def test_a_malformed_id_marks_nothing(admin_client, admin_user, bad_id: str) -> None:
    notification = NotificationFactory(recipient=admin_user)
    response = admin_client.post("/notifications/read/", {"id": bad_id})
    assert response.status_code == 400
    notification.refresh_from_db()
    assert notification.read_at is None
