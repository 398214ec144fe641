from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from courses.models import CoursePage, ModulePage


@never_cache
@require_GET
def healthz(request):
    """Liveness for load balancers: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def search(request):
    """Search published courses and modules (titles, summaries and module text)."""
    query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    results = []
    if query:
        results = [
            *CoursePage.objects.live().search(query),
            *ModulePage.objects.live().search(query),
        ]
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    return render(request, "search/search.html", {"query": query, "results": page})
