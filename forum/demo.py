"""Demo forum: categories, a few hundred topics and posts in plain French composed from sentence
templates, two peer moderators, a few reports and unread state for the demo peer workers.

Idempotent: members and categories by natural key; topics only when the forum has none."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from epop.accounts.models import User
from epop.accounts.permissions import can_access_forum
from epop.core.demo import DemoContext, seeder

from . import access, services
from .models import Category, ForumMember, Post, Report, Topic, TopicRead
from .text import post_html

MEMBERS = 40
TOPICS = 120

SUBJECTS = {
    "premiers-pas": [
        "Ma première intervention la semaine prochaine",
        "Comment vous êtes-vous présenté·es la première fois ?",
        "Trouver sa place dans une équipe qui ne connaît pas la pair-aidance",
        "Faut-il tout raconter de son parcours ?",
    ],
    "pratiques": [
        "Un outil pour préparer les entretiens individuels",
        "Accompagner quelqu'un qui refuse de parler",
        "Garder la bonne distance avec les personnes accompagnées",
        "Animer un groupe de parole : vos conseils",
    ],
    "equipes": [
        "Les soignants ne m'invitent pas aux réunions d'équipe",
        "Expliquer notre rôle à un nouveau cadre",
        "Travailler avec un ESAT pour la première fois",
        "Quand l'équipe nous demande un avis médical",
    ],
    "statut": [
        "Micro-entreprise et AAH : vos expériences",
        "Facturer une intervention à une association",
        "Bénévolat ou salariat pour commencer ?",
        "Cumuler une pension d'invalidité et des interventions",
    ],
    "formation": [
        "Préparer une sensibilisation pour des étudiants infirmiers",
        "Combien de temps pour préparer une formation d'une journée ?",
        "Des supports faciles à lire pour une intervention",
        "Prendre la parole devant un grand public",
    ],
    "prendre-soin": [
        "Fatigue après les interventions",
        "Dire non à une demande de plus",
        "Quand une situation réveille de vieux souvenirs",
        "Vos petits rituels pour décompresser",
    ],
}
OPENINGS = [
    "Bonjour à toutes et à tous,",
    "Bonjour,",
    "Salut la communauté,",
    "Bonsoir,",
]
CONTEXTS = [
    "Je suis intervenant·e-pair depuis quelques mois dans un service d'accompagnement.",
    "Je travaille surtout auprès d'équipes éducatives, en binôme avec une éducatrice.",
    "Cela fait deux ans que j'interviens en formation, mais c'est nouveau pour moi.",
    "Je viens d'être validé·e sur l'annuaire et je découvre le forum.",
]
QUESTIONS = [
    "Comment faites-vous dans ce cas ?",
    "Est-ce que certain·es d'entre vous ont déjà vécu ça ?",
    "Je serais preneur·se de vos conseils, même très simples.",
    "Qu'est-ce qui vous a aidé·es au début ?",
]
REPLIES = [
    "J'ai vécu quelque chose de proche. Ce qui m'a aidé, c'est d'en parler tôt avec la personne "
    "qui coordonne l'équipe.",
    "Pour moi, le plus important est de rappeler que mon savoir vient de mon expérience, pas "
    "d'un diplôme. Les équipes le comprennent mieux quand je le dis clairement.",
    "Je prépare toujours trois phrases pour me présenter, pas plus. Le reste vient avec les "
    "questions.",
    "Merci pour ce sujet. Je me reconnais beaucoup dans ce que tu décris.",
    "Je me garde une demi-journée sans rien après une intervention longue. Ça change tout.",
    "Tu peux demander une rencontre avec le cadre avant de commencer : c'est souvent là que "
    "tout se joue.",
    "Attention à ne pas donner de détail qui permettrait de reconnaître la personne, même ici.",
    "De mon côté, j'ai mis du temps à oser dire non. Aujourd'hui je fixe mes limites dès le "
    "premier échange.",
    "La coordination régionale m'a beaucoup aidé·e sur ce point, n'hésite pas à la contacter.",
    "J'utilise une fiche très simple avec des pictogrammes : je peux la partager si ça t'aide.",
]


def _members(ctx: DemoContext) -> list[ForumMember]:
    members = []
    users = User.objects.filter(kind=User.Kind.PEER_WORKER, is_active=True, is_staff=False)
    for user in users.order_by("id").iterator():
        if can_access_forum(user):
            member = access.member_for(user)
            members.append(member)
        if len(members) >= MEMBERS:
            break
    long_ago = timezone.now() - timedelta(days=60)
    ForumMember.objects.filter(pk__in=[m.pk for m in members]).update(
        charter_version=access.CHARTER_VERSION,
        charter_accepted_at=long_ago,
        read_all_before=long_ago,
        first_post_at=long_ago,
        trusted=True,
    )
    ForumMember.objects.filter(pk__in=[m.pk for m in members[:2]]).update(
        is_moderator=True, moderator_since=long_ago
    )
    for member in members:
        member.refresh_from_db()
    return members


@seeder(order=60)
@transaction.atomic
def seed_forum(ctx: DemoContext) -> None:
    services.ensure_region_categories()
    members = _members(ctx)
    if len(members) < 4:
        ctx.write("  forum : moins de 4 intervenant·es-pairs validé·es, rien à créer")
        return
    if Topic.objects.exists():
        ctx.write("  forum : déjà rempli")
        return
    rng, now = ctx.rng, timezone.now()
    categories = {category.slug: category for category in Category.objects.all()}
    regional = [category for category in categories.values() if category.kind == "region"]
    posts = 0
    for index in range(TOPICS):
        slug = rng.choice(list(SUBJECTS))
        title = rng.choice(SUBJECTS[slug])
        category = categories.get(slug) or rng.choice(list(categories.values()))
        if regional and rng.random() < 0.2:
            category = rng.choice(regional)
        author = rng.choice(members)
        started = now - timedelta(days=rng.randint(0, 50), minutes=rng.randint(0, 1440))
        body = "\n\n".join([rng.choice(OPENINGS), rng.choice(CONTEXTS), rng.choice(QUESTIONS)])
        topic = Topic.objects.create(
            category=category, title=title, author=author.user, created_at=started
        )
        rows = [
            Post(
                topic=topic,
                author=author.user,
                body=body,
                body_html=post_html(body),
                subject=title,
                is_first=True,
                created_at=started,
            )
        ]
        for answer in range(rng.randint(0, 6)):
            replier = rng.choice(members)
            text = rng.choice(REPLIES)
            if rng.random() < 0.2:
                text = f"@{author.handle} {text}"
            rows.append(
                Post(
                    topic=topic,
                    author=replier.user,
                    body=text,
                    body_html=post_html(text),
                    created_at=started + timedelta(hours=answer + 1),
                    thanks_count=rng.randint(0, 3),
                    is_useful=answer == 0 and rng.random() < 0.3,
                )
            )
        Post.objects.bulk_create(rows)
        posts += len(rows)
        services.refresh_topic(topic)
        # Half the demo members have read some topics; the rest stays « Nouveau ».
        for reader in rng.sample(members, 3):
            TopicRead.objects.get_or_create(
                user=reader.user, topic=topic, defaults={"last_read_post_id": rows[0].pk}
            )
        if index % 25 == 3 and len(rows) > 1:
            Report.objects.create(
                post=rows[-1],
                reporter=rng.choice([m for m in members if m.user_id != rows[-1].author_id]).user,
                reason=rng.choice(Report.Reason.values),
                text="Je préfère que la modération y jette un œil.",
            )
    ctx.write(f"  forum : {TOPICS} sujets, {posts} messages, {len(members)} membres")
