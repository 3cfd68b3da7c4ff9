// Original file: proto/admin.proto


export interface AddMemberRequest {
  /**
   * A node (facility) id: 1..64 characters from [A-Za-z0-9._-], starting with a letter
   * or digit (a schedule id without ':'; NODE_ID_PATTERN in node/schedule/validate.ts).
   */
  'id'?: (string);
  'address'?: (string);
  /**
   * The new member's facility public key, "ed25519:<base64>" (optional): registered in
   * the replicated keyring with the membership change. Without it the member registers
   * its own key when it starts (trust on first use).
   */
  'key'?: (string);
}

export interface AddMemberRequest__Output {
  /**
   * A node (facility) id: 1..64 characters from [A-Za-z0-9._-], starting with a letter
   * or digit (a schedule id without ':'; NODE_ID_PATTERN in node/schedule/validate.ts).
   */
  'id': (string);
  'address': (string);
  /**
   * The new member's facility public key, "ed25519:<base64>" (optional): registered in
   * the replicated keyring with the membership change. Without it the member registers
   * its own key when it starts (trust on first use).
   */
  'key': (string);
}
