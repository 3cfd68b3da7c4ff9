// Original file: proto/admin.proto


export interface AddMemberRequest {
  /**
   * A node (facility) id: 1..64 characters from [A-Za-z0-9._-], starting with a letter
   * or digit (a schedule id without ':'; NODE_ID_PATTERN in node/schedule/validate.ts).
   */
  'id'?: (string);
  'address'?: (string);
}

export interface AddMemberRequest__Output {
  /**
   * A node (facility) id: 1..64 characters from [A-Za-z0-9._-], starting with a letter
   * or digit (a schedule id without ':'; NODE_ID_PATTERN in node/schedule/validate.ts).
   */
  'id': (string);
  'address': (string);
}
