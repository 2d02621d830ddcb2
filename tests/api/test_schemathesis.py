"""A property-based run of schemathesis over the public API, through the WSGI app.

For every operation of /api/v1/openapi.json it generates requests from the schema and checks
that none answers 5xx and that every answer matches its documented schema. Bounded (a few
examples per operation, no deadline) so the run stays within seconds; runs on the test
database with Luwu's reference data and one filed report loaded.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from aduan.wsgi import application

pytestmark = pytest.mark.django_db

# Loaded when the module is collected: serving the schema touches no database. (Not
# `schemathesis.pytest.from_fixture`: it relies on a pytest internal that pytest 9 removed.)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def filed_report(luwu, submit):
    return submit()  # one public report, so the feed has a row to render


@pytest.fixture
def test_transaction_kept():
    """Django closes the connection after each request, which inside the test's transaction
    would close the test database; Django's own test client skips that the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure reproduces, CI is not flaky
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_public_api_has_no_server_error_and_keeps_its_schema(
    case, filed_report, test_transaction_kept
):
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
