"""Import-and-construct smoke test of the generated client, from the page's samples."""

from __future__ import annotations

from uuid import UUID

from csbs_client import AuthenticatedClient, Client
from csbs_client.api.replication import replicate_backup
from csbs_client.models import (
    ProviderId,
    ReplicateRequest,
    ReplicateResponse,
    ReplicationParam,
    ServiceError,
)
from csbs_client.types import UNSET

SAMPLE_RESPONSE = {
    "replication": {
        "project_id": "4800fde9-66f8-4458-b805-4c01066b9568",
        "provider_id": "fc4d5750-22e7-4798-8a46-f48f62c4c1da",
        "checkpoint_item_id": "c4dfa74c-7e60-4361-86b9-9a3250115ed6",
        "source_region": "cn-north-1",
        "destination_region": "cn-east-2",
        "destination_project_id": "e0b97bac-532c-4c51-96fa-4b3a32253be4",
        "replication_record_id": "042cd047-a7c9-4905-a859-402950ac8440",
    }
}


def test_request_model_builds_the_page_sample() -> None:
    body = ReplicateRequest(
        replication=ReplicationParam(
            destination_region="cn-east-2",
            destination_project_id="e0b97bac-532c-4c51-96fa-4b3a32253be4",
            name="rep_from_bd3c8a42-7dd4-4400-b091-2777c51a5c9a",
            description="do replication",
        )
    )
    assert body.to_dict() == {
        "replication": {
            "destination_region": "cn-east-2",
            "destination_project_id": "e0b97bac-532c-4c51-96fa-4b3a32253be4",
            "name": "rep_from_bd3c8a42-7dd4-4400-b091-2777c51a5c9a",
            "description": "do replication",
            # The generator sends the spec's default; it is the service's own default.
            "enable_acceleration": False,
        }
    }


def test_response_model_parses_the_page_sample() -> None:
    parsed = ReplicateResponse.from_dict(SAMPLE_RESPONSE)
    assert parsed.replication.source_region == "cn-north-1"
    assert parsed.replication.provider_id == ProviderId.FC4D5750_22E7_4798_8A46_F48F62C4C1DA
    assert parsed.to_dict() == SAMPLE_RESPONSE


def test_one_error_model_serves_every_error_status() -> None:
    error = ServiceError.from_dict(
        {"error_code": "CSBS.3001", "error_msg": "not found", "request_id": "abc"}
    )
    assert (error.error_code, error.request_id) == ("CSBS.3001", "abc")
    assert ServiceError.from_dict({"error_code": "X", "error_msg": "y"}).request_id is UNSET


def test_clients_construct_and_build_the_documented_request() -> None:
    client = AuthenticatedClient(
        base_url="https://csbs.cn-north-1.myhuaweicloud.com",
        token="t",
        auth_header_name="X-Auth-Token",
        prefix="",
    )
    assert client.get_httpx_client().headers["X-Auth-Token"] == "t"
    kwargs = replicate_backup._get_kwargs(
        "4800fde966f84458b8054c01066b9568",
        ProviderId.FC4D5750_22E7_4798_8A46_F48F62C4C1DA,
        UUID("c4dfa74c-7e60-4361-86b9-9a3250115ed6"),
        body=ReplicateRequest(
            replication=ReplicationParam(destination_region="cn-east-2", destination_project_id="p")
        ),
    )
    assert kwargs["method"] == "post"
    assert kwargs["url"] == (
        "/v1/4800fde966f84458b8054c01066b9568/providers/fc4d5750-22e7-4798-8a46-f48f62c4c1da"
        "/checkpoint_items/c4dfa74c-7e60-4361-86b9-9a3250115ed6/replicate"
    )
    assert Client(base_url="http://127.0.0.1:1").get_httpx_client() is not None
