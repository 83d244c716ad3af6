from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from accounts import audit  # noqa: F401  (registers models with the audit trail)
        from accounts.permissions import ROLE_MATRIX
        from accounts.sign_in_limit import on_login_failed
        from core.permissions import register_matrix

        register_matrix(ROLE_MATRIX)
        user_login_failed.connect(on_login_failed, dispatch_uid="accounts.sign_in_limit")
