"""Contains all the data models used in inputs/outputs"""

from .backup import Backup
from .backup_data import BackupData
from .backup_status import BackupStatus
from .copy_status import CopyStatus
from .count_backups_response import CountBackupsResponse
from .disk_backup_image_type import DiskBackupImageType
from .extend_info import ExtendInfo
from .fail_code import FailCode
from .image_data import ImageData
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
from .restore_mode import RestoreMode
from .server_image_type import ServerImageType
from .service_error import ServiceError
from .show_backup_response import ShowBackupResponse
from .tag import Tag
from .volume_backup import VolumeBackup

__all__ = (
    "Backup",
    "BackupData",
    "BackupStatus",
    "CopyStatus",
    "CountBackupsResponse",
    "DiskBackupImageType",
    "ExtendInfo",
    "FailCode",
    "ImageData",
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
    "RestoreMode",
    "ServerImageType",
    "ServiceError",
    "ShowBackupResponse",
    "Tag",
    "VolumeBackup",
)
