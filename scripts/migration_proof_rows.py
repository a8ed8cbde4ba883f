# Run by scripts/check_migration_keeps_rows.sh in the OLD tree (`manage.py shell -c`): a few rows
# in every table whose model moves app, written with the old code's model paths, plus an admin
# log entry, so that the proof also shows the content type carried to the new label.
# ruff: noqa
from datetime import date

from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from directory import models as m
from epop.accounts.models import OrganisationType, User

now = timezone.now()
employer = User.objects.filter(kind=User.Kind.EMPLOYER).order_by("pk").first()
admin = User.objects.filter(is_staff=True).order_by("pk").first() or employer
published = list(m.PublishedProfile.objects.select_related("home_commune").order_by("pk")[:3])
peer = published[0]
commune = peer.home_commune
contact = m.ContactRequest.objects.create(
    employer=employer,
    profile=peer.profile,
    region_id=commune.region_id,
    intervention_type=peer.intervention_types[0],
    description="Preuve de migration",
    sector=m.choices.Sector.values[0],
    format=m.choices.Format.values[0],
    place="commune",
    commune=commune,
    organisation_name="Structure",
    organisation_kind=OrganisationType.values[0],
)
message = m.ContactMessage.objects.create(request=contact, author=employer, body="Bonjour")
m.ContactReport.objects.create(
    message=message,
    request=contact,
    reporter=peer.profile.user,
    region_id=commune.region_id,
    reason=m.ReportReason.values[0],
    message_text="Bonjour",
)
m.ContactBlock.objects.create(peer_worker=peer.profile.user, employer=employer)
m.ContactReminder.objects.create(request=contact, kind="relance")
alert = m.Alert.objects.create(owner=employer, name="Preuve", query="")
digest = m.Digest.objects.create(
    kind="alertes", recipient=employer, frequency=m.AlertFrequency.WEEKLY, period_key="2026-W01"
)
for profile in published:
    m.AlertMatch.objects.create(alert=alert, profile=profile, employer=employer, digest=digest)
need = m.Need.objects.create(
    author=employer, title="Besoin", description="Preuve", date=date(2030, 1, 1), remote=True
)
for profile in published:
    m.NeedMatch.objects.create(need=need, profile=profile, recipient=profile.profile.user)
m.NeedResponse.objects.create(need=need, profile=peer, message="Je suis disponible")
m.SentReminder.objects.create(kind="resume_hebdo", recipient=employer, period_key="2026-W01")
LogEntry.objects.create(
    user=admin,
    content_type=ContentType.objects.get_for_model(contact),
    object_id=str(contact.pk),
    object_repr=str(contact),
    action_flag=ADDITION,
)
print("proof rows written")
