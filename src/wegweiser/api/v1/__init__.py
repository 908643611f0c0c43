"""REST API v1: ``/api/v1/`` (django-ninja; the schema is committed as docs/openapi.json)."""
