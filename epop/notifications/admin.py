from django.contrib import admin, messages
from django.utils.html import format_html

from . import services
from .models import NotificationPreference, OutboxMessage

BODY_PERMISSION = "notifications.view_message_body"


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """The mail queue, read-only: coordinators see what waits, what left and what failed."""

    list_display = ["created_at", "subject", "recipient_list", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    # icontains on the JSON lists of addresses: PostgreSQL compares their text form.
    search_fields = ["subject", "to", "cc", "bcc"]
    date_hierarchy = "created_at"
    list_per_page = 50
    actions = ["resend_failed"]

    @admin.display(description="destinataires")
    def recipient_list(self, obj):
        return ", ".join(obj.to)

    @admin.display(description="texte")
    def body_text(self, obj):
        return format_html('<pre class="outbox-body">{}</pre>', obj.body or "—")

    @admin.display(description="version HTML (source)")
    def html_source(self, obj):
        # Shown as escaped source, never rendered: it is mail markup, not admin markup.
        return format_html('<pre class="outbox-body">{}</pre>', obj.html_body or "—")

    def get_fieldsets(self, request, obj=None):
        content = ["subject"]
        if request.user.has_perm(BODY_PERMISSION):
            # Headers carry secrets too (List-Unsubscribe tokens): hidden like the bodies.
            content = ["headers", "subject", "body_text", "html_source"]
        return [
            (
                "Message",
                {"fields": ["from_email", "to", "cc", "bcc", "reply_to", *content]},
            ),
            (
                "Envoi",
                {
                    "fields": [
                        "status",
                        "attempts",
                        "last_error",
                        "created_at",
                        "updated_at",
                        "next_attempt_at",
                        "sent_at",
                        "dedup_key",
                    ]
                },
            ),
        ]

    def get_readonly_fields(self, request, obj=None):
        return [
            field for _, options in self.get_fieldsets(request, obj) for field in options["fields"]
        ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Failed messages are evidence for the coordinator; sent ones go with the retention purge.
        return False

    def has_change_permission(self, request, obj=None):
        # The change permission exists for the resend action; a message itself is never edited.
        if obj is not None:
            return False
        return super().has_change_permission(request, obj)

    @admin.action(description="Renvoyer les messages en échec sélectionnés", permissions=["change"])
    def resend_failed(self, request, queryset):
        count = services.retry_failed(queryset)
        if count:
            self.message_user(
                request,
                f"{count} message{'s' if count > 1 else ''} remis en file d'envoi.",
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                "Aucun message en échec dans la sélection : rien à renvoyer.",
                messages.WARNING,
            )


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "key", "frequency", "updated_at"]
    list_filter = ["key", "frequency"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
