"""``{% object_url ticket %}`` / ``{% object_url "slas.Incident" incident_id %}``: the page where the
signed-in user sees an object (``core.links``), so a template shared by the hospital UI and the
portal never names the portal's URLs."""

from typing import Any

from django import template

from core import links

register = template.Library()


@register.simple_tag(takes_context=True)
def object_url(context: template.Context, model: Any, pk: int | None = None) -> str:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return links.object_url(model, pk, audience=links.audience_of(user))
