"""schemathesis over the staff API (/api/v1/staff/) with a valid coordinator token.

Generated requests (bodies, paths, queries) for every staff operation: none may answer 5xx,
and every answer must match its documented schema. The token's coordinator has a report in
each inbox, so the generated calls meet real rows as well as unknown numbers.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from aduan.organisation.models import Membership
from aduan.staffapi.services import personal_token_issue
from aduan.workflow import services
from aduan.wsgi import application

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application).include(
    path_regex="^/api/v1/staff/"
)


@pytest.fixture
def token(submit, admin, pupr) -> str:
    submit()  # one waiting for verification
    services.complaint_verify(actor=admin, complaint=submit().complaint, units=[pupr])
    return personal_token_issue(
        actor=admin, name="schemathesis", membership=Membership.objects.get(user=admin)
    )[1]


@pytest.fixture
def test_transaction_kept():
    """See tests/api/test_schemathesis.py: keep the test's connection across requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_staff_api_has_no_server_error_and_keeps_its_schema(case, token, test_transaction_kept):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
