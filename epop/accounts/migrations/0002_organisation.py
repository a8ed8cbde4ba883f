# The organisation an employer account acts for (epop/accounts/models.py).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import epop.accounts.models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Organisation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="nom de la structure")),
                (
                    "kind",
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
                            ("organisme_formation", "Organisme de formation, IRTS, université"),
                            ("etablissement_scolaire", "École, collège, lycée"),
                            ("association", "Association"),
                            ("gem", "Groupe d'entraide mutuelle (GEM)"),
                            ("centre_ressources", "Centre ressources"),
                            ("reseau_federation", "Fédération, réseau, organisateur de colloques"),
                            ("particulier_famille", "Particulier ou famille"),
                            ("autre", "Autre"),
                        ],
                        max_length=30,
                        verbose_name="type de structure",
                    ),
                ),
                (
                    "siret",
                    models.CharField(
                        blank=True,
                        max_length=14,
                        validators=[epop.accounts.models.validate_siret],
                        verbose_name="numéro SIRET",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="créée le")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="modifiée le")),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="organisation",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="compte",
                    ),
                ),
            ],
            options={
                "verbose_name": "structure",
                "verbose_name_plural": "structures",
            },
        ),
    ]
