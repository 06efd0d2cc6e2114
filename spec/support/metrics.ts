import { get } from 'node:http';
import { expect } from 'vitest';
import { ChatServer } from '../../src/chat-server';

/** A GET on a loopback port: status, content type, body. */
export const fetchText = (port: number, path: string): Promise<{ status: number; type: string; body: string }> =>
  new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    }).on('error', reject);
  });

/** Every sample of the server's /metrics exposition (--metrics-port), `name{labels}` → value. */
export const scrape = async (server: ChatServer): Promise<Map<string, number>> => {
  const { status, body } = await fetchText(server.metricsPort!, '/metrics');
  expect(status).toBe(200);
  const samples = new Map<string, number>();
  for (const line of body.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
};
