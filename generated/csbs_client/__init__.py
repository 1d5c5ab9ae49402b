"""A client library for accessing Huawei Cloud CSBS v1 — backup replication"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
