"""Starter video entries: real WebVTT captions and full transcripts. The video files are local
placeholders (not committed); captions and transcripts are the content of record."""

BECOME_VTT = """\
WEBVTT

00:00:00.000 --> 00:00:04.000
<v Narratrice>Qu'est-ce qu'un intervenant-pair ?

00:00:04.000 --> 00:00:10.000
<v Narratrice>C'est une personne qui a vécu le handicap ou la maladie,
et qui en a fait un savoir utile aux autres.

00:00:10.000 --> 00:00:16.000
<v Karim>J'ai passé six ans en ESAT. Aujourd'hui, j'explique aux équipes
ce que vivent les travailleurs.

00:00:16.000 --> 00:00:21.000
<v Narratrice>Pour commencer, on peut suivre la formation socle EPoP,
sans diplôme exigé.

00:00:21.000 --> 00:00:25.000
[Musique douce]
<v Narratrice>Ensuite, on crée son profil dans l'annuaire.
"""

BECOME_TRANSCRIPT = """\
**Narratrice :** Qu'est-ce qu'un intervenant-pair ? C'est une personne qui a vécu le handicap ou
la maladie, et qui en a fait un savoir utile aux autres.

**Karim :** J'ai passé six ans en ESAT. Aujourd'hui, j'explique aux équipes ce que vivent les
travailleurs.

**Narratrice :** Pour commencer, on peut suivre la formation socle EPoP, sans diplôme exigé.

*Musique douce.*

**Narratrice :** Ensuite, on crée son profil dans l'annuaire.

*À l'écran : l'adresse de la boîte à outils EPoP.*
"""

WELCOME_VTT = """\
WEBVTT

00:00:00.000 --> 00:00:05.000
<v Directrice>Nous avons accueilli notre première intervenante-pair il y a un an.

00:00:05.000 --> 00:00:11.000
<v Directrice>Avant son arrivée, nous avons présenté le projet à toute l'équipe
et nommé une référente.

00:00:11.000 --> 00:00:17.000
<v Sophie>Ce qui m'a aidée : un point chaque semaine,
et le droit de ne pas raconter mon histoire.

00:00:17.000 --> 00:00:22.000
<v Directrice>Aujourd'hui, les personnes accompagnées la demandent par son prénom.
"""

WELCOME_TRANSCRIPT = """\
**La directrice d'un foyer d'accueil :** Nous avons accueilli notre première intervenante-pair il
y a un an. Avant son arrivée, nous avons présenté le projet à toute l'équipe et nommé une
référente.

**Sophie, intervenante-pair :** Ce qui m'a aidée : un point chaque semaine, et le droit de ne pas
raconter mon histoire.

**La directrice :** Aujourd'hui, les personnes accompagnées la demandent par son prénom.
"""

VIDEOS = [
    {
        "slug": "video-devenir-intervenant-pair",
        "title": "Vidéo : devenir intervenant·e-pair",
        "summary": "Karim raconte comment il est devenu intervenant-pair après six ans en ESAT.",
        "kind": "video",
        "audiences": ["futur_pair"],
        "themes": ["formation"],
        "video_src": "/static/toolbox/videos/devenir-intervenant-pair.webm",
        "captions_vtt": BECOME_VTT,
        "transcript": BECOME_TRANSCRIPT,
    },
    {
        "slug": "video-accueillir-un-intervenant-pair",
        "title": "Vidéo : réussir l'accueil d'un·e intervenant·e-pair",
        "summary": "Une directrice et une intervenante-pair racontent leur première année "
        "ensemble.",
        "kind": "video",
        "audiences": ["employeur"],
        "themes": ["recrutement"],
        "video_src": "/static/toolbox/videos/accueillir-un-intervenant-pair.webm",
        "captions_vtt": WELCOME_VTT,
        "transcript": WELCOME_TRANSCRIPT,
    },
]
