// Original file: proto/admin.proto


export interface SnapshotRequest {
}

export interface SnapshotRequest__Output {
}
