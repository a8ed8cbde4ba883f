"""The programme's taxonomies (docs: domain.md §3). Slugs never change once data exists;
French labels may be reworded."""

from django.db import models


class PeerRole(models.TextChoices):
    INTERVENANT_PAIR = "intervenant_pair", "Intervenant·e-pair"
    PAIR_AIDANT = "pair_aidant", "Pair-aidant·e"
    TRAVAILLEUR_PAIR = "travailleur_pair", "Travailleur·euse pair"
    MEDIATEUR_SANTE_PAIR = "mediateur_sante_pair", "Médiateur·rice de santé pair (MSP)"
    FORMATEUR_PAIR = "formateur_pair", "Formateur·rice pair"
    CONFERENCIER_TEMOIN = "conferencier_temoin", "Conférencier·ère, témoin"
    CONSULTANT_EXPERTISE_USAGE = "consultant_expertise_usage", "Consultant·e en expertise d'usage"
    CHARGE_MISSION_PAIR = "charge_mission_pair", "Chargé·e de mission pair"
    PAIR_EMULATEUR = "pair_emulateur", "Pair-émulateur·rice"
    PATIENT_PARTENAIRE = "patient_partenaire", "Patient·e expert·e ou partenaire"
    AMBASSADEUR_ENTREPRISE = (
        "ambassadeur_entreprise",
        "Ambassadeur·rice handicap en entreprise (pair salarié)",
    )
    REPRESENTANT_PERSONNES = "representant_personnes", "Représentant·e des personnes concernées"
    COACH_PAIR = "coach_pair", "Coach ou job coach pair"
    AUTRE = "autre", "Autre intitulé"


class Approach(models.TextChoices):
    INDIVIDUELLE = "individuelle", "Approche individuelle"
    COLLECTIVE = "collective", "Approche collective / entraide mutuelle"
    PARTICIPATION_CONCEPTION = (
        "participation_conception",
        "Participation et conception par les pairs",
    )


class InterventionType(models.TextChoices):
    ACCOMPAGNEMENT_INDIVIDUEL = "accompagnement_individuel", "Accompagnement individuel entre pairs"
    ANIMATION_GROUPE = "animation_groupe", "Animation de groupe, groupe de parole"
    SENSIBILISATION = "sensibilisation", "Sensibilisation (équipes, élèves, grand public)"
    FORMATION_PROFESSIONNELS = (
        "formation_professionnels",
        "Formation de professionnels (initiale ou continue)",
    )
    INGENIERIE_PEDAGOGIQUE = (
        "ingenierie_pedagogique",
        "Ingénierie pédagogique, conception de formation",
    )
    CONFERENCE_TEMOIGNAGE = (
        "conference_temoignage",
        "Conférence, table ronde, témoignage en colloque",
    )
    CO_ANIMATION = "co_animation", "Co-animation avec un·e professionnel·le"
    CONSEIL_EXPERTISE = "conseil_expertise", "Conseil, consultance, expertise d'usage"
    PARTICIPATION_PROJET = (
        "participation_projet",
        "Participation à un projet, comité ou groupe de travail",
    )
    EVALUATION_QUALITE = "evaluation_qualite", "Évaluation, qualité, test d'accessibilité"
    ACCES_DROITS = "acces_droits", "Information et accès aux droits"
    MEDIATION = "mediation", "Médiation entre personne accompagnée et équipe"
    EMPLOI_MAINTIEN = "emploi_maintien", "Accompagnement vers l'emploi, maintien en emploi"
    SOUTIEN_PROCHES = "soutien_proches", "Soutien aux proches et familles"
    REPRESENTATION_PLAIDOYER = "representation_plaidoyer", "Représentation, défense des droits"
    RECHERCHE = "recherche", "Participation à la recherche"
    CREATION_CONTENUS = "creation_contenus", "Création de contenus (vidéo, FALC, supports)"


class Theme(models.TextChoices):
    """Areas of lived experience the peer worker chooses to draw on (domain.md §3.9).

    Always optional: they describe the work, never a diagnosis."""

    HANDICAP_MOTEUR = "handicap_moteur", "Handicap moteur"
    HANDICAP_VISUEL = "handicap_visuel", "Handicap visuel"
    SURDITE = "surdite", "Surdité, handicap auditif"
    HANDICAP_INTELLECTUEL = "handicap_intellectuel", "Handicap intellectuel"
    HANDICAP_PSYCHIQUE = "handicap_psychique", "Handicap psychique, santé mentale"
    AUTISME_TND = "autisme_tnd", "Autisme, troubles du neurodéveloppement (DYS, TDAH)"
    LESION_CEREBRALE = "lesion_cerebrale", "Lésion cérébrale acquise, troubles cognitifs"
    MALADIE_CHRONIQUE = "maladie_chronique", "Maladie chronique ou invalidante"
    MALADIE_RARE = "maladie_rare", "Maladie rare"
    PARCOURS_ESAT = "parcours_esat", "Parcours en ESAT, travail protégé"
    VIE_EN_ETABLISSEMENT = "vie_en_etablissement", "Vie en établissement"
    EMPLOI_HANDICAP = "emploi_handicap", "Emploi et handicap en milieu ordinaire"
    PARENTALITE_HANDICAP = "parentalite_handicap", "Parentalité et handicap"
    PRECARITE = "precarite", "Précarité, vie à la rue"
    ADDICTIONS = "addictions", "Addictions"
    AUTRE = "autre", "Autre"


