"""Wegweiser: the integration platform of a German municipality."""
