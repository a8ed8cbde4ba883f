"""Vocabularies of the toolbox. Values are stable identifiers used in URLs and the database."""

from django.db import models


class Audience(models.TextChoices):
    FUTURE_PEER = "futur_pair", "Futur·e intervenant·e-pair"
    PEER = "pair", "Intervenant·e-pair"
    EMPLOYER = "employeur", "Employeur, structure"
    COORDINATOR = "coordination", "Coordination"


class Kind(models.TextChoices):
    CONTRACT = "contrat", "Modèle de contrat"
    QUOTE = "devis", "Modèle de devis"
    JOB = "fiche_poste", "Fiche de poste"
    CHARTER = "charte", "Charte"
    GUIDE = "guide", "Guide"
    VIDEO = "video", "Vidéo"
    LINK = "lien", "Lien utile"


class Theme(models.TextChoices):
    STATUSES = "statuts", "Statuts et contrats"
    RECRUITMENT = "recrutement", "Recruter, accueillir"
    PRICING = "tarifs", "Devis et tarifs"
    ETHICS = "ethique", "Éthique et posture"
    TRAINING = "formation", "Formation"
    RIGHTS = "droits", "Droits et prestations"


class Status(models.TextChoices):
    DRAFT = "brouillon", "Brouillon"
    PUBLISHED = "publie", "Publié"


# Intervention types and sectors for experience reports. They mirror the directory's values so a
# report can link to a directory search, without importing the directory app.
class InterventionType(models.TextChoices):
    INDIVIDUAL = "accompagnement_individuel", "Accompagnement individuel entre pairs"
    GROUP = "animation_groupe", "Animation de groupe, groupe de parole"
    AWARENESS = "sensibilisation", "Sensibilisation (équipes, élèves, grand public)"
    TRAINING = "formation_professionnels", "Formation de professionnels"
    TALK = "conference_temoignage", "Conférence, témoignage en colloque"


class Sector(models.TextChoices):
    MEDICO_SOCIAL = "medico_social", "Médico-social (handicap)"
    SOCIAL = "social_precarite", "Social, hébergement, lutte contre la précarité"
    MENTAL_HEALTH = "sante_mentale", "Santé mentale, psychiatrie"
    HEALTH = "sanitaire", "Santé, hôpital"
    PROTECTED_WORK = "travail_protege_adapte", "Travail protégé et adapté (ESAT, EA)"
    BUSINESS = "emploi_entreprise", "Entreprise et emploi en milieu ordinaire"
    EDUCATION = "formation_enseignement", "Formation, enseignement"
