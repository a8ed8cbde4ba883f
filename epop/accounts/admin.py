"""Account administration for the national team: find people, set their kind, assign regions;
their e-mail addresses and their organisations, in the same « Comptes » section."""

from allauth.account.admin import EmailAddressAdmin
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied

from .models import AccountEmailAddress, Organisation, User


class UserCreationForm(AdminUserCreationForm):
    """Create an account from an email address; there is no username anywhere."""

    class Meta:
        model = User
        fields = ("email", "kind")

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data.get("email"))
        # The database constraint is case-insensitive; say so in the form instead of failing.
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("Un compte utilise déjà cette adresse e-mail.")
        return email


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data.get("email"))
        others = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("Un compte utilise déjà cette adresse e-mail.")
        return email


# Fields that grant rights: only superusers change them (issue 7, item 1). National coordinators
# hold the change permission on users to manage kinds and regions, nothing more.
RIGHTS_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")
# On another staff or superuser account, also what would let someone take it over or lock it
# out: changing its address then asking for a reset link, or deactivating it.
PROTECTED_ACCOUNT_FIELDS = ("email", "is_active", "kind")


def protected_from(request, obj) -> bool:
    """Whether `obj` is another staff member's account that this non-superuser may not touch."""
    return bool(
        obj is not None
        and obj.pk != request.user.pk
        and (obj.is_staff or obj.is_superuser)
        and not request.user.is_superuser
    )


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    list_display = ("email", "kind", "region_names", "is_active", "is_staff", "date_joined")
    list_filter = ("kind", "regions", "is_active", "is_staff")
    search_fields = ("email", "first_name", "last_name")
    ordering = ("email",)
    filter_horizontal = ("regions", "groups", "user_permissions")
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Identité", {"fields": ("first_name", "last_name")}),
        (
            "Rôle sur la plateforme",
            {
                "fields": ("kind", "regions"),
                "description": (
                    "Un compte « Coordination EPoP » n'a de droits que sur les régions choisies "
                    "ici. Cochez « Statut équipe » pour l'équipe nationale : elle suit les régions "
                    "sans équipe régionale."
                ),
            },
        ),
        (
            "Droits d'administration",
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ),
            },
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "kind", "usable_password", "password1", "password2"),
            },
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += RIGHTS_FIELDS
        if protected_from(request, obj):
            fields += PROTECTED_ACCOUNT_FIELDS
        return fields

    def user_change_password(self, request, id, form_url=""):
        # Setting someone else's password is taking their account over: superusers only.
        if not request.user.is_superuser and str(request.user.pk) != str(id):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def get_queryset(self, request):
        # One query for all regions of the page instead of one per row.
        return super().get_queryset(request).prefetch_related("regions")

    @admin.display(description="régions coordonnées")
    def region_names(self, user):
        # Reads the prefetch cache: sorting in Python keeps it at zero extra queries.
        return ", ".join(sorted(region.name for region in user.regions.all())) or "—"


@admin.register(AccountEmailAddress)
class AccountEmailAddressAdmin(EmailAddressAdmin):
    """allauth's own admin for addresses, under « Comptes » (epop/urls.py removes allauth's
    second « Comptes » section)."""


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "siret", "user", "created_at")
    list_filter = ("kind",)
    search_fields = ("name", "siret", "user__email")
    raw_id_fields = ("user",)
    readonly_fields = ("created_at", "updated_at")
