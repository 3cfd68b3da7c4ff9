// Original file: proto/admin.proto


export interface MemberRequest {
  'id'?: (string);
}

export interface MemberRequest__Output {
  'id': (string);
}
