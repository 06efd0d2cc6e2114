/**
 * Every bench client's reads, TCP and WebSocket alike, land in this one
 * buffer (net's `onread`) and are parsed before the next read: no chunk is
 * allocated and no stream event emitted per read. The load generator
 * shares the cores with what it measures, so what it spends per read is
 * taken from the server; and both transports' clients must cost the same,
 * or mixed-100 would compare two clients rather than two gateways.
 */
export const SHARED_READ_BUFFER = Buffer.allocUnsafe(256 * 1024);
