from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer


class TokenRequestSerializer(AuthTokenSerializer):
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
