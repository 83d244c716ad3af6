import factory

from core.testing.registry import register_test_object
from notifications.models import Notification, OutboxEmail


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory("accounts.tests.factories.UserFactory")
    title = factory.Sequence(lambda n: f"Notification {n}")
    body = "Something happened."


class OutboxEmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutboxEmail

    to = factory.LazyFunction(lambda: ["someone@hospital.example"])
    from_email = "desk@hospital.example"
    subject = factory.Sequence(lambda n: f"Email {n}")
    body = "Hello"


@register_test_object(Notification)
def make_notification(*, vendor: object, user: object, marker: str) -> Notification:
    return NotificationFactory(recipient=user, title=f"{marker} notification")


@register_test_object(OutboxEmail)
def make_outbox_email(*, vendor: object, user: object, marker: str) -> OutboxEmail:
    return OutboxEmailFactory(subject=f"{marker} email")
