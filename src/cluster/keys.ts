/** The Redis keys of one cluster, all under `rxchat:{NAME}:`. */
export const clusterKeys = (name: string) => {
  const prefix = `rxchat:{${name}}`;
  return {
    /** The log: a Stream every node appends its clients' events to and reads whole. */
    log: `${prefix}:log`,
    /** The state as of a log entry, for a node that starts late. */
    snapshot: `${prefix}:snapshot`,
    /** The counter that numbers nodes as they join. */
    nodeSeq: `${prefix}:node-seq`,
    /** Exists while node N is alive (refreshed with a time to live). */
    alive: (node: number) => `${prefix}:alive:${node}`,
  };
};
export type ClusterKeys = ReturnType<typeof clusterKeys>;
