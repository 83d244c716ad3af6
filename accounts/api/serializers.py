"""What the token endpoint reads, and the staff directory."""

from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer

from accounts.models import StaffMember, User
from core.api.serializers import ScopedModelSerializer


class TokenRequestSerializer(AuthTokenSerializer):
    """DRF's ``username`` + ``password`` (the username no longer than any account's: a longer one
    is refused before it is tried, so the lockout never records it, whose failure record would
    overflow, a 500), and the second factor of users who have one."""

    username = serializers.CharField(
        label="Username", write_only=True, max_length=User._meta.get_field("username").max_length
    )
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=32,
        write_only=True,
        help_text=(
            "Users with two-factor authentication (required for hospital admins and vendor users): the "
            "6-digit code of their authenticator app, or one of their recovery codes."
        ),
    )


class StaffMemberSerializer(ScopedModelSerializer):
    class Meta:
        model = StaffMember
        fields = [
            "id",
            "name",
            "staff_number",
            "profession",
            "department",
            "site",
            "email",
            "start_date",
            "active",
            "user",
            "created_at",
            "updated_at",
        ]
