"""Starter resources: charter, job description, contracts, quote template, employer guide."""

CHARTER = """\
Cette charte dit ce que l'on peut attendre d'un·e intervenant·e-pair du programme EPoP,
et ce que l'intervenant·e-pair peut attendre des structures qui l'accueillent.

## Ce que l'intervenant·e-pair apporte

- **Son savoir d'expérience.** Il ou elle a vécu des situations proches de celles des personnes
  accompagnées et a appris à en faire un outil de travail.
- **Un regard de pair.** Il ou elle ne remplace pas les professionnels : il ou elle travaille avec
  eux, à une autre place.

## Les engagements de l'intervenant·e-pair

1. Respecter la confidentialité de ce que les personnes lui confient.
2. Ne partager de son histoire que ce qu'il ou elle choisit, quand c'est utile à la personne.
3. Respecter les choix des personnes, sans juger.
4. Connaître ses limites, et passer le relais quand une situation le demande.
5. Continuer à se former et échanger sur sa pratique avec d'autres pairs.

## Les engagements de la structure qui accueille

1. Payer le travail de l'intervenant·e-pair comme un travail, avec un statut clair.
2. Préparer l'équipe avant son arrivée et nommer un·e référent·e.
3. Adapter le poste et les horaires aux besoins de compensation de la personne.
4. Ne jamais demander à l'intervenant·e-pair de raconter son histoire s'il ou elle ne le veut pas.
5. Prévoir des temps réguliers d'analyse de la pratique.
"""

CHARTER_FALC = """\
Un intervenant pair a vécu des choses difficiles.
Il a appris de ces choses.
Il utilise ce qu'il a appris pour aider d'autres personnes.

Il garde les secrets des personnes.
Il raconte son histoire seulement s'il le veut.
Il ne juge pas les personnes.

La structure qui l'accueille le paie pour son travail.
La structure prépare son équipe.
Une personne de l'équipe l'aide au quotidien.
"""

JOB = """\
## Le poste

- **Intitulé :** intervenant·e-pair (ou pair-aidant·e professionnel·le).
- **Contrat :** contrat à durée indéterminée, à temps partiel ou à temps plein.
- **Rattachement :** la direction de l'établissement ; un·e référent·e dans l'équipe.

## Les missions

- Accompagner des personnes, seules ou en groupe, à partir de son savoir d'expérience.
- Animer des groupes de parole ou des ateliers.
- Participer aux réunions d'équipe et apporter le point de vue des personnes accompagnées.
- Sensibiliser et former les professionnels, avec eux.
- Participer à l'amélioration des pratiques de l'établissement.

## Les compétences attendues

- Avoir pris du recul sur son propre parcours.
- Savoir écouter sans juger.
- Savoir travailler en équipe et respecter la confidentialité.
- Avoir suivi une formation à l'intervention par les pairs, ou s'engager à la suivre.

## Ce que l'employeur met en place

| Point | Ce qui est prévu |
|---|---|
| Accueil | une présentation du poste à toute l'équipe avant l'arrivée |
| Référent·e | une personne disponible chaque semaine |
| Analyse de la pratique | une séance par mois au moins |
| Aménagements | définis avec la personne, revus chaque année |
"""

SERVICE_CONTRACT = """\
## Entre les parties

- **Le prestataire :** [nom], intervenant·e-pair, [statut : micro-entreprise EI, association,
  portage salarial], [adresse], SIRET [numéro].
- **Le client :** [nom de la structure], [adresse], représenté par [nom, fonction].

## Article 1. Objet

Le prestataire réalise pour le client la prestation suivante : [par exemple une journée de
sensibilisation des équipes à l'intervention par les pairs].

## Article 2. Dates, lieu et durée

La prestation a lieu le [date] à [lieu], pour une durée de [nombre] heures.

## Article 3. Prix et paiement

- Le prix est de [montant] euros, plus [montant] euros de frais de déplacement.
- Le paiement se fait dans un délai de [30] jours après réception de la facture.
- En micro-entreprise sous le seuil de franchise, la facture porte la mention
  « TVA non applicable, art. 293 B du CGI ».

## Article 4. Indépendance

Le prestataire organise librement son travail. Il n'y a pas de lien de subordination entre les
parties.

## Article 5. Confidentialité

Les parties gardent confidentielles les informations sur les personnes accompagnées.

## Article 6. Annulation

En cas d'annulation par le client moins de [15] jours avant la date, [50] % du prix reste dû.

Fait à [lieu], le [date], en deux exemplaires.
"""

ESAT = """\
## Entre les parties

- **L'ESAT :** [nom], [adresse], représenté par [nom, fonction].
- **La structure d'accueil :** [nom], [adresse], représentée par [nom, fonction].
- **Avec l'accord de :** [nom du travailleur ou de la travailleuse], intervenant·e-pair.

## Article 1. Objet

L'ESAT met [nom] à disposition de la structure d'accueil pour des missions d'intervention par les
pairs : [décrire les missions].

## Article 2. Durée

La mise à disposition commence le [date] et dure [durée]. Une mise à disposition individuelle dure
deux ans au plus ; au-delà, la commission des droits et de l'autonomie (CDAPH) décide.

## Article 3. Conditions de travail

- Horaires : [jours et heures].
- Lieu : [adresse].
- Aménagements de poste : [à préciser avec la personne].
- Le travailleur ou la travailleuse garde son statut d'usager de l'ESAT et son droit au retour.

## Article 4. Accompagnement

L'ESAT reste chargé du soutien médico-social et professionnel. La structure d'accueil nomme un·e
tuteur·rice : [nom].

## Article 5. Facturation

L'ESAT facture la structure d'accueil [montant] euros par [jour ou mois]. La personne continue de
recevoir sa rémunération garantie de l'ESAT.

## Article 6. Fin de la convention

Chaque partie peut mettre fin à la convention avec un préavis de [durée]. Le travailleur ou la
travailleuse peut demander à revenir à l'ESAT à tout moment.
"""

