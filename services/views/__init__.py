"""Views of the services app, split by area.

Case-level pages get the case through ``cases.views.common.case_for`` (404 for
anyone who may not read it) and write the access log for what they show; the
claims, which are a team's, are reached only through the user's own teams.
"""
