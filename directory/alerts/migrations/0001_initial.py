"""The alerts' and needs' models, moved from the app `directory` with their tables (decision 0009)."""

import django.contrib.gis.db.models.fields
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
                    name="Alert",
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
                        ("name", models.CharField(max_length=80, verbose_name="nom de l'alerte")),
                        (
                            "frequency",
                            models.CharField(
                                choices=[
                                    (
                                        "immediate",
                                        "Dès qu'un profil correspond (quelques minutes après)",
                                    ),
                                    ("daily", "Un e-mail par jour au plus"),
                                    ("weekly", "Un e-mail par semaine au plus"),
                                ],
                                default="weekly",
                                max_length=10,
                                verbose_name="fréquence des e-mails",
                            ),
                        ),
                        (
                            "active",
                            models.BooleanField(default=True, verbose_name="e-mails activés"),
                        ),
                        (
                            "query",
                            models.TextField(blank=True, verbose_name="paramètres de la recherche"),
                        ),
                        (
                            "point",
                            django.contrib.gis.db.models.fields.PointField(
                                blank=True,
                                geography=True,
                                null=True,
                                srid=4326,
                                verbose_name="lieu",
                            ),
                        ),
                        (
                            "radius_km",
                            models.PositiveSmallIntegerField(
                                blank=True, null=True, verbose_name="rayon (km)"
                            ),
                        ),
                        (
                            "department",
                            models.CharField(
                                blank=True, max_length=3, verbose_name="département du lieu"
                            ),
                        ),
                        (
                            "remote",
                            models.BooleanField(default=False, verbose_name="à distance accepté"),
                        ),
                        (
                            "intervention_types",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.CharField(
                                    choices=[
                                        (
                                            "accompagnement_individuel",
                                            "Accompagnement individuel entre pairs",
                                        ),
                                        (
                                            "animation_groupe",
                                            "Animation de groupe, groupe de parole",
                                        ),
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
                                        (
                                            "mediation",
                                            "Médiation entre personne accompagnée et équipe",
                                        ),
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
                                ),
                                blank=True,
                                default=list,
                                verbose_name="types d'intervention",
                            ),
                        ),
                        (
                            "themes",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.CharField(
                                    choices=[
                                        ("handicap_moteur", "Handicap moteur"),
                                        ("handicap_visuel", "Handicap visuel"),
                                        ("surdite", "Surdité, handicap auditif"),
                                        ("handicap_intellectuel", "Handicap intellectuel"),
                                        ("handicap_psychique", "Handicap psychique, santé mentale"),
                                        (
                                            "autisme_tnd",
                                            "Autisme, troubles du neurodéveloppement (DYS, TDAH)",
                                        ),
                                        (
                                            "lesion_cerebrale",
                                            "Lésion cérébrale acquise, troubles cognitifs",
                                        ),
                                        ("maladie_chronique", "Maladie chronique ou invalidante"),
                                        ("maladie_rare", "Maladie rare"),
                                        ("parcours_esat", "Parcours en ESAT, travail protégé"),
                                        ("vie_en_etablissement", "Vie en établissement"),
                                        (
                                            "emploi_handicap",
                                            "Emploi et handicap en milieu ordinaire",
                                        ),
                                        ("parentalite_handicap", "Parentalité et handicap"),
                                        ("precarite", "Précarité, vie à la rue"),
                                        ("addictions", "Addictions"),
                                        ("autre", "Autre"),
                                    ],
                                    max_length=40,
                                ),
                                blank=True,
                                default=list,
                                verbose_name="thèmes",
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
                                blank=True,
                                default=list,
                                verbose_name="publics",
                            ),
                        ),
                        (
                            "formats",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.CharField(
                                    choices=[
                                        ("presentiel", "En présentiel"),
                                        ("distanciel", "À distance, en visio"),
                                        ("hybride", "Hybride"),
                                        ("telephone", "Par téléphone"),
                                    ],
                                    max_length=40,
                                ),
                                blank=True,
                                default=list,
                                verbose_name="formats",
                            ),
                        ),
                        (
                            "work_modes",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.CharField(
                                    choices=[
                                        ("benevolat", "Bénévolat"),
                                        ("salariat_cdi", "Salariat – CDI"),
                                        ("salariat_cdd", "Salariat – CDD"),
                                        ("cdd_usage", "CDD d'usage (enseignement, formation)"),
                                        ("vacation", "Vacataire, formateur·rice occasionnel·le"),
                                        (
                                            "fonction_publique",
                                            "Agent public (titulaire ou contractuel)",
                                        ),
                                        (
                                            "micro_entreprise",
                                            "Micro-entreprise (auto-entrepreneur)",
                                        ),
                                        ("portage_salarial", "Portage salarial"),
                                        ("cae", "Coopérative d'activité et d'emploi (CAE)"),
                                        (
                                            "mise_a_disposition_esat",
                                            "Mise à disposition par un ESAT",
                                        ),
                                        ("entreprise_adaptee", "Salarié·e d'entreprise adaptée"),
                                        ("association", "Via une association"),
                                        ("societe", "Société ou entreprise créée (dont ESUS)"),
                                    ],
                                    max_length=40,
                                ),
                                blank=True,
                                default=list,
                                verbose_name="façons de travailler",
                            ),
                        ),
                        (
                            "languages",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.CharField(
                                    choices=[
                                        ("fr", "Français"),
                                        ("lsf", "Langue des signes française (LSF)"),
                                        ("en", "Anglais"),
                                        ("es", "Espagnol"),
                                        ("de", "Allemand"),
                                        ("it", "Italien"),
                                        ("pt", "Portugais"),
                                        ("ar", "Arabe"),
                                        ("autre", "Autre langue"),
                                    ],
                                    max_length=40,
                                ),
                                blank=True,
                                default=list,
                                verbose_name="langues",
                            ),
                        ),
                        (
                            "availabilities",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.CharField(
                                    choices=[
                                        ("disponible", "Disponible"),
                                        ("disponibilite_limitee", "Disponibilité limitée"),
                                        ("en_pause", "En pause"),
                                    ],
                                    max_length=30,
                                ),
                                blank=True,
                                default=list,
                                verbose_name="disponibilités",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="créée le"
                            ),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="modifiée le"),
                        ),
                        (
                            "commune",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="territories.commune",
                                verbose_name="commune",
                            ),
                        ),
                        (
                            "owner",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="directory_alerts",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="employeur",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "alerte",
                        "verbose_name_plural": "alertes",
                        "db_table": "directory_alert",
                        "ordering": ["-created_at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="Digest",
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
                                    ("alertes", "Nouveaux profils pour des alertes"),
                                    ("besoins", "Nouveaux besoins d'employeurs"),
                                ],
                                max_length=10,
                            ),
                        ),
                        (
                            "frequency",
                            models.CharField(
                                choices=[
                                    (
                                        "immediate",
                                        "Dès qu'un profil correspond (quelques minutes après)",
                                    ),
                                    ("daily", "Un e-mail par jour au plus"),
                                    ("weekly", "Un e-mail par semaine au plus"),
                                ],
                                max_length=10,
                            ),
                        ),
                        ("period_key", models.CharField(max_length=40)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "recipient",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "résumé envoyé",
                        "verbose_name_plural": "résumés envoyés",
                        "db_table": "directory_digest",
                    },
                ),
                migrations.CreateModel(
                    name="AlertMatch",
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
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "alert",
                            models.ForeignKey(
                                db_constraint=False,
                                db_index=False,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="matches",
                                to="alerts.alert",
                            ),
                        ),
                        (
                            "employer",
                            models.ForeignKey(
                                db_constraint=False,
                                db_index=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "profile",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="directory.publishedprofile",
                            ),
                        ),
                        (
                            "digest",
                            models.ForeignKey(
                                blank=True,
                                db_index=False,
                                null=True,
                                on_delete=django.db.models.deletion.RESTRICT,
                                related_name="alert_matches",
                                to="alerts.digest",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "profil trouvé par une alerte",
                        "verbose_name_plural": "profils trouvés par des alertes",
                        "db_table": "directory_alertmatch",
                    },
                ),
                migrations.CreateModel(
                    name="Need",
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
                        ("title", models.CharField(max_length=120, verbose_name="titre")),
                        (
                            "intervention_types",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.CharField(
                                    choices=[
                                        (
                                            "accompagnement_individuel",
                                            "Accompagnement individuel entre pairs",
                                        ),
                                        (
                                            "animation_groupe",
                                            "Animation de groupe, groupe de parole",
                                        ),
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
                                        (
                                            "mediation",
                                            "Médiation entre personne accompagnée et équipe",
                                        ),
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
                                ),
                                blank=True,
                                default=list,
                                verbose_name="types d'intervention",
                            ),
                        ),
                        (
                            "themes",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.CharField(
                                    choices=[
                                        ("handicap_moteur", "Handicap moteur"),
                                        ("handicap_visuel", "Handicap visuel"),
                                        ("surdite", "Surdité, handicap auditif"),
                                        ("handicap_intellectuel", "Handicap intellectuel"),
                                        ("handicap_psychique", "Handicap psychique, santé mentale"),
                                        (
                                            "autisme_tnd",
                                            "Autisme, troubles du neurodéveloppement (DYS, TDAH)",
                                        ),
                                        (
                                            "lesion_cerebrale",
                                            "Lésion cérébrale acquise, troubles cognitifs",
                                        ),
                                        ("maladie_chronique", "Maladie chronique ou invalidante"),
                                        ("maladie_rare", "Maladie rare"),
                                        ("parcours_esat", "Parcours en ESAT, travail protégé"),
                                        ("vie_en_etablissement", "Vie en établissement"),
                                        (
                                            "emploi_handicap",
                                            "Emploi et handicap en milieu ordinaire",
                                        ),
                                        ("parentalite_handicap", "Parentalité et handicap"),
                                        ("precarite", "Précarité, vie à la rue"),
                                        ("addictions", "Addictions"),
                                        ("autre", "Autre"),
                                    ],
                                    max_length=40,
                                ),
                                blank=True,
                                default=list,
                                verbose_name="thèmes",
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
                                blank=True,
                                default=list,
                                verbose_name="publics",
                            ),
                        ),
                        (
                            "description",
                            models.TextField(max_length=3000, verbose_name="description"),
                        ),
                        ("date", models.DateField(verbose_name="date de l'intervention")),
                        (
                            "point",
                            django.contrib.gis.db.models.fields.PointField(
                                blank=True, geography=True, null=True, srid=4326
                            ),
                        ),
                        ("department", models.CharField(blank=True, max_length=3)),
                        ("remote", models.BooleanField(default=False, verbose_name="à distance")),
                        (
                            "status",
                            models.CharField(
                                choices=[("ouvert", "Ouvert"), ("ferme", "Fermé")],
                                db_index=True,
                                default="ouvert",
                                max_length=10,
                                verbose_name="état",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="publié le"
                            ),
                        ),
                        (
                            "closed_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="fermé le"),
                        ),
                        (
                            "author",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="directory_needs",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="employeur",
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
                    ],
                    options={
                        "verbose_name": "besoin d'un employeur",
                        "verbose_name_plural": "besoins des employeurs",
                        "db_table": "directory_need",
                        "ordering": ["date", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="NeedMatch",
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
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "digest",
                            models.ForeignKey(
                                blank=True,
                                db_index=False,
                                null=True,
                                on_delete=django.db.models.deletion.RESTRICT,
                                related_name="need_matches",
                                to="alerts.digest",
                            ),
                        ),
                        (
                            "need",
                            models.ForeignKey(
                                db_index=False,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="matches",
                                to="alerts.need",
                            ),
                        ),
                        (
                            "profile",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="directory.publishedprofile",
                            ),
                        ),
                        (
                            "recipient",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "directory_needmatch",
                    },
                ),
                migrations.CreateModel(
                    name="NeedResponse",
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
                        ("message", models.TextField(max_length=2000, verbose_name="message")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "need",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="responses",
                                to="alerts.need",
                            ),
                        ),
                        (
                            "profile",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="directory.publishedprofile",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "directory_needresponse",
                        "ordering": ["created_at", "id"],
                    },
                ),
                migrations.AddIndex(
                    model_name="alert",
                    index=models.Index(
                        condition=models.Q(("point__isnull", True)),
                        fields=["id"],
                        name="alert_without_place_idx",
                    ),
                ),
                migrations.AddIndex(
                    model_name="alert",
                    index=models.Index(
                        condition=models.Q(("department", ""), _negated=True),
                        fields=["department"],
                        name="alert_department_idx",
                    ),
                ),
                migrations.AddIndex(
                    model_name="alert",
                    index=models.Index(
                        condition=models.Q(("remote", True)), fields=["id"], name="alert_remote_idx"
                    ),
                ),
                migrations.AddIndex(
                    model_name="alert",
                    index=models.Index(fields=["owner", "-created_at"], name="alert_owner_idx"),
                ),
                migrations.AddConstraint(
                    model_name="alert",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("radius_km__isnull", True),
                            models.Q(("radius_km__gte", 5), ("radius_km__lte", 200)),
                            _connector="OR",
                        ),
                        name="alert_radius_range",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="alert",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("point__isnull", True), ("radius_km__isnull", False), _connector="OR"
                        ),
                        name="alert_place_has_radius",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="digest",
                    constraint=models.UniqueConstraint(
                        fields=("recipient", "kind", "frequency", "period_key"), name="digest_once"
                    ),
                ),
                migrations.AddIndex(
                    model_name="alertmatch",
                    index=models.Index(
                        condition=models.Q(("digest__isnull", True)),
                        fields=["employer"],
                        name="alert_match_unsent_idx",
                    ),
                ),
                migrations.AddIndex(
                    model_name="alertmatch",
                    index=models.Index(
                        condition=models.Q(("digest__isnull", False)),
                        fields=["digest"],
                        name="alert_match_digest_idx",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="alertmatch",
                    constraint=models.UniqueConstraint(
                        fields=("alert", "profile"), name="alert_match_once"
                    ),
                ),
                migrations.AddIndex(
                    model_name="need",
                    index=models.Index(fields=["author", "-created_at"], name="need_author_idx"),
                ),
                migrations.AddConstraint(
                    model_name="need",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("remote", True), ("point__isnull", False), _connector="OR"
                        ),
                        name="need_has_a_place",
                    ),
                ),
                migrations.AddIndex(
                    model_name="needmatch",
                    index=models.Index(
                        condition=models.Q(("digest__isnull", True)),
                        fields=["recipient"],
                        name="need_match_unsent_idx",
                    ),
                ),
                migrations.AddIndex(
                    model_name="needmatch",
                    index=models.Index(
                        condition=models.Q(("digest__isnull", False)),
                        fields=["digest"],
                        name="need_match_digest_idx",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="needmatch",
                    constraint=models.UniqueConstraint(
                        fields=("need", "profile"), name="need_match_once"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="needresponse",
                    constraint=models.UniqueConstraint(
                        fields=("need", "profile"), name="need_response_once"
                    ),
                ),
            ],
            database_operations=[],
        ),
        carry_content_types(
            "directory",
            "alerts",
            ["alert", "digest", "alertmatch", "need", "needmatch", "needresponse"],
        ),
    ]