QUOTE = """\
Ce modèle montre ce qu'un devis doit contenir. Pour en faire un rapidement, avec les calculs et les
mentions de votre statut, utilisez le générateur de devis de la boîte à outils (compte
d'intervenant·e-pair).

## Ce que le devis contient

- Votre nom (suivi de « EI » en micro-entreprise), votre adresse et votre SIRET.
- Le nom et l'adresse du client.
- La date du devis, son numéro et sa durée de validité.
- Chaque intervention : description, quantité (jours ou heures), prix unitaire, montant.
- Les frais de déplacement.
- Le total ; en micro-entreprise sous le seuil de franchise : « TVA non applicable, art. 293 B du
  CGI ».
- La mention « Bon pour accord », avec la date et la signature du client.

## Exemple : une conférence

| Intervention | Quantité | Prix unitaire | Montant |
|---|---|---|---|
| Préparation de la conférence | 4 heures | 66,00 € | 264,00 € |
| Conférence et échanges avec la salle | 1 jour | 550,00 € | 550,00 € |
| Frais de déplacement | | | 48,40 € |
| **Total à payer** | | | **862,40 €** |

Les prix de cet exemple ne sont pas des tarifs officiels : aucune grille nationale n'existe. Fixez
vos prix selon votre expérience, la durée de préparation et votre statut.
"""

WELCOME = """\
Accueillir un·e intervenant·e-pair se prépare. Voici l'essentiel, sur une page.

## Avant l'arrivée

1. **Expliquer le projet à l'équipe.** Pourquoi un·e intervenant·e-pair, quelles missions, ce qui
   ne change pas pour les autres.
2. **Nommer un·e référent·e.** Une personne de l'équipe, disponible, qui n'est pas le ou la
   responsable hiérarchique.
3. **Choisir un statut clair.** Contrat de travail, prestation, mise à disposition par un ESAT :
   le guide juridique vous aide.

## Les premières semaines

- Présenter la personne à l'équipe et aux personnes accompagnées, comme tout nouveau collègue.
- Prévoir un bureau, un accès aux outils et aux réunions.
- Faire un point chaque semaine avec le ou la référent·e.

## Dans la durée

- Organiser une analyse de la pratique au moins une fois par mois.
- Revoir ensemble les aménagements de poste.
- Ne jamais demander à l'intervenant·e-pair de raconter son histoire : c'est son choix.
"""

RESOURCES = [
    {
        "slug": "charte-epop",
        "title": "Charte de l'intervention par les pairs",
        "summary": "Les engagements de l'intervenant·e-pair et de la structure qui l'accueille.",
        "kind": "charte",
        "audiences": ["futur_pair", "pair", "employeur", "coordination"],
        "themes": ["ethique"],
        "body": CHARTER,
        "falc_body": CHARTER_FALC,
    },
    {
        "slug": "fiche-de-poste-intervenant-pair-salarie",
        "title": "Fiche de poste : intervenant·e-pair salarié·e",
        "summary": "Un modèle de fiche de poste à adapter pour recruter un·e intervenant·e-pair "
        "salarié·e.",
        "kind": "fiche_poste",
        "audiences": ["employeur", "pair"],
        "themes": ["recrutement", "statuts"],
        "body": JOB,
        "legal_references": "Code du travail, articles L1221-1 et suivants (contrat de travail)",
    },
    {
        "slug": "contrat-de-prestation",
        "title": "Contrat de prestation entre un·e intervenant·e-pair et un client",
        "summary": "Un modèle de contrat pour une intervention ponctuelle payée sur facture.",
        "kind": "contrat",
        "audiences": ["pair", "employeur"],
        "themes": ["statuts", "tarifs"],
        "body": SERVICE_CONTRACT,
        "legal_references": "Code général des impôts, article 293 B (franchise en base de TVA)",
    },
    {
        "slug": "convention-mise-a-disposition-esat",
        "title": "Convention de mise à disposition par un ESAT",
        "summary": "Un modèle de convention pour qu'un travailleur d'ESAT intervienne comme pair "
        "dans une autre structure.",
        "kind": "contrat",
        "audiences": ["employeur", "pair", "coordination"],
        "themes": ["statuts"],
        "body": ESAT,
        "legal_references": "Code de l'action sociale et des familles, "
        "articles R344-16 et suivants\n"
        "Décret n° 2022-1561 du 13 décembre 2022 (double activité)",
    },
    {
        "slug": "modele-de-devis",
        "title": "Modèle de devis, avec l'exemple d'une conférence",
        "summary": "Ce qu'un devis doit contenir, et un exemple chiffré pour une conférence.",
        "kind": "devis",
        "audiences": ["pair", "futur_pair"],
        "themes": ["tarifs"],
        "body": QUOTE,
        "legal_references": "Code général des impôts, article 293 B",
    },
    {
        "slug": "accueillir-un-intervenant-pair",
        "title": "Bien accueillir un·e intervenant·e-pair : le guide en une page",
        "summary": "Les étapes pour préparer l'équipe, nommer un·e référent·e et réussir les "
        "premières semaines.",
        "kind": "guide",
        "audiences": ["employeur"],
        "themes": ["recrutement"],
        "body": WELCOME,
    },
]
