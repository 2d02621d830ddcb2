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


class SignInEventKind(models.TextChoices):
    """What happened at one step of signing in or out (SignInEvent.kind)."""

    SUCCESS = "success", _("Signed in")
    FAILURE = "failure", _("Wrong username or password")
    LOCKOUT = "lockout", _("Locked out after repeated failures")
    TOTP_FAILURE = "totp_failure", _("Wrong verification code")
    ENROLLED = "enrolled", _("Authenticator app set up")
    RECOVERY_USED = "recovery_used", _("Recovery code used")
    LOGOUT = "logout", _("Signed out")
