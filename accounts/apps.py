from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from accounts import audit  # noqa: F401  (registers models with the audit trail)
        from accounts.permissions import ROLE_MATRIX
        from core.permissions import register_matrix

        register_matrix(ROLE_MATRIX)
