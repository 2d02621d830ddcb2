from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A staff role of DOMAIN.md section 2; citizens need no role (an account is optional)."""

    OPERATOR = "operator", _("Operator (front desk)")
    COORDINATOR = "coordinator", _("Coordinator")
    LIAISON = "liaison", _("Liaison officer")
    LEADER = "leader", _("Leader")
    AUDITOR = "auditor", _("Auditor")
    SYSADMIN = "sysadmin", _("System administrator")
