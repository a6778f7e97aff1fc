"""The fixed words of a client's copy that Python supplies, in the print catalogues only.

Everything here is extracted by ``manage.py printmessages`` into the print
catalogues (``locale_print``) and left out of the interface's (the Makefile's
``messages``), so that translators of a print language see exactly what a copy
prints. The model's own choice labels (``Measure.Status`` …) are interface
words: the copy never prints them, it maps the stored values to these.
The rest of the copy's words are in ``templates/print/plan_copy.html``.
"""

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

# What a bilingual copy says about its translation (core.printlanguages: a language's status).
TRANSLATION_CHECKED = pgettext_lazy(
    "print", "The texts of this copy were checked by %(translator)s on %(date)s."
)
TRANSLATION_DRAFT = pgettext_lazy(
    "print",
    "The texts of this copy are a draft translation: a professional translator has not "
    "checked them yet.",
)

# The copy's title, by the plan's kind.
KIND_TITLES: dict[str, Promise] = {
    "client_plan": pgettext_lazy("print", "Client plan"),
    "integration_plan": pgettext_lazy("print", "Integration plan"),
}

# The watermark of a copy of a plan that is not in force. A superseded or
# closed plan is no draft, but it is no longer what applies either.
WATERMARKS: dict[str, Promise] = {
    "draft": pgettext_lazy("watermark", "DRAFT"),
    "superseded": pgettext_lazy("watermark", "NOT IN FORCE"),
    "closed": pgettext_lazy("watermark", "NOT IN FORCE"),
}

PLAN_STATUSES: dict[str, Promise] = {
    "draft": pgettext_lazy("plan status", "Draft"),
    "in_force": pgettext_lazy("plan status", "In force"),
    "superseded": pgettext_lazy("plan status", "Superseded"),
    "closed": pgettext_lazy("plan status", "Closed"),
}

MEASURE_STATUSES: dict[str, Promise] = {
    "planned": pgettext_lazy("measure status", "Planned"),
    "ongoing": pgettext_lazy("measure status", "Ongoing"),
    "done": pgettext_lazy("measure status", "Done"),
    "cancelled": pgettext_lazy("measure status", "Cancelled"),
}

MADE_WITH: dict[str, Promise] = {
    "municipality": pgettext_lazy("made with", "Municipality"),
    "employment_area": pgettext_lazy("made with", "Employment area"),
    "both": pgettext_lazy("made with", "Municipality and employment area"),
}

# An integration plan's language goal: Finnish or Swedish (ISO 639-3).
INTEGRATION_LANGUAGES: dict[str, Promise] = {
    "fin": pgettext_lazy("language", "Finnish"),
    "swe": pgettext_lazy("language", "Swedish"),
}

# The nine services of 746/2011 38 a § in plain words, by the reference data's
# code: (name, what it means for you). A numbered service of the reference data
# that is not here prints its name and description from the reference data.
RIGHTS: dict[str, tuple[Promise, Promise]] = {
    "advice-and-guidance": (
        pgettext_lazy("right", "Advice and guidance"),
        pgettext_lazy(
            "right",
            "You have the right to information about your rights and help with your affairs.",
        ),
    ),
    "safe-accommodation": (
        pgettext_lazy("right", "Safe accommodation"),
        pgettext_lazy("right", "You have the right to a safe place to stay."),
    ),
    "reception-allowance-or-social-assistance": (
        pgettext_lazy("right", "Reception allowance or social assistance"),
        pgettext_lazy(
            "right",
            "You have the right to money to live on: a reception allowance or social assistance.",
        ),
    ),
    "social-services": (
        pgettext_lazy("right", "Social services"),
        pgettext_lazy(
            "right", "You have the right to help from a social worker and to social services."
        ),
    ),
    "health-care-services": (
        pgettext_lazy("right", "Health care services"),
        pgettext_lazy(
            "right",
            "You have the right to care when you are ill or injured, and to help for your "
            "mental wellbeing.",
        ),
    ),
    "interpretation-and-translation": (
        pgettext_lazy("right", "Interpretation and translation services"),
        pgettext_lazy(
            "right",
            "You have the right to an interpreter and translations, so that you understand "
            "and are understood.",
        ),
    ),
    "legal-aid-and-advice": (
        pgettext_lazy("right", "Legal aid and legal advice"),
        pgettext_lazy(
            "right",
            "You have the right to advice on legal matters and help in court proceedings.",
        ),
    ),
    "tracing-family-of-unaccompanied-child": (
        pgettext_lazy("right", "Tracing the parents or guardian of an unaccompanied child"),
        pgettext_lazy(
            "right",
            "If you are under 18 and in Finland without a parent or guardian, your parents "
            "or guardian will be searched for.",
        ),
    ),
    "support-for-safe-return": (
        pgettext_lazy("right", "Support for a safe return"),
        pgettext_lazy(
            "right",
            "If you want to return to your home country, you will be helped to return safely.",
        ),
    ),
}
