// Original file: proto/admin.proto

import type { Long } from '@grpc/proto-loader';

/**
 * How a node sees its link to one peer.
 */
export interface PeerLink {
  'peer'?: (string);
  'address'?: (string);
  /**
   * The peer's frames arrive (within an election timeout).
   */
  'inbound'?: (boolean);
  /**
   * The peer hears this node (its probes say so).
   */
  'outbound'?: (boolean);
  /**
   * Milliseconds since anything arrived from the peer; -1 if never.
   */
  'lastHeardMsAgo'?: (number | string | Long);
  /**
   * The transport holds an open stream to the peer.
   */
  'connected'?: (boolean);
  /**
   * closed | open | halfOpen: the link's circuit breaker.
   */
  'breaker'?: (string);
}

/**
 * How a node sees its link to one peer.
 */
export interface PeerLink__Output {
  'peer': (string);
  'address': (string);
  /**
   * The peer's frames arrive (within an election timeout).
   */
  'inbound': (boolean);
  /**
   * The peer hears this node (its probes say so).
   */
  'outbound': (boolean);
  /**
   * Milliseconds since anything arrived from the peer; -1 if never.
   */
  'lastHeardMsAgo': (number);
  /**
   * The transport holds an open stream to the peer.
   */
  'connected': (boolean);
  /**
   * closed | open | halfOpen: the link's circuit breaker.
   */
  'breaker': (string);
}
