// Original file: proto/roster.proto


/**
 * The assignment of person in block passes to to_person and/or to another facility and
 * pool, atomically; empty fields keep their current value.
 */
export interface Move {
  'person'?: (string);
  'block'?: (string);
  'toPerson'?: (string);
  'toFacility'?: (string);
  'toPool'?: (string);
}

/**
 * The assignment of person in block passes to to_person and/or to another facility and
 * pool, atomically; empty fields keep their current value.
 */
export interface Move__Output {
  'person': (string);
  'block': (string);
  'toPerson': (string);
  'toFacility': (string);
  'toPool': (string);
}
