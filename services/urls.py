"""URLs of the services app. Case pages take ``case_id``, so the access test covers them;
the claims are a team's and are tested for access in ``tests/services``.
"""

from django.urls import path

from services.views import board, claims, costs, referrals

app_name = "services"

urlpatterns = [
    path("cases/<uuid:case_id>/entitlements/", board.board, name="board"),
    path(
        "cases/<uuid:case_id>/entitlements/<uuid:entitlement_id>/",
        board.entitlement_edit,
        name="entitlement_edit",
    ),
    path("cases/<uuid:case_id>/referrals/", referrals.referrals, name="referrals"),
    path(
        "cases/<uuid:case_id>/referrals/<uuid:referral_id>/",
        referrals.referral_detail,
        name="referral_detail",
    ),
    path(
        "cases/<uuid:case_id>/referrals/<uuid:referral_id>/letter.pdf",
        referrals.referral_letter,
        name="referral_letter",
    ),
    path(
        "cases/<uuid:case_id>/consents/<uuid:consent_id>/withdraw/",
        referrals.consent_withdraw,
        name="consent_withdraw",
    ),
    path("cases/<uuid:case_id>/costs/", costs.costs, name="costs"),
    path("claims/", claims.claims, name="claims"),
    path("claims/new/", claims.claim_new, name="claim_new"),
    path("claims/<uuid:claim_id>/", claims.claim_detail, name="claim_detail"),
    path("claims/<uuid:claim_id>/csv", claims.claim_csv, name="claim_csv"),
    path(
        "claims/<uuid:claim_id>/cover-letter.pdf",
        claims.claim_cover_letter,
        name="claim_cover_letter",
    ),
]
