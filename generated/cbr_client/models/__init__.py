"""Contains all the data models used in inputs/outputs"""

from .backup_child import BackupChild
from .backup_child_children_item import BackupChildChildrenItem
from .backup_extend_info import BackupExtendInfo
from .backup_replicate_req import BackupReplicateReq
from .backup_replicate_req_body import BackupReplicateReqBody
from .backup_replicate_resp import BackupReplicateResp
from .backup_replicate_resp_body import BackupReplicateRespBody
from .backup_resp import BackupResp
from .backup_status import BackupStatus
from .billing import Billing
from .bind_rules_tags import BindRulesTags
from .charging_mode import ChargingMode
from .cloud_type import CloudType
from .consistent_level import ConsistentLevel
from .image_data import ImageData
from .image_type import ImageType
from .list_backups_response import ListBackupsResponse
from .list_op_logs_response import ListOpLogsResponse
from .list_vault_response import ListVaultResponse
from .member_status import MemberStatus
from .object_type import ObjectType
from .op_error_info import OpErrorInfo
from .op_extend_info_bckup import OpExtendInfoBckup
from .op_extend_info_common import OpExtendInfoCommon
from .op_extend_info_delete import OpExtendInfoDelete
from .op_extend_info_remove_resources import OpExtendInfoRemoveResources
from .op_extend_info_replication import OpExtendInfoReplication
from .op_extend_info_restore import OpExtendInfoRestore
from .op_extend_info_sync import OpExtendInfoSync
from .op_extend_info_update_expiration_time import OpExtendInfoUpdateExpirationTime
from .op_extend_info_vault_delete import OpExtendInfoVaultDelete
from .op_extra_info import OpExtraInfo
from .operation_log import OperationLog
from .operation_status import OperationStatus
from .operation_type import OperationType
from .own_type import OwnType
from .protect_status import ProtectStatus
from .protect_type import ProtectType
from .provider_id import ProviderId
from .replication_capabilities import ReplicationCapabilities
from .replication_capabilities_region import ReplicationCapabilitiesRegion
from .replication_record_get import ReplicationRecordGet
from .replication_records_extra_info import ReplicationRecordsExtraInfo
from .replication_status import ReplicationStatus
from .resource import Resource
from .resource_extra_info import ResourceExtraInfo
from .resource_extra_info_include_volumes import ResourceExtraInfoIncludeVolumes
from .resource_resp import ResourceResp
from .resource_type import ResourceType
from .restore_mode import RestoreMode
from .service_error import ServiceError
from .show_backup_response import ShowBackupResponse
from .show_op_log_response import ShowOpLogResponse
from .show_vault_response import ShowVaultResponse
from .spec_code import SpecCode
from .tag import Tag
from .vault import Vault
from .vault_bind_rules import VaultBindRules
from .vault_status import VaultStatus

__all__ = (
    "BackupChild",
    "BackupChildChildrenItem",
    "BackupExtendInfo",
    "BackupReplicateReq",
    "BackupReplicateReqBody",
    "BackupReplicateResp",
    "BackupReplicateRespBody",
    "BackupResp",
    "BackupStatus",
    "Billing",
    "BindRulesTags",
    "ChargingMode",
    "CloudType",
    "ConsistentLevel",
    "ImageData",
    "ImageType",
    "ListBackupsResponse",
    "ListOpLogsResponse",
    "ListVaultResponse",
    "MemberStatus",
    "ObjectType",
    "OperationLog",
    "OperationStatus",
    "OperationType",
    "OpErrorInfo",
    "OpExtendInfoBckup",
    "OpExtendInfoCommon",
    "OpExtendInfoDelete",
    "OpExtendInfoRemoveResources",
    "OpExtendInfoReplication",
    "OpExtendInfoRestore",
    "OpExtendInfoSync",
    "OpExtendInfoUpdateExpirationTime",
    "OpExtendInfoVaultDelete",
    "OpExtraInfo",
    "OwnType",
    "ProtectStatus",
    "ProtectType",
    "ProviderId",
    "ReplicationCapabilities",
    "ReplicationCapabilitiesRegion",
    "ReplicationRecordGet",
    "ReplicationRecordsExtraInfo",
    "ReplicationStatus",
    "Resource",
    "ResourceExtraInfo",
    "ResourceExtraInfoIncludeVolumes",
    "ResourceResp",
    "ResourceType",
    "RestoreMode",
    "ServiceError",
    "ShowBackupResponse",
    "ShowOpLogResponse",
    "ShowVaultResponse",
    "SpecCode",
    "Tag",
    "Vault",
    "VaultBindRules",
    "VaultStatus",
)
