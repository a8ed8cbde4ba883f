"""Writing in the forum: new topics, replies, edits, « Merci », useful marks, watching, reports,
and the one-click unsubscribe from forum mail."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import moderation, notify, services
from .access import has_accepted_charter, member_required
from .forms import EditForm, PostForm, ReportForm, TopicForm
from .models import Category, Post, Topic
from .services import ForumError
from .text import quote


def _charter_first(request):
    messages.info(request, "Avant votre premier message, lisez et acceptez la charte du forum.")
    return redirect(f"{reverse('forum:charter')}?next={request.path}")


def _visible_post(request, pk) -> Post:
    post = get_object_or_404(Post.objects.select_related("topic", "author__forum_member"), pk=pk)
    visible = post.status == Post.Status.VISIBLE and not post.topic.is_hidden
    if not visible and post.author_id != request.user.pk and not request.forum_member.is_moderator:
        raise Http404
    return post


@require_http_methods(["GET", "POST"])
@member_required
def new_topic(request, slug):
    category = get_object_or_404(Category, slug=slug)
    if not has_accepted_charter(request.forum_member):
        return _charter_first(request)
    form = TopicForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.create_topic(
                request.forum_member,
                category,
                form.cleaned_data["title"],
                form.cleaned_data["body"],
                form.cleaned_data["attachment"],
            )
        except ForumError as error:
            form.add_error(None, str(error))
        else:
            if topic.is_hidden:
                messages.info(
                    request,
                    "Votre sujet contient un lien : un·e modérateur·rice le relit avant qu'il "
                    "soit visible. C'est le cas pour le premier message avec un lien.",
                )
            else:
                messages.success(request, "Votre sujet est publié.")
            return redirect("forum:topic", pk=topic.pk)
    return render(request, "forum/topic_form.html", {"category": category, "form": form})


@require_http_methods(["GET", "POST"])
@member_required
def reply(request, pk):
    topic = get_object_or_404(Topic.objects.select_related("category"), pk=pk)
    if not has_accepted_charter(request.forum_member):
        return _charter_first(request)
    target = None
    target_id = request.POST.get("reply_to") or request.GET.get("a")
    if target_id and str(target_id).isdigit():
        target = Post.objects.visible().filter(pk=int(target_id), topic=topic).first()
    initial = {"reply_to": target.pk if target else None}
    if target and request.GET.get("citer") == "1":
        initial["body"] = quote(target.body, target.author.forum_member.handle)
    form = PostForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.reply(
                request.forum_member,
                topic,
                form.cleaned_data["body"],
                target,
                form.cleaned_data["attachment"],
            )
        except ForumError as error:
            form.add_error(None, str(error))
        else:
            if post.status == Post.Status.PENDING:
                messages.info(
                    request,
                    "Votre message contient un lien : un·e modérateur·rice le relit avant qu'il "
                    "soit visible.",
                )
            else:
                messages.success(request, "Votre réponse est publiée.")
            return redirect("forum:post", pk=post.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "forum/reply_form.html",
        {"topic": topic, "form": form, "target": target},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@member_required
def edit(request, pk):
    post = get_object_or_404(Post.objects.select_related("topic"), pk=pk, author=request.user)
    initial = {"body": post.body, "title": post.topic.title if post.is_first else ""}
    form = EditForm(request.POST or None, initial=initial)
    del form.fields["attachment"]
    if not post.is_first:
        del form.fields["title"]
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_post(
                request.forum_member,
                post,
                form.cleaned_data["body"],
                form.cleaned_data.get("title"),
            )
        except ForumError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Votre message est modifié.")
            return redirect("forum:post", pk=post.pk)
    return render(request, "forum/edit_form.html", {"post": post, "form": form})


def _action(request, pk, run, success):
    post = _visible_post(request, pk)
    try:
        state = run(request.forum_member, post)
    except ForumError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success(state))
    return redirect("forum:post", pk=post.pk)


@require_POST
@member_required
def thanks(request, pk):
    return _action(
        request,
        pk,
        services.toggle_thanks,
        lambda on: "Votre « Merci » est envoyé." if on else "Votre « Merci » est retiré.",
    )


@require_POST
@member_required
def useful(request, pk):
    return _action(
        request,
        pk,
        services.toggle_useful,
        lambda on: "Réponse marquée utile." if on else "La réponse n'est plus marquée utile.",
    )


@require_POST
@member_required
def watch_topic(request, pk):
    topic = get_object_or_404(Topic, pk=pk)
    on = services.toggle_watch(request.forum_member, topic=topic)
    messages.success(request, "Vous suivez ce sujet." if on else "Vous ne suivez plus ce sujet.")
    return redirect("forum:topic", pk=topic.pk)


@require_POST
@member_required
def watch_category(request, slug):
    category = get_object_or_404(Category, slug=slug)
    on = services.toggle_watch(request.forum_member, category=category)
    messages.success(
        request, "Vous suivez cette catégorie." if on else "Vous ne suivez plus cette catégorie."
    )
    return redirect("forum:category", slug=category.slug)


@require_http_methods(["GET", "POST"])
@member_required
def report(request, pk):
    post = _visible_post(request, pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moderation.report(
                request.forum_member, post, form.cleaned_data["reason"], form.cleaned_data["text"]
            )
        except ForumError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, "Merci, votre signalement est envoyé aux modérateur·rices du forum."
            )
            return redirect("forum:post", pk=post.pk)
    return render(request, "forum/report_form.html", {"post": post, "form": form})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One click from a forum mail (RFC 8058): the signed token is the proof, no login."""
    user = notify.read_unsubscribe_token(token)
    if user is None:
        return render(request, "forum/unsubscribe.html", {"invalid": True}, status=400)
    done = request.method == "POST"
    if done:
        notify.unsubscribe(user)
    return render(request, "forum/unsubscribe.html", {"done": done})
