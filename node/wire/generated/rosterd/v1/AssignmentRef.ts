// Original file: proto/roster.proto


/**
 * An assignment named by person and block.
 */
export interface AssignmentRef {
  'person'?: (string);
  'block'?: (string);
}

/**
 * An assignment named by person and block.
 */
export interface AssignmentRef__Output {
  'person': (string);
  'block': (string);
}
