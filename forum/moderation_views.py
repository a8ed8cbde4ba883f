"""Peer moderators' pages: the queue (reports with context, posts held for approval), the log,
and the actions on posts, topics and members."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import moderation
from .access import moderator_required
from .forms import MoveForm, ReasonForm, SplitForm, SuspendForm
from .models import ForumMember, ModerationAction, Post, PostRevision, Report, Topic
from .services import ForumError


@require_GET
@moderator_required
def queue(request):
    reported = (
        Post.objects.filter(reports__status=Report.Status.OPEN)
        .annotate(open_reports=Count("reports", filter=Q(reports__status=Report.Status.OPEN)))
        .select_related("topic__category", "author__forum_member", "reply_to__author__forum_member")
        .prefetch_related("reports")
        .defer("search_vector")
        .order_by("id")[:50]
    )
    pending = (
        Post.objects.filter(status=Post.Status.PENDING)
        .select_related("topic__category", "author__forum_member")
        .defer("search_vector")
        .order_by("created_at")[:50]
    )
    return render(
        request,
        "forum/moderation/queue.html",
        {"reported": reported, "pending": pending, "Open": Report.Status.OPEN},
    )


@require_GET
@moderator_required
def log(request):
    actions = ModerationAction.objects.select_related(
        "moderator__forum_member", "member__forum_member", "topic"
    )
    page = Paginator(actions, 50).get_page(request.GET.get("page"))
    return render(request, "forum/moderation/log.html", {"page": page})


@require_GET
@moderator_required
def history(request, pk):
    post = get_object_or_404(Post.objects.select_related("topic", "author__forum_member"), pk=pk)
    revisions = PostRevision.objects.filter(post=post).select_related("edited_by__forum_member")
    return render(request, "forum/moderation/history.html", {"post": post, "revisions": revisions})


def _run(request, action, redirect_to):
    try:
        action()
    except ForumError as error:
        messages.error(request, str(error))
        return None
    return redirect(*redirect_to)


@require_http_methods(["GET", "POST"])
@moderator_required
def hide(request, pk):
    post = get_object_or_404(Post.objects.select_related("topic", "author__forum_member"), pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moderation.hide(request.forum_member, post, form.cleaned_data["reason"])
        except ForumError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Le message est masqué ; son auteur·rice voit le motif.")
            return redirect("forum:moderation")
    return render(request, "forum/moderation/hide.html", {"post": post, "form": form})


@require_POST
@moderator_required
def post_action(request, pk, action):
    post = get_object_or_404(Post.objects.select_related("topic"), pk=pk)
    actions = {
        "afficher": (moderation.show, "Le message est de nouveau visible."),
        "approuver": (moderation.approve, "Le message est approuvé et publié."),
        "classer": (moderation.dismiss_reports, "Les signalements sont classés sans suite."),
    }
    if action not in actions:
        messages.error(request, "Action inconnue.")
        return redirect("forum:moderation")
    run, success = actions[action]
    try:
        run(request.forum_member, post)
    except ForumError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect("forum:moderation")


@require_http_methods(["GET", "POST"])
@moderator_required
def topic_tools(request, pk):
    topic = get_object_or_404(Topic.objects.select_related("category"), pk=pk)
    move_form = MoveForm(request.POST if request.POST.get("do") == "deplacer" else None)
    split_form = SplitForm(request.POST if request.POST.get("do") == "scinder" else None)
    if request.method == "POST":
        done = _topic_action(request, topic, move_form, split_form)
        if done is not None:
            return done
    return render(
        request,
        "forum/moderation/topic.html",
        {"topic": topic, "move_form": move_form, "split_form": split_form},
        status=400 if request.method == "POST" else 200,
    )


def _topic_action(request, topic, move_form, split_form):
    member, do = request.forum_member, request.POST.get("do")
    try:
        if do in ("verrouiller", "deverrouiller"):
            moderation.set_locked(member, topic, do == "verrouiller")
        elif do in ("epingler", "desepingler"):
            moderation.set_pinned(member, topic, do == "epingler")
        elif do == "deplacer" and move_form.is_valid():
            moderation.move(member, topic, move_form.cleaned_data["category"])
        elif do == "scinder" and split_form.is_valid():
            first = Post.objects.filter(pk=split_form.cleaned_data["first_post"]).first()
            if first is None:
                split_form.add_error("first_post", "aucun message ne porte ce numéro.")
                return None
            new = moderation.split(member, topic, first, split_form.cleaned_data["title"])
            messages.success(request, "Le sujet est scindé.")
            return redirect("forum:topic", pk=new.pk)
        else:
            return None
    except ForumError as error:
        (split_form if do == "scinder" else move_form).add_error(None, str(error))
        return None
    messages.success(request, "C'est fait : l'action est inscrite au journal de modération.")
    return redirect("forum:topic", pk=topic.pk)


@require_http_methods(["GET", "POST"])
@moderator_required
def member(request, handle):
    target = get_object_or_404(ForumMember, handle=handle)
    form = SuspendForm(request.POST if request.POST.get("do") == "suspendre" else None)
    if request.method == "POST":
        try:
            if request.POST.get("do") == "lever":
                moderation.lift_suspension(request.forum_member, target)
                messages.success(request, "La suspension est levée.")
                return redirect("forum:moderation_member", handle=handle)
            if form.is_valid():
                moderation.suspend(
                    request.forum_member,
                    target,
                    form.cleaned_data["days"],
                    form.cleaned_data["reason"],
                )
                messages.success(request, "La personne est suspendue du forum pour cette durée.")
                return redirect("forum:moderation_member", handle=handle)
        except ForumError as error:
            form.add_error(None, str(error))
    target.refresh_from_db()
    return render(
        request,
        "forum/moderation/member.html",
        {"target": target, "form": form, "suspended": target.is_suspended()},
    )
