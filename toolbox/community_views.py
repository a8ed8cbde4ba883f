"""Experience reports, trainings, news and events (with iCalendar files)."""

from datetime import datetime, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from epop.accounts.permissions import is_peer_worker
from epop.core.markdown import render_markdown
from epop.core.shortcuts import render_page
from epop.territories.models import Region

from .community_models import Event, ExperienceReport, ReportStatus, Training
from .forms import ExperienceReportForm, ReportFilterForm

# --- Experience reports -------------------------------------------------------------------


@require_GET
def reports(request):
    form = ReportFilterForm(request.GET or None)
    items = ExperienceReport.objects.published()
    author = request.GET.get("auteur", "")
    if author.isdigit():  # the link a peer worker's public profile may show
        items = items.filter(author_id=int(author), show_on_profile=True)
    if form.is_bound and form.is_valid():
        if form.cleaned_data["sector"]:
            items = items.filter(sector=form.cleaned_data["sector"])
        if form.cleaned_data["intervention"]:
            items = items.filter(intervention_type=form.cleaned_data["intervention"])
    own = []
    if is_peer_worker(request.user):
        own = list(ExperienceReport.objects.filter(author=request.user))
    return render_page(
        request,
        "toolbox:reports",
        "toolbox/reports/list.html",
        {"form": form, "items": items[:100], "own": own, "can_write": is_peer_worker(request.user)},
    )


@require_GET
def report(request, pk):
    item = get_object_or_404(ExperienceReport.objects.published(), pk=pk)
    return render(request, "toolbox/reports/detail.html", {"report": item})


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request):
    if not is_peer_worker(request.user):
        return render(request, "toolbox/quotes/forbidden.html", status=403)
    form = ExperienceReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.author = request.user
        item.consent_at = timezone.now()
        item.status = ReportStatus.SUBMITTED
        item.save()
        messages.success(
            request,
            "Merci ! Votre retour d'expérience sera relu par la coordination avant publication.",
        )
        return redirect("toolbox:reports")
    return render(request, "toolbox/reports/form.html", {"form": form})


@login_required
@require_POST
def report_withdraw(request, pk):
    item = get_object_or_404(ExperienceReport, pk=pk, author=request.user)
    item.status = ReportStatus.WITHDRAWN
    item.show_on_profile = False
    item.save(update_fields=["status", "show_on_profile"])
    messages.success(request, f"Votre retour « {item.title} » est retiré du site.")
    return redirect("toolbox:reports")


# --- Trainings --------------------------------------------------------------------------


class TrainingFilterForm(forms.Form):
    region = forms.ModelChoiceField(
        label="Région", queryset=Region.objects.all(), required=False, empty_label="Toutes",
        to_field_name="code",
    )  # fmt: skip
    remote = forms.BooleanField(label="Inclure les formations à distance", required=False)
    after = forms.DateField(
        label="À partir du",
        required=False,
        help_text="Au format jj/mm/aaaa.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


@require_GET
def trainings(request):
    form = TrainingFilterForm(request.GET or None)
    items = Training.objects.select_related("region").filter(ends_on__gte=timezone.localdate())
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["region"]:
            place = Q(region=data["region"])
            if data["remote"]:
                place |= Q(remote=True)
            items = items.filter(place)
        if data["after"]:
            items = items.filter(starts_on__gte=data["after"])
    return render_page(
        request, "toolbox:trainings", "toolbox/trainings.html", {"form": form, "items": items}
    )


# --- Events -----------------------------------------------------------------------------


@require_GET
def events(request):
    items = Event.objects.filter(published=True, ends_at__gte=timezone.now()).select_related(
        "region"
    )
    regions = Region.objects.filter(event__published=True).distinct()
    return render_page(
        request, "toolbox:events", "toolbox/events/list.html", {"items": items, "regions": regions}
    )


@require_GET
def event(request, slug):
    item = get_object_or_404(Event.objects.select_related("region"), slug=slug, published=True)
    return render(
        request,
        "toolbox/events/detail.html",
        {"event": item, "body": render_markdown(item.body, top_level=2)},
    )


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//EPoP//Boîte à outils//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def _calendar_event(request, item: Event) -> CalendarEvent:
    entry = CalendarEvent()
    entry.add("uid", f"evenement-{item.pk}@epop")
    entry.add("summary", item.title)
    entry.add("description", item.summary)
    entry.add("location", item.place)
    entry.add("dtstart", item.starts_at)
    entry.add("dtend", item.ends_at)
    entry.add("dtstamp", datetime.now(tz=timezone.get_current_timezone()))
    entry.add("url", request.build_absolute_uri(item.get_absolute_url()))
    return entry


def _ics(calendar: Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def event_ics(request, slug):
    item = get_object_or_404(Event, slug=slug, published=True)
    calendar = _calendar(item.title)
    calendar.add_component(_calendar_event(request, item))
    return _ics(calendar, f"{item.slug}.ics")


@require_GET
def region_feed(request, code):
    """Events of a region and the national ones, as a calendar people can subscribe to."""
    region = get_object_or_404(Region, code=code)
    since = timezone.now() - timedelta(days=30)
    items = Event.objects.filter(published=True, ends_at__gte=since).filter(
        Q(region=region) | Q(region__isnull=True)
    )
    calendar = _calendar(f"Événements EPoP – {region.name}")
    for item in items:
        calendar.add_component(_calendar_event(request, item))
    return _ics(calendar, f"evenements-{region.code}.ics")
