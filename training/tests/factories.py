import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import Profession
from accounts.tests.factories import StaffMemberFactory
from core.testing.registry import register_test_object
from training.models import (
    Article,
    ArticleKind,
    ArticleLink,
    ArticleStatus,
    Certification,
    CertificationKind,
    Completion,
    Course,
    CourseMaterial,
    Delivery,
    Enrolment,
    Requirement,
    Session,
)
from training.services.certifications import expiry_for


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"Course {n}")
    vendor = factory.SubFactory("vendors.tests.factories.VendorFactory")
    delivery = Delivery.VENDOR_LED
    audience = factory.LazyFunction(lambda: [Profession.RADIOGRAPHER])
    duration_minutes = 90


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Requirement

    profession = Profession.RADIOGRAPHER
    course = factory.SubFactory(CourseFactory)
    due_within_days = 30
    effective_from = datetime.date(2020, 1, 1)


class CompletionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Completion

    person = factory.SubFactory(StaffMemberFactory)
    course = factory.SubFactory(CourseFactory)
    completed_on = datetime.date(2024, 5, 6)


@register_test_object(Course)
def make_course(*, vendor: object, user: object, marker: str) -> Course:
    return CourseFactory(vendor=vendor, title=f"{marker} course")


@register_test_object(CourseMaterial)
def make_material(*, vendor: object, user: object, marker: str) -> CourseMaterial:
    material = CourseMaterial(course=CourseFactory(vendor=vendor), title=f"{marker} handout")
    material.file.save("handout.pdf", ContentFile(b"%PDF-1.4 handout"), save=False)
    material.save()
    return material


@register_test_object(Requirement)
def make_requirement(*, vendor: object, user: object, marker: str) -> Requirement:
    return RequirementFactory(course=CourseFactory(vendor=vendor), note=f"{marker} requirement")


@register_test_object(Completion)
def make_completion(*, vendor: object, user: object, marker: str) -> Completion:
    return CompletionFactory(course=CourseFactory(vendor=vendor), person=StaffMemberFactory(name=f"{marker} learner"))


class CertificationKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificationKind

    name = factory.Sequence(lambda n: f"Certified PACS administrator {n}")
    vendor = factory.SubFactory("vendors.tests.factories.VendorFactory")
    validity_months = 24


class CertificationFactory(factory.django.DjangoModelFactory):
    """``expires_on`` as the service sets it (the kind's validity after ``earned_on``)."""

    class Meta:
        model = Certification

    person = factory.SubFactory(StaffMemberFactory)
    kind = factory.SubFactory(CertificationKindFactory)
    earned_on = datetime.date(2025, 3, 1)
    expires_on = factory.LazyAttribute(lambda o: expiry_for(o.kind, o.earned_on))


@register_test_object(CertificationKind)
def make_certification_kind(*, vendor: object, user: object, marker: str) -> CertificationKind:
    return CertificationKindFactory(vendor=vendor, name=f"{marker} certification")


@register_test_object(Certification)
def make_certification(*, vendor: object, user: object, marker: str) -> Certification:
    certification = CertificationFactory(
        kind=CertificationKindFactory(vendor=vendor), person=StaffMemberFactory(name=f"{marker} holder")
    )
    certification.evidence.save("certificate.pdf", ContentFile(b"%PDF-1.4 certificate"), save=True)
    return certification


class SessionFactory(factory.django.DjangoModelFactory):
    """A vendor course's session a week ahead, in a room (vendor courses need no certified trainer)."""

    class Meta:
        model = Session

    course = factory.SubFactory(CourseFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    location = "Training room 2"
    capacity = 10


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    session = factory.SubFactory(SessionFactory)
    person = factory.SubFactory(StaffMemberFactory)
    enrolled_at = factory.LazyFunction(timezone.now)


@register_test_object(Session)
def make_session(*, vendor: object, user: object, marker: str) -> Session:
    return SessionFactory(course=CourseFactory(vendor=vendor), note=f"{marker} session")


@register_test_object(Enrolment)
def make_enrolment(*, vendor: object, user: object, marker: str) -> Enrolment:
    return EnrolmentFactory(
        session=SessionFactory(course=CourseFactory(vendor=vendor)), person=StaffMemberFactory(name=f"{marker} learner")
    )


def make_article(*, vendor: object, by: object, title: str = "", published: bool = True, **fields: object) -> Article:
    """An article stored through ``article_save`` (its search vector built), written by ``by``."""
    from training.services.articles import article_save

    components = fields.pop("components", [])
    data = {
        "kind": ArticleKind.TIP,
        "title": title or "Hanging protocols for mammography priors",
        "body": "Set the default layout before the first reading session.",
        "vendor": vendor,
        "status": ArticleStatus.PUBLISHED if published else ArticleStatus.DRAFT,
        **fields,
    }
    return article_save(article=None, data=data, components=list(components), by=by)


@register_test_object(Article)
def make_test_article(*, vendor: object, user: object, marker: str) -> Article:
    # Written by the vendor's own user: no hospital admin joins the scoping walk's world (they
    # would receive the notifications of what the walk does).
    return make_article(vendor=vendor, by=user, title=f"{marker} article", body=f"{marker} workaround")


@register_test_object(ArticleLink)
def make_test_article_link(*, vendor: object, user: object, marker: str) -> ArticleLink:
    from tickets.tests.factories import open_ticket

    article = make_article(vendor=vendor, by=user, title=f"{marker} linked article")
    return ArticleLink.objects.create(ticket=open_ticket(vendor, title=f"{marker} ticket"), article=article)
