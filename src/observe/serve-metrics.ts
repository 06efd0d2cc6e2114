import { Tally } from './tally';
import { MetricsServer, startMetricsServer } from './metrics-server';

/** What the metrics read from the room when scraped. */
export interface RoomCounts {
  readonly members: number;
  readonly rooms: number;
  readonly bans: number;
}

/**
 * `--metrics-port`, or nothing without it: /metrics and /healthz over HTTP.
 * prom-client is loaded only for a server that serves metrics.
 */
export const serveMetrics = async (
  { metricsHost, metricsPort }: { readonly metricsHost: string; readonly metricsPort: number | undefined },
  tally: Tally,
  counts: () => RoomCounts,
): Promise<MetricsServer | undefined> => {
  if (metricsPort === undefined) return undefined;
  const { chatMetrics } = await import('./metrics');
  return startMetricsServer(chatMetrics({ tally, counts }), metricsHost, metricsPort);
};
