"""What the token endpoint reads."""

from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer

from accounts.models import User


class TokenRequestSerializer(AuthTokenSerializer):
    """DRF's ``username`` + ``password``, with the username no longer than any account's: a
    longer one is refused before it is tried, so the lockout never records it (its failure
    record would overflow, a 500)."""

    username = serializers.CharField(
        label="Username", write_only=True, max_length=User._meta.get_field("username").max_length
    )
