"""Starter orientation paths; coordinators edit them in the admin afterwards."""

PATHS = [
    {
        "slug": "devenir",
        "title": "Je veux devenir intervenant·e-pair",
        "intro": "Ce parcours vous guide, étape par étape, jusqu'à la création de votre profil "
        "dans l'annuaire. Vous pouvez vous arrêter et revenir quand vous voulez.",
        "steps": [
            {
                "title": "Comprendre le métier",
                "body": "Un·e intervenant·e-pair utilise son expérience du handicap ou de la "
                "maladie pour aider d'autres personnes ou former des professionnels.",
                "checklist": "J'ai lu la charte\nJ'ai regardé la vidéo",
                "resources": ["charte-epop", "video-devenir-intervenant-pair"],
            },
            {
                "title": "Se former",
                "body": "La formation socle EPoP dure 180 heures sur 7 semaines. Aucun diplôme "
                "n'est demandé. D'autres formations existent aussi.",
                "checklist": "J'ai regardé les dates des formations près de chez moi",
                "resources": [],
            },
            {
                "title": "Choisir un statut",
                "body": "Bénévole, salarié·e, micro-entreprise, ESAT : chaque statut a ses "
                "règles, surtout si vous touchez l'AAH ou une pension d'invalidité.",
                "checklist": "J'ai lu le modèle de devis\nJe sais quel statut me convient",
                "resources": ["modele-de-devis", "contrat-de-prestation"],
            },
        ],
    },
    {
        "slug": "faire-appel",
        "title": "Je veux faire appel à un·e intervenant·e-pair",
        "intro": "Ce parcours vous aide à préparer l'accueil d'un·e intervenant·e-pair, puis à "
        "trouver la bonne personne dans l'annuaire.",
        "steps": [
            {
                "title": "Définir la mission",
                "body": "Sensibiliser une équipe, animer un groupe, accompagner des personnes : "
                "écrivez ce que vous attendez, et pour combien de temps.",
                "checklist": "J'ai écrit la mission en quelques lignes",
                "resources": ["fiche-de-poste-intervenant-pair-salarie"],
            },
            {
                "title": "Choisir le cadre",
                "body": "Contrat de travail, prestation sur devis ou mise à disposition par un "
                "ESAT : chaque cadre a son modèle.",
                "checklist": "J'ai choisi un cadre",
                "resources": ["contrat-de-prestation", "convention-mise-a-disposition-esat"],
            },
            {
                "title": "Préparer l'accueil",
                "body": "Présentez le projet à l'équipe et nommez un·e référent·e avant l'arrivée.",
                "checklist": "J'ai nommé un·e référent·e\nL'équipe connaît le projet",
                "resources": [
                    "accueillir-un-intervenant-pair",
                    "video-accueillir-un-intervenant-pair",
                ],
            },
        ],
    },
]
