// Original file: proto/roster.proto


/**
 * A pool below its reserve before any loss.
 */
export interface PoolShortfall {
  'facility'?: (string);
  'pool'?: (string);
  'reserved'?: (number);
  'held'?: (number);
}

/**
 * A pool below its reserve before any loss.
 */
export interface PoolShortfall__Output {
  'facility': (string);
  'pool': (string);
  'reserved': (number);
  'held': (number);
}
