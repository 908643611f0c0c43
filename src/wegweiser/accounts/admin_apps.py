"""``django.contrib.admin`` with our site (kept apart from ``apps.py``: one AppConfig there)."""

from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    """The admin for administrators only, entered through the staff login."""

    default_site = "wegweiser.accounts.admin_site.StaffAdminSite"
