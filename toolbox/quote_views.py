"""The quote generator of peer workers: list, form, page, PDFs, and one-click actions.

A quote is reached by its owner only; anyone else gets the same 404 as for a missing quote.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from epop.accounts.permissions import is_peer_worker
from epop.core.shortcuts import render_page

from . import quote_documents, quote_services
from .quote_forms import LineFormSet, QuoteForm
from .quote_models import Invoice, Quote


def peer_worker_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_peer_worker(request.user):
            return render(request, "toolbox/quotes/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def _own(request, pk) -> Quote:
    return get_object_or_404(Quote.objects.select_related("invoice"), pk=pk, owner=request.user)


@peer_worker_required
@require_http_methods(["GET"])
def quotes(request):
    own = Quote.objects.of(request.user).select_related("invoice").prefetch_related("lines")
    items = [{"quote": quote, "total": quote.totals()["gross"]} for quote in own]
    return render_page(request, "toolbox:quotes", "toolbox/quotes/list.html", {"items": items})


def _form_page(request, quote=None):
    if request.method == "POST":
        form = QuoteForm(request.POST, instance=quote)
        lines = LineFormSet(request.POST, prefix="lignes")
        if form.is_valid() and lines.is_valid():
            data = {name: form.cleaned_data[name] for name in QuoteForm.Meta.fields}
            try:
                if quote is None:
                    quote = quote_services.create_quote(request.user, data, lines.lines())
                else:
                    quote = quote_services.update_quote(quote, data, lines.lines())
            except quote_services.QuoteError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Le devis {quote.display_number} est enregistré.")
                return redirect("toolbox:quote", pk=quote.pk)
    else:
        form = QuoteForm(instance=quote)
        initial = (
            list(quote.lines.values("description", "unit", "quantity", "unit_price"))
            if quote
            else []
        )
        lines = LineFormSet(prefix="lignes", initial=initial)
    error_count = (
        len(form.errors) + sum(len(e) for e in lines.errors) + len(lines.non_form_errors())
    )
    return render(
        request,
        "toolbox/quotes/form.html",
        {"form": form, "lines": lines, "quote": quote, "error_count": error_count},
    )


@peer_worker_required
@require_http_methods(["GET", "POST"])
def quote_create(request):
    return _form_page(request)


@peer_worker_required
@require_http_methods(["GET", "POST"])
def quote_edit(request, pk):
    quote = _own(request, pk)
    if not quote.editable:
        messages.error(request, "Ce devis a été accepté : il ne peut plus être modifié.")
        return redirect("toolbox:quote", pk=quote.pk)
    return _form_page(request, quote)


@peer_worker_required
@require_http_methods(["GET"])
def quote_detail(request, pk):
    quote = _own(request, pk)
    lines = list(quote.lines.all())
    invoice = getattr(quote, "invoice", None)
    return render(
        request,
        "toolbox/quotes/detail.html",
        {
            "quote": quote,
            "lines": lines,
            "totals": quote.totals(lines),
            "mentions": quote_documents.quote_mentions(quote),
            "invoice": invoice,
            "invoice_mentions": quote_documents.invoice_mentions(invoice) if invoice else [],
        },
    )


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@peer_worker_required
@require_http_methods(["GET"])
def quote_pdf(request, pk):
    quote = _own(request, pk)
    return _pdf(quote_documents.render_pdf(quote), f"devis-{quote.display_number}.pdf")


@peer_worker_required
@require_http_methods(["GET"])
def invoice_pdf(request, pk):
    quote = _own(request, pk)
    invoice = get_object_or_404(Invoice, quote=quote)
    return _pdf(quote_documents.render_pdf(quote, invoice), f"facture-{invoice.display_number}.pdf")


def _action(request, pk, action, success):
    quote = _own(request, pk)
    try:
        result = action(quote)
    except quote_services.QuoteError as error:
        messages.error(request, str(error))
        return redirect("toolbox:quote", pk=quote.pk)
    messages.success(request, success(result))
    target = result.quote if isinstance(result, Invoice) else result
    return redirect("toolbox:quote", pk=target.pk)


@peer_worker_required
@require_POST
def quote_duplicate(request, pk):
    return _action(
        request,
        pk,
        quote_services.duplicate_quote,
        lambda copy: f"Copie créée : le brouillon {copy.display_number}.",
    )


@peer_worker_required
@require_POST
def quote_accept(request, pk):
    return _action(
        request,
        pk,
        quote_services.accept_quote,
        lambda quote: f"Le devis {quote.display_number} est noté comme accepté.",
    )


@peer_worker_required
@require_POST
def quote_invoice(request, pk):
    return _action(
        request,
        pk,
        quote_services.invoice_quote,
        lambda invoice: f"La facture {invoice.display_number} est créée.",
    )


@peer_worker_required
@require_POST
def quote_delete(request, pk):
    quote = _own(request, pk)
    try:
        quote_services.delete_draft(quote)
    except quote_services.QuoteError as error:
        messages.error(request, str(error))
        return redirect("toolbox:quote", pk=quote.pk)
    messages.success(request, "Le brouillon est supprimé.")
    return redirect("toolbox:quotes")
