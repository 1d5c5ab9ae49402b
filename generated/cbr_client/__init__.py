"""A client library for accessing Huawei Cloud CBR v3 — backup replication"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
