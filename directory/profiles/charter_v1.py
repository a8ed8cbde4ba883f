"""The first version of the EPoP charter, written from the programme's fundamentals
(docs: domain.md §1.1, §1.5 and §4), with its easy-to-read (FALC) summary.

The body is plain text: « ## » starts a heading, « - » a list item, a blank line ends a
paragraph (see directory.profiles.charter_views.charter_blocks). The FALC summary has one sentence
per line. A new version is a new row, added in the admin; this one is never edited in place, since
acceptances point to it.
"""

from django.utils import timezone

TITLE = "Charte des intervenant·es-pairs EPoP"

BODY = """
Cette charte dit ce que nous partageons quand nous travaillons comme intervenant·es-pairs dans \
le programme EPoP. Elle vous engage, et elle engage aussi l'équipe EPoP envers vous. Elle ne \
vérifie ni vos diplômes, ni votre santé, ni votre parcours.

## 1. Un programme ouvert à toutes et à tous

EPoP est ouvert à toute personne en situation de handicap qui veut faire de son expérience un \
métier, quel que soit son handicap. Aucun diplôme n'est demandé. On ne vous demande jamais de \
diagnostic, de document médical ni de preuve de handicap.

## 2. L'intervention par les pairs sous toutes ses formes

Accompagner une personne, animer un groupe, former des professionnels, témoigner dans un \
colloque, conseiller une structure, participer à la conception d'un service : toutes ces \
formes ont leur place, dans tous les secteurs. Vous choisissez celles qui vous correspondent, \
comme salarié·e, indépendant·e ou bénévole, et vous pouvez combiner plusieurs statuts.

## 3. L'expérience vécue est un savoir

Ce que vous avez appris en vivant votre situation est un savoir : les savoirs expérientiels. \
Il est utile aux personnes, aux équipes et aux organisations. Il a autant de valeur que les \
savoirs des autres professionnels : il ne les remplace pas, il les complète.

## 4. Vous choisissez ce que vous dites de vous

Rien ne vous oblige à parler de votre handicap ou de votre santé. Vous décidez de ce que vous \
partagez, avec qui et à quel moment, sur votre profil comme pendant une intervention. Vous \
pouvez changer d'avis à tout moment, et modifier ou effacer ce que vous avez écrit.

## 5. Le respect des personnes accompagnées

Les personnes que vous rencontrez dans votre travail ont droit au même respect que vous. Quand \
vous racontez une situation, en formation, dans un témoignage ou sur le forum, ne donnez aucun \
détail qui permettrait de reconnaître quelqu'un :

- ni nom ni prénom ;
- ni lieu précis, ni date ;
- ni détail de vie qui ferait deviner de qui il s'agit.

## 6. La confidentialité

Ce qu'une personne vous confie reste entre vous. La seule exception : si cette personne, ou \
quelqu'un d'autre, est en danger. Vous en parlez alors à la structure qui vous emploie ou à \
l'équipe de coordination. De son côté, EPoP protège vos données : votre adresse n'est jamais \
affichée, seulement votre commune, et votre expérience vécue n'est montrée qu'aux personnes \
que vous avez choisies.

## 7. Le droit de faire une pause

Vous avez le droit de vous arrêter, pour un temps court ou long, sans vous justifier. Pendant \
une pause, vous ne recevez pas de demande de contact. Votre profil reste visible avec la \
mention « en pause », ou il est masqué : vous choisissez. Une pause ne change pas la place de \
votre profil dans les résultats quand vous revenez.

## 8. Un travail payé justement

L'intervention par les pairs est un travail. Vous fixez vos conditions : un tarif indicatif, \
un prix sur devis, ou le bénévolat si vous le choisissez. Personne ne doit attendre de vous un \
témoignage gratuit. Une structure qui fait appel à vous vous paie, ou vous rembourse vos frais \
si vous êtes bénévole, comme elle le ferait pour tout autre intervenant.

## 9. Pas de notes ni de classements

L'annuaire ne montre aucune note, aucun avis et aucun classement de popularité. Personne ne \
juge votre parcours ou votre « rétablissement ». Si une structure veut donner son avis sur une \
intervention, cet avis reste privé et il vous parvient d'abord.

## 10. Le respect entre nous

Entre intervenant·es-pairs, avec les professionnels et avec l'équipe EPoP, nous nous parlons \
avec respect, même en désaccord. Les discriminations, les moqueries et le harcèlement ne sont \
acceptés nulle part : ni en intervention, ni sur le forum, ni dans l'annuaire.

## 11. Travailler avec la coordination

Les équipes de coordination, régionales ou nationale, sont là pour vous soutenir : premier \
échange, suivi, formations, mises en relation. Vous les prévenez des changements importants \
(votre disponibilité, votre commune, votre activité) et vous confirmez votre profil au moins \
tous les six mois. Elles vous répondent, expliquent leurs décisions et ne vous demandent rien \
de plus que ce que dit cette charte.

## 12. Quand la charte n'est pas respectée

Parlez-en d'abord à votre équipe de coordination : nous cherchons ensemble une solution. Si un \
manquement grave se répète, la coordination peut retirer un profil de l'annuaire, après avoir \
écouté la personne et en lui expliquant pourquoi.
"""

FALC_SUMMARY = """
Cette charte explique les règles d'EPoP.
EPoP aide les personnes handicapées à faire de leur expérience un métier.
EPoP est ouvert à toutes les personnes handicapées.
Vous n'avez pas besoin de diplôme.
Vous ne donnez jamais de papier sur votre santé.
Votre expérience de vie est un savoir.
Ce savoir aide d'autres personnes.
Vous choisissez ce que vous dites sur vous.
Vous pouvez changer d'avis quand vous voulez.
Vous respectez les personnes que vous aidez.
Vous ne dites jamais leur nom.
Vous gardez secret ce que les personnes vous disent.
Vous avez le droit de faire une pause.
Votre travail mérite d'être payé.
Personne ne doit vous demander de parler gratuitement.
Vous pouvez aussi choisir d'être bénévole.
Personne ne vous donne de note sur le site.
Nous nous parlons avec respect.
L'équipe de coordination vous aide.
Vous lui dites quand votre situation change.
"""


def create_charter(CharterVersion) -> None:
    """Write version 1 unless it exists (written by hand in the admin, or by an earlier run).
    Takes the model class, so the data migration and the tests' reference data share it."""
    if CharterVersion.objects.filter(number=1).exists():
        return
    CharterVersion.objects.create(
        number=1,
        title=TITLE,
        body=BODY.strip(),
        falc_summary=FALC_SUMMARY.strip(),
        published_at=timezone.now(),
    )
