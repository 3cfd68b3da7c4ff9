// Original file: proto/ledger.proto


export interface GetHeadRequest {
}

export interface GetHeadRequest__Output {
}
