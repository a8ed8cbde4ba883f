"""The contact requests' models, moved from the app `directory` with their tables (decision 0009)."""

import uuid

import django.contrib.postgres.fields
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from epop.core.moves import carry_content_types


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("directory", "0007_move_models_out"),
        ("territories", "0002_commune_search_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # State only: the tables exist and keep their names and rows (db_table).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ContactMessage",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("demande", "Demande"),
                                    ("message", "Message"),
                                    ("acceptation", "Acceptation"),
                                    ("refus", "Refus"),
                                    ("systeme", "Information de la plateforme"),
                                ],
                                default="message",
                                max_length=12,
                                verbose_name="nature",
                            ),
                        ),
                        (
                            "body",
                            models.TextField(blank=True, max_length=3000, verbose_name="texte"),
                        ),
                        (
                            "token",
                            models.UUIDField(
                                blank=True, null=True, verbose_name="jeton du formulaire"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="écrit le"
                            ),
                        ),
                        (
                            "author",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="auteur·rice",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "message de mise en relation",
                        "verbose_name_plural": "messages de mise en relation",
                        "db_table": "directory_contactmessage",
                        "ordering": ["created_at", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="ContactRequest",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "token",
                            models.UUIDField(
                                default=uuid.uuid4, verbose_name="jeton du formulaire"
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("envoyee", "Envoyée"),
                                    ("lue", "Lue"),
                                    ("repondue", "Répondue"),
                                    ("acceptee", "Acceptée"),
                                    ("declinee", "Déclinée"),
                                    ("expiree", "Expirée"),
                                ],
                                db_index=True,
                                default="envoyee",
                                max_length=10,
                                verbose_name="état",
                            ),
                        ),
                        (
                            "intervention_type",
                            models.CharField(
                                choices=[
                                    (
                                        "accompagnement_individuel",
                                        "Accompagnement individuel entre pairs",
                                    ),
                                    ("animation_groupe", "Animation de groupe, groupe de parole"),
                                    (
                                        "sensibilisation",
                                        "Sensibilisation (équipes, élèves, grand public)",
                                    ),
                                    (
                                        "formation_professionnels",
                                        "Formation de professionnels (initiale ou continue)",
                                    ),
                                    (
                                        "ingenierie_pedagogique",
                                        "Ingénierie pédagogique, conception de formation",
                                    ),
                                    (
                                        "conference_temoignage",
                                        "Conférence, table ronde, témoignage en colloque",
                                    ),
                                    ("co_animation", "Co-animation avec un·e professionnel·le"),
                                    (
                                        "conseil_expertise",
                                        "Conseil, consultance, expertise d'usage",
                                    ),
                                    (
                                        "participation_projet",
                                        "Participation à un projet, comité ou groupe de travail",
                                    ),
                                    (
                                        "evaluation_qualite",
                                        "Évaluation, qualité, test d'accessibilité",
                                    ),
                                    ("acces_droits", "Information et accès aux droits"),
                                    ("mediation", "Médiation entre personne accompagnée et équipe"),
                                    (
                                        "emploi_maintien",
                                        "Accompagnement vers l'emploi, maintien en emploi",
                                    ),
                                    ("soutien_proches", "Soutien aux proches et familles"),
                                    (
                                        "representation_plaidoyer",
                                        "Représentation, défense des droits",
                                    ),
                                    ("recherche", "Participation à la recherche"),
                                    (
                                        "creation_contenus",
                                        "Création de contenus (vidéo, FALC, supports)",
                                    ),
                                ],
                                max_length=40,
                                verbose_name="type d'intervention",
                            ),
                        ),
                        (
                            "description",
                            models.TextField(
                                max_length=2000, verbose_name="description de l'intervention"
                            ),
                        ),
                        (
                            "sector",
                            models.CharField(
                                choices=[
                                    ("medico_social", "Médico-social (handicap)"),
                                    (
                                        "social_precarite",
                                        "Social, hébergement, lutte contre la précarité",
                                    ),
                                    ("sante_mentale", "Santé mentale, psychiatrie"),
                                    ("sanitaire", "Santé, hôpital, éducation thérapeutique"),
                                    (
                                        "travail_protege_adapte",
                                        "Travail protégé et adapté (ESAT, EA)",
                                    ),
                                    (
                                        "emploi_entreprise",
                                        "Entreprise et emploi en milieu ordinaire",
                                    ),
                                    (
                                        "formation_enseignement",
                                        "Formation, enseignement supérieur, travail social",
                                    ),
                                    ("ecole_jeunesse", "École et jeunesse"),
                                    (
                                        "collectivites_services_publics",
                                        "Collectivités et services publics",
                                    ),
                                    ("culture_sport_loisirs", "Culture, sport, loisirs, tourisme"),
                                    (
                                        "citoyennete_participation",
                                        "Citoyenneté, participation, droits",
                                    ),
                                    (
                                        "vie_affective_parentalite",
                                        "Vie affective et sexuelle, parentalité",
                                    ),
                                    (
                                        "accessibilite_conception",
                                        "Accessibilité, conception universelle",
                                    ),
                                    ("recherche", "Recherche"),
                                ],
                                max_length=40,
                                verbose_name="secteur",
                            ),
                        ),
                        (
                            "audiences",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.CharField(
                                    choices=[
                                        (
                                            "personnes_handicapees",
                                            "Personnes en situation de handicap",
                                        ),
                                        ("proches_aidants", "Proches aidants, familles"),
                                        (
                                            "professionnels_accompagnement",
                                            "Professionnels de l'accompagnement et du soin",
                                        ),
                                        ("directions_encadrement", "Directions et encadrement"),
                                        (
                                            "etudiants_stagiaires",
                                            "Étudiants, stagiaires en formation",
                                        ),
                                        ("salaries_managers", "Salariés et managers d'entreprise"),
                                        ("elus_agents_publics", "Élus et agents publics"),
                                        ("jeunes_eleves", "Enfants, jeunes, élèves"),
                                        ("benevoles", "Bénévoles"),
                                        ("grand_public", "Grand public"),
                                    ],
                                    max_length=40,
                                ),
                                default=list,
                                verbose_name="publics",
                            ),
                        ),
                        (
                            "format",
                            models.CharField(
                                choices=[
                                    ("presentiel", "En présentiel"),
                                    ("distanciel", "À distance, en visio"),
                                    ("hybride", "Hybride"),
                                    ("telephone", "Par téléphone"),
                                ],
                                max_length=20,
                                verbose_name="format",
                            ),
                        ),
                        (
                            "place",
                            models.CharField(
                                choices=[
                                    ("commune", "Dans une commune"),
                                    ("distance", "À distance"),
                                ],
                                max_length=10,
                                verbose_name="lieu",
                            ),
                        ),
                        (
                            "date_start",
                            models.DateField(blank=True, null=True, verbose_name="à partir du"),
                        ),
                        (
                            "date_end",
                            models.DateField(blank=True, null=True, verbose_name="jusqu'au"),
                        ),
                        (
                            "dates_text",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="dates souhaitées"
                            ),
                        ),
                        (
                            "budget_amount",
                            models.PositiveIntegerField(
                                blank=True, null=True, verbose_name="budget (euros)"
                            ),
                        ),
                        (
                            "organisation_name",
                            models.CharField(max_length=200, verbose_name="structure"),
                        ),
                        (
                            "organisation_kind",
                            models.CharField(
                                choices=[
                                    ("essms", "Établissement ou service social ou médico-social"),
                                    ("esat", "ESAT"),
                                    ("entreprise_adaptee", "Entreprise adaptée"),
                                    ("etablissement_sante", "Établissement de santé"),
                                    ("entreprise", "Entreprise"),
                                    ("collectivite", "Mairie, collectivité, CCAS"),
                                    (
                                        "service_public",
                                        "Service public (MDPH, France Travail, Cap emploi…)",
                                    ),
                                    (
                                        "organisme_formation",
                                        "Organisme de formation, IRTS, université",
                                    ),
                                    ("etablissement_scolaire", "École, collège, lycée"),
                                    ("association", "Association"),
                                    ("gem", "Groupe d'entraide mutuelle (GEM)"),
                                    ("centre_ressources", "Centre ressources"),
                                    (
                                        "reseau_federation",
                                        "Fédération, réseau, organisateur de colloques",
                                    ),
                                    ("particulier_famille", "Particulier ou famille"),
                                    ("autre", "Autre"),
                                ],
                                max_length=30,
                                verbose_name="type de structure",
                            ),
                        ),
                        (
                            "organisation_siret",
                            models.CharField(blank=True, max_length=14, verbose_name="SIRET"),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="envoyée le"
                            ),
                        ),
                        (
                            "read_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="lue le"),
                        ),
                        (
                            "answered_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="première réponse le"
                            ),
                        ),
                        (
                            "decided_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="acceptée ou déclinée le"
                            ),
                        ),
                        (
                            "expired_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="expirée le"),
                        ),
                        (
                            "last_message_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="dernier message le"
                            ),
                        ),
                        (
                            "decline_reason",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("indisponible", "Je ne suis pas disponible à ces dates"),
                                    (
                                        "hors_champ",
                                        "La demande ne correspond pas à ce que je propose",
                                    ),
                                    ("trop_loin", "Le lieu est trop loin pour moi"),
                                    (
                                        "conditions",
                                        "Les conditions ne me conviennent pas (budget, format)",
                                    ),
                                    ("charge", "J'ai déjà trop d'activités en ce moment"),
                                    ("autre", "Une autre raison"),
                                ],
                                max_length=20,
                                verbose_name="raison du refus",
                            ),
                        ),
                        ("employer_seen_at", models.DateTimeField(blank=True, null=True)),
                        ("peer_seen_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "followup_asked_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="suivi demandé le"
                            ),
                        ),
                        (
                            "outcome",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("oui", "Oui, l'intervention a eu lieu"),
                                    ("non", "Non, elle n'aura pas lieu"),
                                    ("pas_encore", "Pas encore"),
                                ],
                                max_length=12,
                                verbose_name="l'intervention a-t-elle eu lieu ?",
                            ),
                        ),
                        (
                            "outcome_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="réponse au suivi le"
                            ),
                        ),
                        (
                            "commune",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="territories.commune",
                                verbose_name="commune",
                            ),
                        ),
                        (
                            "employer",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="contact_requests_sent",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="employeur",
                            ),
                        ),
                        (
                            "profile",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="contact_requests",
                                to="directory.peerprofile",
                                verbose_name="intervenant·e-pair",
                            ),
                        ),
                        (
                            "region",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="territories.region",
                                verbose_name="région",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "demande de mise en relation",
                        "verbose_name_plural": "demandes de mise en relation",
                        "db_table": "directory_contactrequest",
                        "ordering": ["-last_message_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="ContactReport",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "reason",
                            models.CharField(
                                choices=[
                                    (
                                        "irrespect",
                                        "Propos irrespectueux, discriminants ou menaçants",
                                    ),
                                    ("donnees", "Demande d'informations personnelles ou de santé"),
                                    ("demarchage", "Démarchage, publicité ou message sans rapport"),
                                    (
                                        "conditions",
                                        "Conditions abusives (travail gratuit imposé, pression)",
                                    ),
                                    ("autre", "Autre chose"),
                                ],
                                max_length=20,
                                verbose_name="motif",
                            ),
                        ),
                        (
                            "details",
                            models.TextField(
                                blank=True, max_length=1000, verbose_name="précisions"
                            ),
                        ),
                        ("message_text", models.TextField(verbose_name="texte signalé")),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="signalé le"
                            ),
                        ),
                        (
                            "message",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reports",
                                to="contacts.contactmessage",
                            ),
                        ),
                        (
                            "region",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="territories.region",
                                verbose_name="région",
                            ),
                        ),
                        (
                            "reporter",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="signalé par",
                            ),
                        ),
                        (
                            "request",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reports",
                                to="contacts.contactrequest",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "signalement de message",
                        "verbose_name_plural": "signalements de messages",
                        "db_table": "directory_contactreport",
                        "ordering": ["-created_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="ContactReminder",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("relance", "Relance après 7 jours"),
                                    ("expiration", "Expiration après 30 jours"),
                                    ("suivi", "Question de suivi"),
                                ],
                                max_length=12,
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "request",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reminders",
                                to="contacts.contactrequest",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "directory_contactreminder",
                    },
                ),
                migrations.AddField(
                    model_name="contactmessage",
                    name="request",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="messages",
                        to="contacts.contactrequest",
                    ),
                ),
                migrations.CreateModel(
                    name="ContactBlock",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "employer",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "peer_worker",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "employeur écarté",
                        "verbose_name_plural": "employeurs écartés",
                        "db_table": "directory_contactblock",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("peer_worker", "employer"), name="contact_block_once"
                            )
                        ],
                    },
                ),
                migrations.AddIndex(
                    model_name="contactrequest",
                    index=models.Index(
                        fields=["employer", "created_at"], name="contact_employer_created_idx"
                    ),
                ),
                migrations.AddIndex(
                    model_name="contactrequest",
                    index=models.Index(
                        fields=["profile", "created_at"], name="contact_profile_created_idx"
                    ),
                ),
                migrations.AddIndex(
                    model_name="contactrequest",
                    index=models.Index(
                        fields=["region", "created_at"], name="contact_region_created_idx"
                    ),
                ),
                migrations.AddIndex(
                    model_name="contactrequest",
                    index=models.Index(
                        condition=models.Q(("status__in", ["envoyee", "lue"])),
                        fields=["created_at"],
                        name="contact_waiting_idx",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="contactrequest",
                    constraint=models.UniqueConstraint(
                        fields=("employer", "token"), name="contact_request_token_once"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="contactrequest",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("date_start__isnull", True),
                            ("date_end__isnull", True),
                            ("date_end__gte", models.F("date_start")),
                            _connector="OR",
                        ),
                        name="contact_request_dates_in_order",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="contactrequest",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("place", "distance"), ("commune__isnull", False), _connector="OR"
                        ),
                        name="contact_request_place_has_commune",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="contactreport",
                    constraint=models.UniqueConstraint(
                        fields=("message", "reporter"), name="contact_report_once"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="contactreminder",
                    constraint=models.UniqueConstraint(
                        fields=("request", "kind"), name="contact_reminder_once"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="contactmessage",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("token__isnull", False)),
                        fields=("author", "token"),
                        name="contact_message_token_once",
                    ),
                ),
            ],
            database_operations=[],
        ),
        carry_content_types(
            "directory",
            "contacts",
            [
                "contactrequest",
                "contactmessage",
                "contactreport",
                "contactblock",
                "contactreminder",
            ],
        ),
    ]
