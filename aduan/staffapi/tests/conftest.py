"""Staff API helpers: a personal token for any member of the cast, and calls made with it.

`reach` (a report brought to a state through the real services) is workflow's fixture.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from aduan.accounts.models import User
from aduan.organisation.models import Membership
from aduan.staffapi.services import personal_token_issue
from aduan.workflow.tests.conftest import reach  # noqa: F401 (a fixture, shared)


@pytest.fixture
def token_for() -> Callable[[User], str]:
    """A 90-day personal token for the user's (first) membership."""

    def _token(user: User) -> str:
        membership = Membership.objects.filter(user=user).order_by("pk").first()
        assert membership is not None, user
        return personal_token_issue(actor=user, name="tes", membership=membership)[1]

    return _token


class StaffApi:
    def __init__(self, token: str) -> None:
        self.client = Client(HTTP_ACCEPT_LANGUAGE="id")
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1/staff{path}", params, headers=self.headers)

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        return self.client.post(
            f"/api/v1/staff{path}",
            json.dumps(body or {}),
            content_type="application/json",
            headers=self.headers,
        )


@pytest.fixture
def staff_api(token_for: Callable[[User], str]) -> Callable[[User], StaffApi]:
    return lambda user: StaffApi(token_for(user))
