from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import StaffMember
from core import limits
from core.api.serializers import ScopedModelSerializer
from training.models import Enrolment, Session
from training.models.sessions import ATTENDANCE_CHOICES
from training.services.attendance import BULK_ROWS


class EnrolmentSerializer(serializers.ModelSerializer):
    """A place on a session as the course's vendor may see it too: the name and profession only."""

    person_name = serializers.CharField(source="person.name", read_only=True)
    profession = serializers.CharField(source="person.profession", read_only=True)

    class Meta:
        model = Enrolment
        fields = ["id", "person_name", "profession", "status", "quiz_score", "enrolled_at"]
        read_only_fields = fields


class SessionSerializer(ScopedModelSerializer):
    """A session; ``training.services.sessions.session_save`` checks the trainer and the seats."""

    trainer = serializers.PrimaryKeyRelatedField(
        queryset=StaffMember.objects.filter(active=True),
        required=False,
        allow_null=True,
        write_only=True,
        help_text="An internal trainer (staff directory id) holding a valid internal-trainer certification.",
    )
    trainer_name = serializers.SerializerMethodField(help_text="The internal trainer's name; null without one.")
    seats_taken = serializers.IntegerField(source="taken", read_only=True)
    waiting = serializers.IntegerField(read_only=True)

    class Meta:
        model = Session
        fields = [
            "id",
            "course",
            "starts_at",
            "ends_at",
            "location",
            "link",
            "trainer",
            "trainer_name",
            "vendor_trainer",
            "capacity",
            "seats_taken",
            "waiting",
            "status",
            "invitation_sequence",
            "note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "invitation_sequence"]

    def validate(self, attrs: dict) -> dict:
        # The service checks the whole session (a PATCH merged with the stored one).
        return attrs

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_trainer_name(self, session: Session) -> str | None:
        return session.trainer.name if session.trainer_id else None


class SessionDetailSerializer(SessionSerializer):
    enrolments = EnrolmentSerializer(many=True, read_only=True)

    class Meta(SessionSerializer.Meta):
        fields = [*SessionSerializer.Meta.fields, "enrolments"]


class EnrolSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(
        queryset=StaffMember.objects.all(), help_text="The person (staff directory id)."
    )


class WithdrawSerializer(serializers.Serializer):
    enrolment = serializers.IntegerField(min_value=1, help_text="The enrolment's id (from the session's enrolments).")


class AttendanceMarkSerializer(serializers.Serializer):
    """One row of attendance: the enrolment, its status, and the attendee's quiz score (0-100;
    omitted or null for none) on a course that ends with a quiz."""

    enrolment = serializers.IntegerField(min_value=1)
    status = serializers.ChoiceField(choices=ATTENDANCE_CHOICES)
    quiz_score = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=limits.PERCENT.low, max_value=limits.PERCENT.high
    )


class AttendanceSerializer(serializers.Serializer):
    attendance = AttendanceMarkSerializer(many=True, allow_empty=False, max_length=1000)


class BulkAttendanceSerializer(serializers.Serializer):
    attendance = AttendanceMarkSerializer(many=True, allow_empty=False, max_length=BULK_ROWS)


class AttendanceCountsSerializer(serializers.Serializer):
    attended = serializers.IntegerField()
    no_show = serializers.IntegerField()
    excused = serializers.IntegerField()
