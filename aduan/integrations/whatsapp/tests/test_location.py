"""A shared WhatsApp location mapped to the nearest desa, through the signed webhook, the
worker and the fake Graph API: confirmed, refused ("Bukan" → the lists), outside the regency,
and shared before the "where" question. In Indonesian and in English."""

from __future__ import annotations

import itertools
import time
from decimal import Decimal
from typing import Any

import pytest

from aduan.complaints.models import Complaint
from aduan.conversations.models import Conversation
from aduan.integrations.whatsapp.tests.conftest import CITIZEN, document, post, text
from aduan.notifications.services import worker_pass
from aduan.organisation.models import Region
from aduan.organisation.selectors import village_nearest

pytestmark = pytest.mark.django_db

_ids = itertools.count(1)
# 130 m from the centroid of Desa Kanna (73.17.01.2005), Kecamatan Basse Sangtempe.
NEAR_KANNA = (-3.2385, 120.0510)
# Makassar, about 195 km from the nearest desa of Luwu.
MAKASSAR = (-5.1477, 119.4327)
STORY = "LAPOR Jembatan gantung di dekat sekolah putus sejak banjir kemarin sore."


def location(point: tuple[float, float], name: str = "") -> dict[str, Any]:
    place: dict[str, Any] = {"latitude": point[0], "longitude": point[1]}
    if name:
        place["name"] = name
    return {"from": CITIZEN, "id": f"wamid.loc.{next(_ids)}", "type": "location", "location": place}


def say(client: Any, graph: Any, message: dict[str, Any]) -> str:
    """Post one message through the signed webhook, let the worker answer, and return what
    the citizen's phone shows of the answers."""
    before = len(graph.sent)
    assert post(client, document(message)).status_code == 200
    worker_pass(worker_id="test", sweep=False)
    return "\n".join(graph.texts()[before:])


def finish(client: Any, graph: Any) -> Complaint:
    for answer in ("0", "2", "2", "1"):  # no photos, not anonim, not rahasia, send
        say(client, graph, text(answer))
    return Complaint.objects.get()


def test_a_location_near_a_desa_is_confirmed_and_filed_with_its_point(graph, anon_client, luwu):
    assert "Di kecamatan mana" in say(anon_client, graph, text(STORY))
    answer = say(anon_client, graph, location(NEAR_KANNA, "Jembatan Kanna"))
    assert "Lokasi Anda: Desa Kanna, Kecamatan Basse Sangtempe. Benar?" in answer
    assert "1. Ya\n2. Bukan" in answer
    buttons = graph.sent[-1]["interactive"]["action"]["buttons"]
    assert [b["reply"]["title"] for b in buttons] == ["Ya", "Bukan"]
    assert Conversation.objects.get().step == "place"
    assert "Kirim foto" in say(anon_client, graph, text("1"))
    complaint = finish(anon_client, graph)
    assert complaint.region is not None
    assert complaint.region.parent is not None
    assert (complaint.region.code, complaint.region.parent.code) == ("73.17.01.2005", "73.17.01")
    assert (complaint.latitude, complaint.longitude) == (Decimal("-3.2385"), Decimal("120.051"))
    assert complaint.address == "Jembatan Kanna"


def test_no_to_the_proposed_desa_falls_back_to_the_lists(graph, anon_client, luwu):
    say(anon_client, graph, text(STORY))
    say(anon_client, graph, location(NEAR_KANNA))
    answer = say(anon_client, graph, text("mungkin"))  # neither yes nor no: asked again
    assert "Mohon jawab dengan 1 (ya) atau 2 (tidak)." in answer
    assert "Lokasi Anda: Desa Kanna" in answer
    answer = say(anon_client, graph, text("2"))
    assert "Di kecamatan mana" in answer
    assert "1. Bajo" in answer
    assert Conversation.objects.get().step == "kecamatan"
    assert "Di desa atau kelurahan mana?" in say(anon_client, graph, text("Belopa"))
    say(anon_client, graph, text("Tampumia Radda"))
    complaint = finish(anon_client, graph)
    assert complaint.region is not None
    assert complaint.region.name == "Tampumia Radda"
    # The shared point stays on the report as its map point.
    assert complaint.latitude == Decimal("-3.2385")


