"""Demo accounts of every kind: national and regional coordinators, employers, peer workers.

All people are fictional (Faker, fr_FR) with addresses under example.org. Peer-worker and
employer accounts are bulk-created so `seed_demo --profiles 100000` stays fast.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from epop.core.demo import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, DemoContext, seeder
from epop.territories.models import Region

from .models import User

EMPLOYERS = 40


def _email(local: str) -> str:
    return f"{local}@{DEMO_EMAIL_DOMAIN}"


def _person_email(ctx: DemoContext, prefix: str, index: int) -> tuple[str, str, str]:
    first, last = ctx.faker.first_name(), ctx.faker.last_name()
    local = f"{slugify(first)}.{slugify(last)}".replace("-", "")
    return first, last, _email(f"{local}.{prefix}{index:05d}")


def _bulk_users(rows: list[User]) -> dict[str, int]:
    User.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
    ids = dict(
        User.objects.filter(email__in=[row.email for row in rows]).values_list("email", "id")
    )
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user_id=ids[row.email], email=row.email, verified=True, primary=True)
            for row in rows
        ],
        ignore_conflicts=True,
        batch_size=2000,
    )
    return ids


@seeder(order=10)
def seed_accounts(ctx: DemoContext) -> None:
    password = make_password(DEMO_PASSWORD)

    staff = [
        User(
            email=_email("admin"),
            first_name="Alex",
            last_name="Admin",
            kind=User.Kind.COORDINATOR,
            is_staff=True,
            is_superuser=True,
            password=password,
        ),
        User(
            email=_email("coordination.nationale"),
            first_name="Nadia",
            last_name="Martel",
            kind=User.Kind.COORDINATOR,
            is_staff=True,
            password=password,
        ),
        User(
            email=_email("pair.national"),
            first_name="Yves",
            last_name="Lenoir",
            kind=User.Kind.COORDINATOR,
            is_staff=True,
            password=password,
        ),
    ]
    _bulk_users(staff)

    regional = []
    regions_by_email = {}
    for region in Region.objects.filter(has_regional_team=True).order_by("code"):
        slug = slugify(region.name)
        for role in ("coordination", "pair"):
            first, last = ctx.faker.first_name(), ctx.faker.last_name()
            email = _email(f"{role}.{slug}")
            regional.append(
                User(
                    email=email,
                    first_name=first,
                    last_name=last,
                    kind=User.Kind.COORDINATOR,
                    password=password,
                )
            )
            regions_by_email[email] = region
    ids = _bulk_users(regional)
    through = User.regions.through
    through.objects.bulk_create(
        [
            through(user_id=ids[email], region_id=region.code)
            for email, region in regions_by_email.items()
        ],
        ignore_conflicts=True,
    )

    employers = []
    for index in range(EMPLOYERS):
        first, last, email = _person_email(ctx, "emp", index)
        employers.append(
            User(
                email=email,
                first_name=first,
                last_name=last,
                kind=User.Kind.EMPLOYER,
                password=password,
            )
        )
    employer_ids = _bulk_users(employers)

    peers = []
    for index in range(ctx.profiles):
        first, last, email = _person_email(ctx, "ip", index)
        peers.append(
            User(
                email=email,
                first_name=first,
                last_name=last,
                kind=User.Kind.PEER_WORKER,
                password=password,
            )
        )
    peer_ids = _bulk_users(peers)

    ctx.shared["employer_ids"] = [employer_ids[row.email] for row in employers]
    ctx.shared["peer_worker_ids"] = [peer_ids[row.email] for row in peers]
    ctx.shared["peer_worker_names"] = [(row.first_name, row.last_name) for row in peers]
    ctx.write(
        f"  comptes : {len(staff)} équipe nationale, {len(regional)} coordination régionale, "
        f"{len(employers)} employeurs, {len(peers)} intervenant·es-pairs"
    )
