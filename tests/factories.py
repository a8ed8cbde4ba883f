"""factory_boy factories shared by the test suites."""

import uuid

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from directory.profiles import services
from directory.profiles.models import CharterVersion, PeerProfile
from epop.accounts.models import Organisation, User
from epop.territories.models import Commune, Region

PASSWORD = "motdepasse-de-test-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    kind = User.Kind.PEER_WORKER
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class PeerWorkerFactory(UserFactory):
    kind = User.Kind.PEER_WORKER


class EmployerFactory(UserFactory):
    kind = User.Kind.EMPLOYER


class CoordinatorFactory(UserFactory):
    """A regional coordinator of the given regions (codes), or national with is_staff=True."""

    kind = User.Kind.COORDINATOR

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(Region.objects.filter(code__in=extracted))


class ProfileFactory(factory.django.DjangoModelFactory):
    """A complete working copy, ready to submit (draft)."""

    class Meta:
        model = PeerProfile

    user = factory.SubFactory(PeerWorkerFactory)
    display_name = factory.LazyAttribute(lambda o: f"{o.user.first_name} {o.user.last_name[0]}.")
    pitch = "J'interviens auprès des équipes pour partager ce que mon parcours m'a appris."
    intervention_types = factory.LazyFunction(lambda: ["sensibilisation"])
    audiences = factory.LazyFunction(lambda: ["professionnels_accompagnement"])
    formats = factory.LazyFunction(lambda: ["presentiel"])
    work_modes = factory.LazyFunction(lambda: ["micro_entreprise"])
    languages = factory.LazyFunction(lambda: ["fr"])
    home_commune = factory.LazyFunction(lambda: Commune.objects.get(code="80021"))  # Amiens
    travel_radius_km = 30


def charter() -> CharterVersion:
    return CharterVersion.current() or CharterVersion.objects.create(
        number=1, title="Charte EPoP", body="Texte de la charte.", published_at=timezone.now()
    )


def published_profile(**kwargs) -> PeerProfile:
    """A profile taken through the real workflow: submitted, first exchange, validated."""
    profile = ProfileFactory(**kwargs)
    services.submit_profile(profile, profile.user, charter())
    region = profile.home_commune.region
    coordinator = CoordinatorFactory(
        is_staff=not region.has_regional_team,
        regions=[region.code] if region.has_regional_team else [],
    )
    services.record_first_exchange(
        profile, coordinator, date=timezone.localdate(), notes="", training_status="formation_epop"
    )
    return services.validate_profile(profile, coordinator)


def make_employer(**kwargs) -> User:
    """An employer who may send contact requests: verified address, an organisation. The address
    is new on every run, because allauth rate-limits sign-ins per address (in Redis)."""
    kwargs.setdefault("first_name", "Claire")
    kwargs.setdefault("email", f"claire.{uuid.uuid4().hex[:10]}@example.org")
    user = EmployerFactory(**kwargs)
    Organisation.objects.create(user=user, name="Foyer de vie Les Glycines", kind="essms")
    return user