class Sector(models.TextChoices):
    MEDICO_SOCIAL = "medico_social", "Médico-social (handicap)"
    SOCIAL_PRECARITE = "social_precarite", "Social, hébergement, lutte contre la précarité"
    SANTE_MENTALE = "sante_mentale", "Santé mentale, psychiatrie"
    SANITAIRE = "sanitaire", "Santé, hôpital, éducation thérapeutique"
    TRAVAIL_PROTEGE_ADAPTE = "travail_protege_adapte", "Travail protégé et adapté (ESAT, EA)"
    EMPLOI_ENTREPRISE = "emploi_entreprise", "Entreprise et emploi en milieu ordinaire"
    FORMATION_ENSEIGNEMENT = (
        "formation_enseignement",
        "Formation, enseignement supérieur, travail social",
    )
    ECOLE_JEUNESSE = "ecole_jeunesse", "École et jeunesse"
    COLLECTIVITES_SERVICES_PUBLICS = (
        "collectivites_services_publics",
        "Collectivités et services publics",
    )
    CULTURE_SPORT_LOISIRS = "culture_sport_loisirs", "Culture, sport, loisirs, tourisme"
    CITOYENNETE_PARTICIPATION = "citoyennete_participation", "Citoyenneté, participation, droits"
    VIE_AFFECTIVE_PARENTALITE = (
        "vie_affective_parentalite",
        "Vie affective et sexuelle, parentalité",
    )
    ACCESSIBILITE_CONCEPTION = "accessibilite_conception", "Accessibilité, conception universelle"
    RECHERCHE = "recherche", "Recherche"


class Audience(models.TextChoices):
    PERSONNES_HANDICAPEES = "personnes_handicapees", "Personnes en situation de handicap"
    PROCHES_AIDANTS = "proches_aidants", "Proches aidants, familles"
    PROFESSIONNELS_ACCOMPAGNEMENT = (
        "professionnels_accompagnement",
        "Professionnels de l'accompagnement et du soin",
    )
    DIRECTIONS_ENCADREMENT = "directions_encadrement", "Directions et encadrement"
    ETUDIANTS_STAGIAIRES = "etudiants_stagiaires", "Étudiants, stagiaires en formation"
    SALARIES_MANAGERS = "salaries_managers", "Salariés et managers d'entreprise"
    ELUS_AGENTS_PUBLICS = "elus_agents_publics", "Élus et agents publics"
    JEUNES_ELEVES = "jeunes_eleves", "Enfants, jeunes, élèves"
    BENEVOLES = "benevoles", "Bénévoles"
    GRAND_PUBLIC = "grand_public", "Grand public"


class Format(models.TextChoices):
    PRESENTIEL = "presentiel", "En présentiel"
    DISTANCIEL = "distanciel", "À distance, en visio"
    HYBRIDE = "hybride", "Hybride"
    TELEPHONE = "telephone", "Par téléphone"


class WorkMode(models.TextChoices):
    BENEVOLAT = "benevolat", "Bénévolat"
    SALARIAT_CDI = "salariat_cdi", "Salariat – CDI"
    SALARIAT_CDD = "salariat_cdd", "Salariat – CDD"
    CDD_USAGE = "cdd_usage", "CDD d'usage (enseignement, formation)"
    VACATION = "vacation", "Vacataire, formateur·rice occasionnel·le"
    FONCTION_PUBLIQUE = "fonction_publique", "Agent public (titulaire ou contractuel)"
    MICRO_ENTREPRISE = "micro_entreprise", "Micro-entreprise (auto-entrepreneur)"
    PORTAGE_SALARIAL = "portage_salarial", "Portage salarial"
    CAE = "cae", "Coopérative d'activité et d'emploi (CAE)"
    MISE_A_DISPOSITION_ESAT = "mise_a_disposition_esat", "Mise à disposition par un ESAT"
    ENTREPRISE_ADAPTEE = "entreprise_adaptee", "Salarié·e d'entreprise adaptée"
    ASSOCIATION = "association", "Via une association"
    SOCIETE = "societe", "Société ou entreprise créée (dont ESUS)"


class Language(models.TextChoices):
    FR = "fr", "Français"
    LSF = "lsf", "Langue des signes française (LSF)"
    EN = "en", "Anglais"
    ES = "es", "Espagnol"
    DE = "de", "Allemand"
    IT = "it", "Italien"
    PT = "pt", "Portugais"
    AR = "ar", "Arabe"
    AUTRE = "autre", "Autre langue"


class Communication(models.TextChoices):
    LFPC = "lfpc", "Langue française parlée complétée (LfPC)"
    FALC = "falc", "Rédaction ou relecture FALC"
    CAA = "caa", "Communication alternative et améliorée (CAA)"
    BRAILLE = "braille", "Braille"


class Availability(models.TextChoices):
    DISPONIBLE = "disponible", "Disponible"
    LIMITEE = "disponibilite_limitee", "Disponibilité limitée"
    EN_PAUSE = "en_pause", "En pause"


class PauseDisplay(models.TextChoices):
    SHOW = "afficher", "Rester visible avec la mention « en pause »"
    HIDE = "masquer", "Être masqué·e de l'annuaire pendant la pause"


class Training(models.TextChoices):
    """The recruitment path's training step (domain.md §1.5): a step to track, not a barrier."""

    EPOP = "formation_epop", "Formation EPoP suivie"
    EQUIVALENT = "equivalence", "Formation équivalente reconnue"
    PLANNED = "prevue", "Formation prévue"


class RateKind(models.TextChoices):
    INDICATIVE = "indicatif", "Tarif indicatif"
    QUOTE = "sur_devis", "Sur devis"
    VOLUNTEER = "benevolat", "Bénévolat"


class Visibility(models.TextChoices):
    PUBLIC = "public", "Tout le monde"
    EMPLOYERS = "employeurs", "Les employeurs connectés seulement"
    COORDINATORS = "coordination", "L'équipe de coordination seulement"
