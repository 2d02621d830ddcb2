# The desk's details of a report from a staff channel: a letter's number, date and date of
# receipt, and the time of a phone call (issue 15).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0011_write_fewer_index_entries"),
    ]

    operations = [
        migrations.AddField(
            model_name="complaint",
            name="call_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="time of the call"),
        ),
        migrations.AddField(
            model_name="complaint",
            name="letter_date",
            field=models.DateField(blank=True, null=True, verbose_name="date of the letter"),
        ),
        migrations.AddField(
            model_name="complaint",
            name="letter_number",
            field=models.CharField(blank=True, max_length=100, verbose_name="letter number"),
        ),
        migrations.AddField(
            model_name="complaint",
            name="letter_received_on",
            field=models.DateField(
                blank=True, null=True, verbose_name="date the letter was received"
            ),
        ),
    ]
