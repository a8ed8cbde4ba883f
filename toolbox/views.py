from django.views.decorators.http import require_GET

from epop.core.shortcuts import render_page


@require_GET
def home(request):
    return render_page(request, "toolbox:home", "toolbox/home.html")