def test_a_location_outside_the_regency_gets_a_polite_message_and_the_lists(
    graph, anon_client, luwu
):
    say(anon_client, graph, text(STORY))
    answer = say(anon_client, graph, location(MAKASSAR, "Pantai Losari"))
    assert "di luar Kabupaten Luwu" in answer
    assert "Di kecamatan mana" in answer
    assert "Lokasi Anda" not in answer
    assert Conversation.objects.get().step == "kecamatan"


def test_the_distance_limit_is_a_setting(graph, anon_client, luwu, settings):
    settings.ADUAN_LOCATION_MAX_KM = 0  # 130 m is too far now
    say(anon_client, graph, text(STORY))
    answer = say(anon_client, graph, location(NEAR_KANNA))
    assert "di luar Kabupaten Luwu" in answer


def test_a_location_shared_before_the_where_question_is_kept_and_proposed_there(
    graph, anon_client, luwu
):
    say(anon_client, graph, text("halo"))
    answer = say(anon_client, graph, location(NEAR_KANNA))  # the question is the type
    assert "Lokasi disimpan." in answer
    assert "Apa yang ingin Anda sampaikan?" in answer
    assert Conversation.objects.get().step == "type"
    say(anon_client, graph, text("1"))
    answer = say(anon_client, graph, text("Jembatan gantung putus sejak banjir kemarin sore."))
    assert "Lokasi Anda: Desa Kanna, Kecamatan Basse Sangtempe. Benar?" in answer
    say(anon_client, graph, text("1"))
    complaint = finish(anon_client, graph)
    assert complaint.region is not None
    assert complaint.region.name == "Kanna"


def test_a_location_where_no_report_is_being_written_is_refused(graph, anon_client, luwu):
    say(anon_client, graph, text(STORY))
    say(anon_client, graph, location(NEAR_KANNA))
    say(anon_client, graph, text("1"))
    complaint = finish(anon_client, graph)
    # The citizen rates the resolved report: a location is no answer to that.
    conversation = Conversation.objects.get()
    conversation.step, conversation.complaint = "rate", complaint
    conversation.save()
    answer = say(anon_client, graph, location(NEAR_KANNA))
    assert "Foto atau lokasi tidak bisa dipakai di sini" in answer
    assert Conversation.objects.get().step == "rate"


def test_in_english_the_same_confirmation_and_outside_message(graph, anon_client, luwu):
    say(anon_client, graph, text("EN"))
    say(anon_client, graph, text(STORY))
    answer = say(anon_client, graph, location(NEAR_KANNA))
    assert "Your location: Desa Kanna, Kecamatan Basse Sangtempe. Is that right?" in answer
    assert "1. Yes\n2. No" in answer
    answer = say(anon_client, graph, text("no"))
    assert "In which kecamatan did it happen?" in answer
    answer = say(anon_client, graph, location(MAKASSAR))  # shared again, now from Makassar
    assert "outside Kabupaten Luwu" in answer
    assert "In which kecamatan did it happen?" in answer


def test_a_kelurahan_is_proposed_as_a_kelurahan(graph, anon_client, luwu):
    kelurahan = Region.objects.get(code="73.17.07.1001")  # Tampumia Radda, Belopa
    assert kelurahan.latitude is not None
    assert kelurahan.longitude is not None
    say(anon_client, graph, text(STORY))
    point = (float(kelurahan.latitude), float(kelurahan.longitude))
    answer = say(anon_client, graph, location(point))
    assert "Lokasi Anda: Kelurahan Tampumia Radda, Kecamatan Belopa. Benar?" in answer


def test_every_desa_of_luwu_has_a_centroid_that_finds_it(luwu):
    villages = Region.objects.filter(parent__parent__code="73.17", level="village")
    assert villages.count() == 227
    assert not villages.filter(latitude__isnull=True).exists()
    # Each desa's own centroid finds that desa, and the lookup is fast enough per message.
    started = time.perf_counter()
    for village in villages:
        assert village.latitude is not None
        assert village.longitude is not None
        found = village_nearest(
            regency_id=luwu.region_id,
            latitude=float(village.latitude),
            longitude=float(village.longitude),
        )
        assert found is not None
        assert found[0].pk == village.pk
        assert found[1] < 0.01
    per_lookup_ms = (time.perf_counter() - started) * 1000 / 227
    assert per_lookup_ms < 100  # a generous bound; docs/integrations.md has the measure
