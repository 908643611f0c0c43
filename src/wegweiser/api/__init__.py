"""The public interfaces to the data: REST API v1, Open Referral HSDS 3.0, open data downloads.

Read-only and public; everything here reads published data through the other apps' public
functions (``directory.search``, ``reports.engine``, the models' QuerySets), never their
private helpers. See docs/api.md.
"""
