// Original file: proto/roster.proto


/**
 * A rotation block: an inclusive date range, ISO dates (YYYY-MM-DD).
 */
export interface Block {
  'id'?: (string);
  'start'?: (string);
  'end'?: (string);
}

/**
 * A rotation block: an inclusive date range, ISO dates (YYYY-MM-DD).
 */
export interface Block__Output {
  'id': (string);
  'start': (string);
  'end': (string);
}
