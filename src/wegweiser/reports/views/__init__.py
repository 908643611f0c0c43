"""The reports' staff pages (``/staff/berichte/``) and the public statistics page."""
