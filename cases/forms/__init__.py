"""Forms of the cases app: the client record, the journal, the caseload and access."""
