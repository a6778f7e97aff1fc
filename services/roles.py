"""What the roles may do with the services app's models (applied by ``core.roles``)."""

from core.roles import Role

CASEWORK_PERMISSIONS = [
    f"services.{verb}_{model}"
    for model in ("entitlement", "consent", "referral", "costentry", "claim", "claimline")
    for verb in ("add", "change", "view")
]

REFERENCE_DATA_PERMISSIONS = [
    f"services.{verb}_{model}"
    for model in ("entitlementtype", "provider", "supportservicetype")
    for verb in ("add", "change", "view")
]

# Administrators keep the reference data; they never read case content, so
# they get nothing of the entitlements, referrals, costs or claims.
SERVICES_ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.SOCIAL_WORKER: CASEWORK_PERMISSIONS,
    Role.TEAM_LEAD: CASEWORK_PERMISSIONS,
    Role.ADMINISTRATOR: REFERENCE_DATA_PERMISSIONS,
}
