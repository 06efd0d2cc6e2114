/** A client of the room, as every event and effect names it. */
export type ClientId = number;

/**
 * Ids are unique across a cluster: node N numbers its clients from
 * N × NODE_SPAN + 1 (a single process is node 0), so every node can tell
 * whose client an id is.
 */
export const NODE_SPAN = 1_000_000_000;
export const nodeOf = (id: ClientId): number => Math.floor(id / NODE_SPAN);

/** The ids a node gives its clients, in order: node × NODE_SPAN + 1, + 2, … */
export const idsOf = (node: number): (() => ClientId) => {
  let next = node * NODE_SPAN + 1;
  return () => next++;
};
