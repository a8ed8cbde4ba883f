from django.urls import path

from . import attachments, moderation_views, views, write_views

app_name = "forum"

urlpatterns = [
    path("", views.home, name="home"),
    path("charte/", views.charter, name="charter"),
    path("tout-marquer-lu/", views.mark_all_read, name="mark_all_read"),
    path("recherche/", views.search_view, name="search"),
    path("notifications/", views.notifications, name="notifications"),
    path("categorie/<slug:slug>/", views.category, name="category"),
    path("categorie/<slug:slug>/nouveau-sujet/", write_views.new_topic, name="new_topic"),
    path("categorie/<slug:slug>/suivre/", write_views.watch_category, name="watch_category"),
    path("sujet/<int:pk>/", views.topic, name="topic"),
    path("sujet/<int:pk>/repondre/", write_views.reply, name="reply"),
    path("sujet/<int:pk>/suivre/", write_views.watch_topic, name="watch_topic"),
    path("message/<int:pk>/", views.post, name="post"),
    path("message/<int:pk>/modifier/", write_views.edit, name="edit"),
    path("message/<int:pk>/merci/", write_views.thanks, name="thanks"),
    path("message/<int:pk>/utile/", write_views.useful, name="useful"),
    path("message/<int:pk>/piece-jointe/", attachments.download, name="attachment"),
    path("message/<int:pk>/signaler/", write_views.report, name="report"),
    path("desabonnement/<str:token>/", write_views.unsubscribe, name="unsubscribe"),
    path("moderation/", moderation_views.queue, name="moderation"),
    path("moderation/journal/", moderation_views.log, name="moderation_log"),
    path("moderation/message/<int:pk>/historique/", moderation_views.history, name="history"),
    path("moderation/message/<int:pk>/masquer/", moderation_views.hide, name="hide"),
    path(
        "moderation/message/<int:pk>/<slug:action>/",
        moderation_views.post_action,
        name="post_action",
    ),
    path("moderation/sujet/<int:pk>/", moderation_views.topic_tools, name="topic_tools"),
    path("moderation/membre/<slug:handle>/", moderation_views.member, name="moderation_member"),
]
