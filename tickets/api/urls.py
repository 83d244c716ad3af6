from core.api.routers import LazyRouter

router = LazyRouter()
router.register("tickets", "tickets.api.views.TicketViewSet", basename="ticket")
router.register("ticket-imports", "tickets.api.views.HistoryImportViewSet", basename="ticket-import")

urlpatterns = router.urls
