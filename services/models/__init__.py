"""The services app's models, split by area; import them from ``services.models``.

* :mod:`~services.models.reference`: entitlement types, providers and support-service types;
* :mod:`~services.models.entitlements`: the entitlement board of each case;
* :mod:`~services.models.referrals`: the client's consent and referrals;
* :mod:`~services.models.claims`: costs and state-compensation claims.
"""

from services.models.claims import Claim, ClaimLine, CostEntry, CostEntryQuerySet
from services.models.entitlements import Entitlement, EntitlementQuerySet
from services.models.reference import EntitlementType, Provider, SupportServiceType
from services.models.referrals import (
    DATA_WITHOUT_CONSENT,
    LETTER_LANGUAGES,
    Consent,
    ConsentQuerySet,
    DataCategory,
    Referral,
    ReferralQuerySet,
    referral_answer_days,
)

__all__ = [
    "DATA_WITHOUT_CONSENT",
    "LETTER_LANGUAGES",
    "Claim",
    "ClaimLine",
    "Consent",
    "ConsentQuerySet",
    "CostEntry",
    "CostEntryQuerySet",
    "DataCategory",
    "Entitlement",
    "EntitlementQuerySet",
    "EntitlementType",
    "Provider",
    "Referral",
    "ReferralQuerySet",
    "SupportServiceType",
    "referral_answer_days",
]
