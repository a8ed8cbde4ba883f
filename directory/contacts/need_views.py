"""A peer worker's answer to a need, posted here: it opens a conversation (decision 0016).

The need's page belongs to the needs (directory/alerts/views.py); only the answer's POST lives
here, because the conversations sit over the needs and may read them, not the other way round.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from directory.alerts.forms import NeedAnswerForm
from directory.alerts.models import Need
from directory.alerts.views import needs_access_required, peer_reader, render_peer_need

from .needs import NeedError, answer_need


@needs_access_required
@require_POST
def need_answer(request, pk):
    need = get_object_or_404(Need.objects.select_related("commune", "author"), pk=pk)
    profile = peer_reader(request.user)
    if profile is None or need.author_id == request.user.pk:
        raise Http404
    form = NeedAnswerForm(request.POST)
    if form.is_valid():
        try:
            contact = answer_need(request.user, need, form.cleaned_data["message"])
        except NeedError as error:
            form.add_error(None, f"Erreur : {error}")
        else:
            messages.success(
                request,
                "Votre réponse est envoyée à l'employeur. La conversation continue ici.",
            )
            return redirect("directory:contact_thread", contact.pk)
    return render_peer_need(request, need, profile, form)
