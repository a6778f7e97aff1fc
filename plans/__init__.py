"""Client plans and integration plans, their versions, history and the team lead's review.

The public API for views (writes in ``plans.actions``, reads in
``plans.selectors`` and ``plans.history``):

* ``plans.selectors.plans_visible_to(user)`` — get a plan only through this;
* ``plans.actions.plan_create / plan_update / plan_activate / plan_close /
  plan_change_review`` — every write; ``PlanActionError`` (a refusal),
  ``PlanConflict`` (someone saved first: show ``plan_diff(plan,
  error.expected_version, error.current_version)`` and keep the input),
  ``PlanRowsInvalid`` (row errors keyed like formset fields);
* ``plans.history.plan_versions / plan_diff`` — the history page (five queries);
* ``plans.selectors.team_plan_changes(lead, …)`` — the lead's feed (one query);
* ``Plan.objects.review_overdue(today)`` — plans whose review is overdue.

How versions are rebuilt is told in :mod:`plans.history`.
"""
