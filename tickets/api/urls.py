from rest_framework.routers import SimpleRouter

from tickets.api.views import HistoryImportViewSet, TicketViewSet

router = SimpleRouter()
router.register("tickets", TicketViewSet, basename="ticket")
router.register("ticket-imports", HistoryImportViewSet, basename="ticket-import")

urlpatterns = router.urls
