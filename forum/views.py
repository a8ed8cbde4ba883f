"""Reading the forum: home, categories, topics, search, notifications, charter. Thin views: the
rules live in ``access``, ``services`` and the QuerySets."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_http_methods

from epop.accounts.permissions import can_access_forum
from epop.core.shortcuts import render_page

from . import search, services
from .access import has_accepted_charter, member_required
from .forms import CharterForm, PostForm, SearchForm
from .models import Category, Notification, Post, Thanks, Topic, TopicRead, Watch

TOPICS_PER_PAGE = 25
POSTS_PER_PAGE = 20


def with_read_state(topics, user):
    """Annotate ``last_read`` (0 when never opened) for the unread marks of a topic list."""
    last_read = TopicRead.objects.filter(user=user, topic=OuterRef("pk")).values(
        "last_read_post_id"
    )[:1]
    return topics.annotate(
        last_read=Coalesce(Subquery(last_read, output_field=IntegerField()), Value(0))
    )


def mark_unread(topics, member):
    for topic in topics:
        topic.unread = (
            topic.last_post_id_cache > topic.last_read
            and topic.last_post_at > member.read_all_before
        )
    return topics


@require_GET
def home(request):
    if not can_access_forum(request.user):
        # The public page that says who the forum is for (also the « reserved » explanation).
        return render_page(request, "forum:home", "forum/about.html", {"has_access": False})
    return _member_home(request)


@member_required
def _member_home(request):
    member = request.forum_member
    recent = with_read_state(
        Topic.objects.visible().select_related("category").order_by("-last_post_at"), request.user
    )[:10]
    return render_page(
        request,
        "forum:home",
        "forum/home.html",
        {
            "member": member,
            "categories": Category.objects.select_related("region"),
            "recent": mark_unread(list(recent), member),
            "unread_notifications": Notification.objects.filter(
                user=request.user, read_at__isnull=True
            ).count(),
            "search_form": SearchForm(),
        },
    )


@require_http_methods(["GET", "POST"])
@member_required
def mark_all_read(request):
    if request.method == "POST":
        services.mark_all_read(request.forum_member)
        messages.success(request, "Tous les sujets sont marqués comme lus.")
    return redirect("forum:home")


@require_GET
@member_required
def category(request, slug):
    member = request.forum_member
    category = get_object_or_404(Category, slug=slug)
    topics = with_read_state(
        category.topics.visible()
        .select_related("author__forum_member")
        .order_by("-is_pinned", "-last_post_at", "-id"),
        request.user,
    )
    page = Paginator(topics, TOPICS_PER_PAGE).get_page(request.GET.get("page"))
    mark_unread(page.object_list, member)
    return render(
        request,
        "forum/category.html",
        {
            "category": category,
            "page": page,
            "member": member,
            "watching": Watch.objects.filter(user=request.user, category=category).exists(),
        },
    )


@require_GET
@member_required
def topic(request, pk):
    member = request.forum_member
    # One query for the topic, its category, the reader's place in it and their watch.
    topic = get_object_or_404(
        with_read_state(Topic.objects.select_related("category"), request.user).annotate(
            watching=Exists(Watch.objects.filter(user=request.user, topic=OuterRef("pk")))
        ),
        pk=pk,
    )
    if topic.is_hidden and not member.is_moderator and topic.author_id != request.user.pk:
        return render(request, "forum/topic_hidden.html", {"topic": topic}, status=404)
    posts = Post.objects.filter(topic=topic)
    if not member.is_moderator:
        posts = posts.readable_by(request.user)
    # The page's posts with their authors, quoted authors, attachments and the reader's thanks:
    # one query whatever the page (plus the count for the pagination, over forum_post_topic_idx).
    posts = (
        posts.select_related("author__forum_member", "reply_to__author__forum_member", "attachment")
        .defer("search_vector", "attachment__data")
        .annotate(thanked=Exists(Thanks.objects.filter(user=request.user, post=OuterRef("pk"))))
    )
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    for post in shown:
        post.is_new = post.pk > topic.last_read and post.created_at > member.read_all_before
    if shown:
        services.mark_read(request.user, topic, shown[-1].pk)
    can_reply = has_accepted_charter(member) and (not topic.is_locked or member.is_moderator)
    return render(
        request,
        "forum/topic.html",
        {
            "topic": topic,
            "page": page,
            "posts": shown,
            "member": member,
            "can_reply": can_reply,
            "form": PostForm() if can_reply else None,
            "watching": topic.watching,
        },
    )


@require_GET
@member_required
def post(request, pk):
    """A post's permanent address: the page of its topic that shows it."""
    post = get_object_or_404(Post, pk=pk)
    before = Post.objects.filter(topic_id=post.topic_id, id__lt=post.pk)
    if not request.forum_member.is_moderator:
        before = before.readable_by(request.user)
    page = before.count() // POSTS_PER_PAGE + 1
    suffix = f"?page={page}" if page > 1 else ""
    return redirect(f"{reverse('forum:topic', args=[post.topic_id])}{suffix}#message-{post.pk}")


@require_GET
@member_required
def search_view(request):
    form = SearchForm(request.GET or None)
    page, extra = None, ""
    if form.is_valid():
        page = search.results(form.cleaned_data["q"], request.GET.get("page"))
        extra = urlencode({"q": form.cleaned_data["q"]}) + "&"
    return render(request, "forum/search.html", {"form": form, "page": page, "extra": extra})


@require_GET
@member_required
def notifications(request):
    items = Notification.objects.filter(user=request.user).select_related(
        "post__topic", "post__author__forum_member"
    )
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    return render(request, "forum/notifications.html", {"page": page})


@require_http_methods(["GET", "POST"])
def charter(request):
    """The charter and its FALC version: readable by anyone, accepted by members."""
    if not can_access_forum(request.user):
        return render_page(request, "forum:charter", "forum/charter.html", {"public": True})
    return _accept_charter(request)


@member_required
def _accept_charter(request):
    member = request.forum_member
    form = CharterForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if request.method == "POST" and form.is_valid():
        services.accept_charter(member)
        messages.success(request, "Merci : vous pouvez maintenant écrire dans le forum.")
        return redirect(next_url or "forum:home")
    return render_page(
        request,
        "forum:charter",
        "forum/charter.html",
        {"form": form, "accepted": has_accepted_charter(member), "next": next_url},
    )
