"""Forms of the services app: the entitlement board, consent, referrals, costs and claims.

The forms only collect input; the rules (what a status needs, when a referral
may be sent) live in :mod:`services.actions`, and the views show its refusals
at the form, with the input kept.
"""

from services.forms.board import EntitlementForm
from services.forms.claims import ClaimPeriodForm
from services.forms.costs import CostForm
from services.forms.referrals import (
    STEP_FORMS,
    STEP_STATUSES,
    ConsentForm,
    ConsentWithdrawForm,
    ReferralForm,
)

__all__ = [
    "STEP_FORMS",
    "STEP_STATUSES",
    "ClaimPeriodForm",
    "ConsentForm",
    "ConsentWithdrawForm",
    "CostForm",
    "EntitlementForm",
    "ReferralForm",
]
