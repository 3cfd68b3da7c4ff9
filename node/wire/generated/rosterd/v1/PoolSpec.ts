// Original file: proto/roster.proto


/**
 * One pool of a facility's bulkhead table. Counts are people per block.
 * capacity:     the most people the pool holds in one block, borrowed seats included;
 * reserved:     the pool's own seats (<= capacity); no other pool can ever use them;
 * borrow_limit: the most seats of the flex pool this pool may use at once;
 * flex:         this is the facility's flex pool (at most one; borrow_limit 0). Its
 * capacity is shared by people assigned to it and seats lent to other
 * pools; its reserved seats are never lent.
 * An assignment is refused unless, in that block and facility: every pool holds at most
 * its capacity; each regular pool borrows max(0, assigned - reserved) <= borrow_limit
 * flex seats; the flex pool's own people plus the seats it lends fit its capacity; and it
 * lends at most capacity - reserved. Defaults: ICU 6/5/1, Clinic 8/7/1, Procedures 4/3/1
 * (capacity/reserved/borrow_limit) and Flex 2 (0 reserved), the flex pool.
 */
export interface PoolSpec {
  'name'?: (string);
  'capacity'?: (number);
  'reserved'?: (number);
  'borrowLimit'?: (number);
  'flex'?: (boolean);
}

/**
 * One pool of a facility's bulkhead table. Counts are people per block.
 * capacity:     the most people the pool holds in one block, borrowed seats included;
 * reserved:     the pool's own seats (<= capacity); no other pool can ever use them;
 * borrow_limit: the most seats of the flex pool this pool may use at once;
 * flex:         this is the facility's flex pool (at most one; borrow_limit 0). Its
 * capacity is shared by people assigned to it and seats lent to other
 * pools; its reserved seats are never lent.
 * An assignment is refused unless, in that block and facility: every pool holds at most
 * its capacity; each regular pool borrows max(0, assigned - reserved) <= borrow_limit
 * flex seats; the flex pool's own people plus the seats it lends fit its capacity; and it
 * lends at most capacity - reserved. Defaults: ICU 6/5/1, Clinic 8/7/1, Procedures 4/3/1
 * (capacity/reserved/borrow_limit) and Flex 2 (0 reserved), the flex pool.
 */
export interface PoolSpec__Output {
  'name': (string);
  'capacity': (number);
  'reserved': (number);
  'borrowLimit': (number);
  'flex': (boolean);
}
