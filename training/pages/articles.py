"""The knowledge base's part of a ticket's page (registered in ``tickets.ticket_sections`` from
``TrainingConfig.ready``): the articles that answer the ticket, as the user may read them, and
for those who may link articles the form to link another and the buttons to unlink."""

from django.urls import reverse

from accounts.models import User
from core.permissions import can
from tickets.models import Ticket
from tickets.ticket_sections import TicketSection
from training.selectors.articles import link_candidates, ticket_article_links


def ticket_articles_section(ticket: Ticket, user: User) -> TicketSection | None:
    links = ticket_article_links(ticket, user)
    may_link = can(user, "article.link", ticket)
    if not links and not may_link:
        return None
    context = {"links": links, "may_link": may_link}
    if may_link:
        context["candidates"] = list(link_candidates(ticket, user).values_list("pk", "title"))
        context["link_url"] = reverse("training:ticket_article_link", kwargs={"pk": ticket.pk})
    return TicketSection("training/articles/includes/ticket_articles.html", context)
