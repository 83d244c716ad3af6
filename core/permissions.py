"""Who may do what: ``can(user, action, obj=None)``, the one question every layer asks.

The answers are one table of named actions by role (``"ticket.resolve"``: hospital admins and
vendor users), kept as data in ``accounts.permissions`` (the app that owns roles) and registered
here from ``AccountsConfig.ready()``: core holds the mechanism, never the rules. It is asked by

- the hospital views and the portal, through ``permission_action`` (``core.views.mixins``);
- the API, through ``ActionPermission`` (``core.api.permissions``), per action of a viewset;
- the templates, through the ``can`` filter (``core.templatetags.permissions``), so a page
  offers only the buttons its user may press;
- the services, before they write (``require``), so no caller can forget the check.

A vendor user acts only on their own vendor's rows: given an object, ``can`` also checks that it
belongs to the user's vendor (through the model's ``vendor_lookup``). Rules that depend on an
object's state (a resolved ticket cannot be paused) are not roles: the services keep them.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from django.core.exceptions import PermissionDenied
from django.db.models import Model

from core.roles import AnyUser, Role


@dataclass(frozen=True)
class Grant:
    """One row of the matrix: what the action is, in words, and the roles that may take it."""

    label: str
    roles: frozenset[Role]


_matrix: dict[str, Grant] = {}


def register_matrix(matrix: Mapping[str, Grant]) -> None:
    """Install the role matrix (``accounts.apps.AccountsConfig.ready``)."""
    _matrix.clear()
    _matrix.update(matrix)


def matrix() -> Mapping[str, Grant]:
    """The registered matrix, read-only: action name to its grant."""
    return MappingProxyType(_matrix)


def grant_of(action: str) -> Grant:
    try:
        return _matrix[action]
    except KeyError:
        # A misspelt action must fail loudly, never quietly deny (or allow) everyone.
        raise LookupError(f"No action {action!r} in the role matrix (accounts/permissions.py).") from None


def owner_vendor_id(obj: Model) -> int | None:
    """The id of the vendor ``obj`` belongs to, through its model's ``vendor_lookup``
    (``"vendor"``, ``"ticket__vendor"``, ``"pk"`` for a vendor itself); None if it has none."""
    path = getattr(type(obj), "vendor_lookup", None)
    if not path:
        return None
    *parents, last = path.split("__")
    target: object = obj
    for name in parents:
        target = getattr(target, name, None)
        if target is None:
            return None
    if last == "pk":
        return getattr(target, "pk", None)
    return getattr(target, f"{last}_id", None)


def can(user: AnyUser, action: str, obj: Model | None = None) -> bool:
    """Whether ``user``'s role may take ``action`` (on ``obj``, when given: for a vendor user,
    only an object of their own vendor)."""
    grant = grant_of(action)
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.role not in grant.roles:
        return False
    if obj is not None and user.role == Role.VENDOR_USER:
        return user.vendor_id is not None and owner_vendor_id(obj) == user.vendor_id
    return True


def denial(action: str) -> str:
    """The sentence a refusal shows: "Your role cannot change a ticket's severity."."""
    label = grant_of(action).label
    return f"Your role cannot {label[0].lower()}{label[1:]}."


def require(user: AnyUser, action: str, obj: Model | None = None) -> None:
    """``can``, or ``PermissionDenied`` saying what the role may not do."""
    if not can(user, action, obj):
        raise PermissionDenied(denial(action))
