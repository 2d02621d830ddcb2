"""The fake SP4N-LAPOR! the tests use: it lives in `lapor/fake.py`, so that `make run` can
serve the same one in the demo (`aduan lapor_demo`)."""

from aduan.integrations.lapor.fake import PAGE_SIZE, TOKEN, FakeLapor, fake_lapor

__all__ = ["PAGE_SIZE", "TOKEN", "FakeLapor", "fake_lapor"]
