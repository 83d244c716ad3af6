"""Articles and tickets: linking the articles that answer a ticket (the ticket page shows them,
the portal too for the vendor's own tickets, tickets importing nothing of training), and the
ticket form's suggestions as its title is typed."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from tickets.tests.factories import open_ticket
from training.models import ArticleLink
from training.services.articles import article_link
from training.tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_an_admin_links_and_unlinks_an_article_on_the_ticket_page(admin_client: Client, admin_user, vendor) -> None:
    ticket = open_ticket(vendor)
    article = make_article(vendor=vendor, by=admin_user, title="Clear the viewer cache")
    page = admin_client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert "No article is linked yet" in page
    assert f'<option value="{article.pk}">Clear the viewer cache</option>' in page
    response = admin_client.post(f"/training/tickets/{ticket.pk}/articles/", {"article": article.pk})
    assert response["Location"] == f"/tickets/{ticket.pk}/"
    link = ArticleLink.objects.get(ticket=ticket, article=article)
    assert link.linked_by == admin_user
    page = admin_client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert f'href="/training/articles/{article.pk}/"' in page
    admin_client.post(f"/training/tickets/{ticket.pk}/articles/", {"unlink": link.pk})
    assert not ArticleLink.objects.exists()


def test_only_published_articles_of_the_tickets_vendor_or_the_hospital_are_linked(
    admin_user, vendor, other_vendor
) -> None:
    ticket = open_ticket(vendor)
    with pytest.raises(ValidationError):
        article_link(ticket=ticket, article=make_article(vendor=other_vendor, by=admin_user), by=admin_user)
    with pytest.raises(ValidationError):
        article_link(ticket=ticket, article=make_article(vendor=vendor, by=admin_user, published=False), by=admin_user)
    ours = make_article(vendor=None, by=admin_user, title="Our downtime procedure")
    article_link(ticket=ticket, article=ours, by=admin_user)
    with pytest.raises(ValidationError):
        article_link(ticket=ticket, article=ours, by=admin_user)
    assert ArticleLink.objects.get().article == ours


def test_staff_see_links_but_may_not_link(staff_client: Client, admin_user, vendor) -> None:
    ticket = open_ticket(vendor)
    article = make_article(vendor=vendor, by=admin_user, title="Clear the viewer cache")
    article_link(ticket=ticket, article=article, by=admin_user)
    page = staff_client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert "Clear the viewer cache" in page
    assert "Link article" not in page
    other = make_article(vendor=vendor, by=admin_user, title="Another")
    assert staff_client.post(f"/training/tickets/{ticket.pk}/articles/", {"article": other.pk}).status_code == 403
    assert ArticleLink.objects.count() == 1


def test_the_vendor_sees_the_links_on_its_ticket_in_the_portal(vendor_client: Client, admin_user, vendor) -> None:
    ticket = open_ticket(vendor)
    theirs = make_article(vendor=vendor, by=admin_user, title="Clear the viewer cache")
    ours = make_article(vendor=None, by=admin_user, title="Hospital downtime procedure")
    article_link(ticket=ticket, article=theirs, by=admin_user)
    article_link(ticket=ticket, article=ours, by=admin_user)
    page = vendor_client.get(f"/portal/tickets/{ticket.pk}/").content.decode()
    assert f'href="/portal/articles/{theirs.pk}/"' in page
    assert "Hospital downtime procedure" not in page  # the hospital's own never reaches the portal
    assert "Link article" not in page


def test_the_ticket_form_suggests_articles_as_the_title_is_typed(staff_client: Client, admin_user, vendor) -> None:
    make_article(vendor=vendor, by=admin_user, title="Viewer freezes on large CT series")
    make_article(vendor=vendor, by=admin_user, title="Worklist sorting")
    form = staff_client.get("/tickets/add/").content.decode()
    assert 'hx-get="/training/articles/suggest/"' in form
    fragment = staff_client.get("/training/articles/suggest/", {"title": "viewer freezes", "vendor": vendor.pk})
    html = fragment.content.decode()
    assert "Viewer freezes on large CT series" in html
    assert "Worklist sorting" not in html
    assert staff_client.get("/training/articles/suggest/", {"title": "", "vendor": "x"}).content.decode().strip() == ""
