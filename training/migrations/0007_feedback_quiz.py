"""Feedback in three parts and the quiz: the single rating of earlier answers asked "How useful
was the session?", so it becomes the usefulness rating (stored answers keep it, renamed in
place); content and trainer ratings are new and empty on those answers. A course's quiz pass
mark and an attendee's quiz score."""

import django.core.validators
from django.db import migrations, models

RATING = [
    django.core.validators.MinValueValidator(1, message="Ensure this value is at least 1."),
    django.core.validators.MaxValueValidator(5, message="Ensure this value is at most 5."),
]


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0006_knowledge_base"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="sessionfeedback", name="training_sessionfeedback_rating_range"),
        migrations.RemoveConstraint(
            model_name="sessionfeedback", name="training_sessionfeedback_answered_has_rating"
        ),
        migrations.RenameField(model_name="sessionfeedback", old_name="rating", new_name="usefulness_rating"),
        migrations.AddField(
            model_name="sessionfeedback",
            name="content_rating",
            field=models.PositiveSmallIntegerField(blank=True, null=True, validators=RATING),
        ),
        migrations.AddField(
            model_name="sessionfeedback",
            name="trainer_rating",
            field=models.PositiveSmallIntegerField(blank=True, null=True, validators=RATING),
        ),
        migrations.AddConstraint(
            model_name="sessionfeedback",
            constraint=models.CheckConstraint(
                condition=models.Q(("content_rating__gte", 1), ("content_rating__lte", 5)),
                name="training_sessionfeedback_content_rating_range",
                violation_error_message="The content rating must be from 1 to 5.",
            ),
        ),
        migrations.AddConstraint(
            model_name="sessionfeedback",
            constraint=models.CheckConstraint(
                condition=models.Q(("trainer_rating__gte", 1), ("trainer_rating__lte", 5)),
                name="training_sessionfeedback_trainer_rating_range",
                violation_error_message="The trainer rating must be from 1 to 5.",
            ),
        ),
        migrations.AddConstraint(
            model_name="sessionfeedback",
            constraint=models.CheckConstraint(
                condition=models.Q(("usefulness_rating__gte", 1), ("usefulness_rating__lte", 5)),
                name="training_sessionfeedback_usefulness_rating_range",
                violation_error_message="The usefulness rating must be from 1 to 5.",
            ),
        ),
        migrations.AddConstraint(
            model_name="sessionfeedback",
            constraint=models.CheckConstraint(
                condition=models.Q(("answered_at__isnull", True), ("usefulness_rating__isnull", False), _connector="OR"),
                name="training_sessionfeedback_answered_has_rating",
                violation_error_message="An answer gives a rating.",
            ),
        ),
        migrations.AddField(
            model_name="course",
            name="quiz_pass_mark",
            field=models.PositiveSmallIntegerField(
                default=80,
                help_text="The score (0-100) an attendee needs to pass the quiz.",
                validators=[
                    django.core.validators.MinValueValidator(1, message="Ensure this value is at least 1."),
                    django.core.validators.MaxValueValidator(100, message="Ensure this value is at most 100."),
                ],
                verbose_name="quiz pass mark (%)",
            ),
        ),
        migrations.AddConstraint(
            model_name="course",
            constraint=models.CheckConstraint(
                condition=models.Q(("quiz_pass_mark__gte", 1), ("quiz_pass_mark__lte", 100)),
                name="training_course_quiz_pass_mark_range",
                violation_error_message="The quiz pass mark must be from 1 to 100.",
            ),
        ),
        migrations.AddField(
            model_name="enrolment",
            name="quiz_score",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="An attendee's score in the course's quiz, 0-100.",
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(0, message="Ensure this value is at least 0."),
                    django.core.validators.MaxValueValidator(100, message="Ensure this value is at most 100."),
                ],
                verbose_name="quiz score (%)",
            ),
        ),
        migrations.AddConstraint(
            model_name="enrolment",
            constraint=models.CheckConstraint(
                condition=models.Q(("quiz_score__gte", 0), ("quiz_score__lte", 100)),
                name="training_enrolment_quiz_score_range",
                violation_error_message="The quiz score must be from 0 to 100.",
            ),
        ),
        migrations.AddConstraint(
            model_name="enrolment",
            constraint=models.CheckConstraint(
                condition=models.Q(("quiz_score__isnull", True), ("status", "attended"), _connector="OR"),
                name="training_enrolment_quiz_score_attended",
                violation_error_message="Only an attendee has a quiz score.",
            ),
        ),
    ]
