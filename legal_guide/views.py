from django.views.decorators.http import require_GET

from epop.core.shortcuts import render_page


@require_GET
def home(request):
    return render_page(request, "legal_guide:home", "legal_guide/home.html")
