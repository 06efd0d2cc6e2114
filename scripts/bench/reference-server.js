// The practical ceiling for fan-out on Node: a chat room written directly on
// node:net, no RxJS, no parsing beyond LF, with each client's output gathered
// and written once per event-loop turn and each broadcast encoded once.
// Same wire behaviour as rxchat for what the bench uses: welcome, joined,
// and chat lines as `[addr]addr: TEXT`.
'use strict';
const net = require('node:net');

const port = Number(process.argv[2] || 0);
const clients = new Set();
const dirty = new Set();
let scheduled = false;

const flush = () => {
  scheduled = false;
  for (const c of dirty) {
    const out = c.pending.length === 1 ? c.pending[0] : Buffer.concat(c.pending);
    c.pending = [];
    if (!c.socket.destroyed) c.socket.write(out);
  }
  dirty.clear();
};

const queue = (c, buf) => {
  c.pending.push(buf);
  dirty.add(c);
  if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
};

const broadcast = (text) => {
  const buf = Buffer.from(text + '\n');
  for (const c of clients) queue(c, buf);
};

const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  const addr = `${socket.remoteAddress}:${socket.remotePort}`;
  const tag = `[${addr}]${addr}`;
  const c = { socket, pending: [] };
  clients.add(c);
  queue(c, Buffer.from(`--- Welcome, ${tag}! ${clients.size} users online. Type /help for commands.\n`));
  broadcast(`*** ${tag} joined`);
  let partial = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop();
    for (const line of lines) broadcast(`${tag}: ${line.trim()}`);
  });
  socket.on('error', () => {});
  socket.on('close', () => {
    clients.delete(c);
    dirty.delete(c);
    broadcast(`*** ${tag} left`);
  });
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`listening on 127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
