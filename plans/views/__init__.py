"""Views of the plans app, split by area: the plans of a case, editing, history, the lead's feed."""
