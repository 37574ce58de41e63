"""peeringSyncLevel from the two staleness flags of a peering.

*Local stale*: this peering has not peered the remote VNet's current space (it needs a
sync). *Remote stale*: the reverse peering has not peered this VNet's current space (the
other side needs a sync). The names follow the concept page: after vnet1's space
changes, vnet2's peering is LocalNotInSync and vnet1's is RemoteNotInSync.
"""

from __future__ import annotations

FULLY_IN_SYNC = "FullyInSync"
LOCAL_NOT_IN_SYNC = "LocalNotInSync"
REMOTE_NOT_IN_SYNC = "RemoteNotInSync"
LOCAL_AND_REMOTE_NOT_IN_SYNC = "LocalAndRemoteNotInSync"

SYNC_LEVELS = (FULLY_IN_SYNC, LOCAL_NOT_IN_SYNC, REMOTE_NOT_IN_SYNC, LOCAL_AND_REMOTE_NOT_IN_SYNC)


def sync_level(local_stale: bool, remote_stale: bool) -> str:
    if local_stale and remote_stale:
        return LOCAL_AND_REMOTE_NOT_IN_SYNC
    if local_stale:
        return LOCAL_NOT_IN_SYNC
    if remote_stale:
        return REMOTE_NOT_IN_SYNC
    return FULLY_IN_SYNC
