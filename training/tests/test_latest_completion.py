"""``LatestCompletion`` is kept by the database: whoever inserts, moves or deletes completions
(the services, a bulk insert, a person's deletion), each (person, course) row holds the latest day."""

import datetime

import pytest

from accounts.tests.factories import StaffMemberFactory
from training.models import Completion, LatestCompletion
from training.tests.factories import CompletionFactory, CourseFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def latest() -> dict[tuple[int, int], datetime.date]:
    return {(row.person_id, row.course_id): row.completed_on for row in LatestCompletion.objects.all()}


def test_inserts_raise_the_latest_day_and_never_lower_it() -> None:
    ada, ben = StaffMemberFactory.create_batch(2)
    viewer, safety = CourseFactory.create_batch(2)
    CompletionFactory(person=ada, course=viewer, completed_on=D(2025, 3, 1))
    Completion.objects.bulk_create(
        [
            Completion(person=ada, course=viewer, completed_on=D(2024, 1, 1)),
            Completion(person=ada, course=viewer, completed_on=D(2026, 1, 5)),
            Completion(person=ben, course=safety, completed_on=D(2025, 6, 30)),
            Completion(person=ben, course=safety, completed_on=D(2025, 6, 1)),
        ]
    )
    CompletionFactory(person=ada, course=viewer, completed_on=D(2025, 12, 1))
    assert latest() == {(ada.pk, viewer.pk): D(2026, 1, 5), (ben.pk, safety.pk): D(2025, 6, 30)}


def test_updates_and_deletes_recount_the_pairs_they_touch() -> None:
    ada, ben = StaffMemberFactory.create_batch(2)
    viewer, safety = CourseFactory.create_batch(2)
    newest = CompletionFactory(person=ada, course=viewer, completed_on=D(2026, 1, 5))
    CompletionFactory(person=ada, course=viewer, completed_on=D(2025, 1, 5))
    moved = CompletionFactory(person=ben, course=viewer, completed_on=D(2025, 2, 2))
    CompletionFactory(person=ben, course=safety, completed_on=D(2024, 2, 2))
    newest.delete()
    Completion.objects.filter(pk=moved.pk).update(course=safety, completed_on=D(2025, 9, 9))
    assert latest() == {(ada.pk, viewer.pk): D(2025, 1, 5), (ben.pk, safety.pk): D(2025, 9, 9)}
    Completion.objects.filter(person=ada).delete()
    ben.delete()
    assert latest() == {}
