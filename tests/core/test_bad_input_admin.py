"""The admin's lists take bad search, ordering, page and filter values without a 500
(issue 7, item 8), for every registered model."""

from django.contrib import admin
from django.urls import reverse

from epop.accounts.models import User

from .test_bad_input import BAD_VALUES, MALFORMED_PERCENT


def test_no_admin_list_parameter_gives_a_server_error(client):
    client.force_login(User.objects.create_superuser(email="a@example.org", password="x-y-2026"))
    failures = []
    for model in admin.site._registry:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        for label, value in BAD_VALUES.items():
            for name in ("q", "o", "p", "status__exact", "created_at__gte"):
                response = client.get(url, {name: value})
                if response.status_code >= 500:
                    failures.append(f"{url} {name}={label} → {response.status_code}")
        for raw in MALFORMED_PERCENT:
            response = client.get(f"{url}?q={raw}")
            if response.status_code >= 500:
                failures.append(f"{url} q={raw} → {response.status_code}")
    assert not failures, "\n".join(failures)
