"""Contains all the data models used in inputs/outputs"""

from .backup import Backup
from .backup_status import BackupStatus
from .copy_status import CopyStatus
from .extend_info import ExtendInfo
from .fail_code import FailCode
from .link import Link
from .link_rel import LinkRel
from .list_backups_response import ListBackupsResponse
from .provider_id import ProviderId
from .region_capability import RegionCapability
from .replicate_request import ReplicateRequest
from .replicate_response import ReplicateResponse
from .replication_capabilities import ReplicationCapabilities
from .replication_param import ReplicationParam
from .replication_record import ReplicationRecord
from .replication_record_extra_info import ReplicationRecordExtraInfo
from .replication_record_status import ReplicationRecordStatus
from .replication_resp import ReplicationResp
from .resource_type import ResourceType
from .service_error import ServiceError
from .show_backup_response import ShowBackupResponse
from .tag import Tag

__all__ = (
    "Backup",
    "BackupStatus",
    "CopyStatus",
    "ExtendInfo",
    "FailCode",
    "Link",
    "LinkRel",
    "ListBackupsResponse",
    "ProviderId",
    "RegionCapability",
    "ReplicateRequest",
    "ReplicateResponse",
    "ReplicationCapabilities",
    "ReplicationParam",
    "ReplicationRecord",
    "ReplicationRecordExtraInfo",
    "ReplicationRecordStatus",
    "ReplicationResp",
    "ResourceType",
    "ServiceError",
    "ShowBackupResponse",
    "Tag",
)
