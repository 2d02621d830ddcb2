"""Joins the two migrations numbered 0012 (the on-hold time of the lifecycle rules and the
event log's anchors); neither depends on the other."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0012_complaint_held_for"),
        ("complaints", "0012_event_log_anchors"),
    ]
    operations = []
