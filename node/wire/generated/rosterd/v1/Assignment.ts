// Original file: proto/roster.proto


export interface Assignment {
  'person'?: (string);
  'facility'?: (string);
  'pool'?: (string);
  'block'?: (string);
}

export interface Assignment__Output {
  'person': (string);
  'facility': (string);
  'pool': (string);
  'block': (string);
}
