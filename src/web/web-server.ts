import { readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { Observable, Subject } from 'rxjs';
import { WebSocketServer } from 'ws';
import { WebSocketStream } from './ws-socket';

/** A browser's WebSocket, accepted: the stream a Connection reads, and where it comes from. */
export interface WebClient {
  readonly socket: WebSocketStream;
  readonly ip: string;
  readonly port: number;
}

export interface WebOptions {
  /** Origins besides the page's own that may open a WebSocket (`--web-origin`). */
  readonly origins: readonly string[];
  /** The largest message read at all; a larger frame closes the socket before it is buffered. */
  readonly maxPayload: number;
}

/**
 * The largest WebSocket message read at all. Room for a few maximum lines,
 * so a message just over --max-line gets the usual error and stays
 * connected, while a huge frame is refused (close 1009) before it is buffered.
 */
export const webMaxPayload = (maxLine: number): number => Math.max(16 * 1024, 4 * maxLine);

/** The page's files, found from here whether this runs from src/ (ts-node) or dist/ (node). */
const PAGE_DIR = join(__dirname, '..', '..', 'src', 'web', 'page');
const PAGE: Readonly<Record<string, readonly [file: string, type: string]>> = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/app.js': ['app.js', 'text/javascript; charset=utf-8'],
  '/app.css': ['app.css', 'text/css; charset=utf-8'],
};

/** Nothing but this server's own files and WebSocket: no inline script, no other host. */
const HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

const loadPage = (): Map<string, { body: Buffer; type: string }> =>
  new Map(Object.entries(PAGE).map(([path, [file, type]]) => [path, { body: readFileSync(join(PAGE_DIR, file)), type }]));

const refuse = (socket: Socket, status: number, reason: string): void => {
  socket.on('error', () => undefined);
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
};

/**
 * `--web-port`: the chat page at `GET /` and a WebSocket at `/ws` on one
 * HTTP server. An upgrade from a foreign Origin (not the page's own, not
 * named by `--web-origin`) is refused with 403 before any WebSocket exists.
 */
export interface WebServer {
  readonly server: Server;
  readonly clients$: Observable<WebClient>;
  /** Stops listening and drops idle HTTP connections; the chat's own close their WebSockets first. */
  readonly close: () => Promise<void>;
}

export const webServer = (options: WebOptions): WebServer => {
  const page = loadPage();
  const clients$ = new Subject<WebClient>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload, perMessageDeflate: false });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const file = req.method === 'GET' || req.method === 'HEAD' ? page.get(new URL(req.url ?? '/', 'http://x').pathname) : undefined;
    if (file === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...HEADERS }).end('not found\n');
      return;
    }
    res.writeHead(200, { 'content-type': file.type, 'content-length': file.body.length, ...HEADERS });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/ws') return refuse(socket, 404, 'Not Found');
    const origin = req.headers.origin;
    const own = `http://${req.headers.host ?? ''}`;
    if (origin !== undefined && origin !== own && !options.origins.includes(origin)) return refuse(socket, 403, 'Forbidden');
    const ip = socket.remoteAddress;
    const port = socket.remotePort;
    if (ip === undefined || port === undefined) return refuse(socket, 400, 'Bad Request');
    wss.handleUpgrade(req, socket, head, (ws) => clients$.next({ socket: new WebSocketStream(ws, socket, ip), ip, port }));
  });
  server.on('clientError', (_err, socket: Socket) => refuse(socket, 400, 'Bad Request'));
  server.on('close', () => clients$.complete());
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
      wss.close();
    });
  return { server, clients$: clients$.asObservable(), close };
};
