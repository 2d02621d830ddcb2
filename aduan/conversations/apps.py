from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "aduan.conversations"
    label = "conversations"
