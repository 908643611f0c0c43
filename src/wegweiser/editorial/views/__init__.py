"""The editorial staff pages (``/staff/redaktion/``): thin adapters around ``actions``."""
