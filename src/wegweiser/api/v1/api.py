"""The v1 API object with its routers (imported by ``wegweiser.api.urls``)."""

from wegweiser.api.v1 import directory, figures, offers
from wegweiser.api.v1.common import api

api.add_router("", offers.router)
api.add_router("", directory.router)
api.add_router("", figures.router)

__all__ = ["api"]
