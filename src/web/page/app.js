// @ts-check
// The rxchat page: one WebSocket, one line per message each way. Every line
// from the server is shown as text (textContent), never as HTML.
'use strict';

/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const transcript = byId('transcript');
const statusLine = byId('status');
const input = /** @type {HTMLInputElement} */ (byId('input'));
const members = byId('members');
const rooms = byId('rooms');
const membersTitle = byId('members-title');

const MAX_LINES = 2000;
const MAX_BACKOFF_MS = 10000;

/** The six line forms, told apart by how they start (the protocol guarantees it). */
const FORMS = /** @type {const} */ ([
  ['notice', /^\*\*\* /],
  ['reply', /^--- /],
  ['error', /^!!! /],
  ['action', /^\* \[/],
  ['private', /^\[[^\]]*\][^\s:]* -> /],
  ['chat-line', /^\[[^\]]*\][^\s:]*: /],
]);
/** Replies the page asked for itself, to fill the side panels (English and Chinese headers). */
const WHO_HEADER = [/^--- (\d+) users in (#\S+):$/, /^--- 用户在线列表为（(#\S+)，(\d+) 人）:$/];
const ROOMS_HEADER = [/^--- (\d+) rooms:$/, /^--- 共 (\d+) 个房间：$/];
/** Notices and replies after which the panels are out of date. */
const CHANGES = /^(\*\*\* .*(joined|left|timed out|was kicked|was banned|disconnected|is now known as)|--- Now in #)/;

/** @type {WebSocket | undefined} */
let socket;
/**
 * Set when the server said goodbye on purpose (`--- Bye!`, an idle kick, a
 * kick or ban: the last line was `--- Bye!` or an error): then the page
 * waits for the person instead of coming straight back.
 */
let dismissed = false;
let backoff = 500;
let askedWho = 0;
let askedRooms = 0;
/** @type {{ kind: 'who' | 'rooms', left: number, lines: string[], room: string } | undefined} */
let capture;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let refreshTimer;
/** @type {string[]} */
const sent = [];
let sentAt = 0;

/** @param {string} text @param {boolean} [down] */
const setStatus = (text, down = false) => {
  statusLine.textContent = text;
  statusLine.classList.toggle('down', down);
};

/** @param {string} line @param {string} [kind] */
const show = (line, kind) => {
  const form = kind ?? (FORMS.find(([, re]) => re.test(line)) ?? ['chat-line'])[0];
  const row = document.createElement('p');
  row.className = `line ${form}`;
  const tag = /^(\* )?(\[[^\]]*\][^\s:]*)/.exec(line);
  if (tag !== null && (form === 'chat-line' || form === 'private' || form === 'action')) {
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = tag[0];
    row.append(who, document.createTextNode(line.slice(tag[0].length)));
  } else {
    row.textContent = line;
  }
  const atBottom = transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 40;
  transcript.append(row);
  while (transcript.childElementCount > MAX_LINES) transcript.firstElementChild?.remove();
  if (atBottom) transcript.scrollTop = transcript.scrollHeight;
};

/** @param {string} text */
const send = (text) => {
  if (socket?.readyState === WebSocket.OPEN) socket.send(text);
};

const refresh = () => {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    askedWho++;
    askedRooms++;
    send('/who');
    send('/rooms');
  }, 100);
};

/** @param {HTMLElement} list @param {HTMLElement[]} items */
const fill = (list, items) => list.replaceChildren(...items);

/** @param {NonNullable<typeof capture>} done */
const showPanel = (done) => {
  if (done.kind === 'who') {
    membersTitle.textContent = `Members of ${done.room}`;
    fill(
      members,
      done.lines.map((line) => {
        const item = document.createElement('li');
        item.textContent = line.replace(/^--- /, '');
        if (/ \((you|你)\)$/.test(line)) item.className = 'you';
        return item;
      }),
    );
    return;
  }
  fill(
    rooms,
    done.lines.map((line) => {
      const entry = line.replace(/^--- /, '');
      const name = entry.split(' ')[0] ?? '';
      const item = document.createElement('li');
      if (/ \((here|你在这里)\)$/.test(entry)) item.className = 'here';
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = entry;
      button.addEventListener('click', () => send(`/join ${name}`));
      item.append(button);
      return item;
    }),
  );
};

/** @param {string} line */
const receive = (line) => {
  if (capture !== undefined) {
    capture.lines.push(line);
    if (--capture.left === 0) {
      showPanel(capture);
      capture = undefined;
    }
    return;
  }
  if (askedWho > 0) {
    const m = WHO_HEADER.map((re) => re.exec(line)).find((x) => x !== null);
    if (m) {
      askedWho--;
      const [count, room] = /^\d+$/.test(m[1] ?? '') ? [Number(m[1]), m[2] ?? ''] : [Number(m[2]), m[1] ?? ''];
      capture = { kind: 'who', left: count, lines: [], room };
      if (count === 0) {
        showPanel(capture);
        capture = undefined;
      }
      return;
    }
  }
  if (askedRooms > 0) {
    const m = ROOMS_HEADER.map((re) => re.exec(line)).find((x) => x !== null);
    if (m) {
      askedRooms--;
      capture = { kind: 'rooms', left: Number(m[1]), lines: [], room: '' };
      if (capture.left === 0) {
        showPanel(capture);
        capture = undefined;
      }
      return;
    }
  }
  show(line);
  dismissed = line === '--- Bye!' || line.startsWith('!!! ');
  if (CHANGES.test(line)) refresh();
};

const connect = () => {
  const url = new URL('/ws', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  setStatus('Connecting…');
  const ws = new WebSocket(url);
  socket = ws;
  ws.addEventListener('open', () => {
    backoff = 500;
    dismissed = false;
    askedWho = 0;
    askedRooms = 0;
    capture = undefined;
    setStatus(`Connected to ${location.host}`);
    refresh();
  });
  ws.addEventListener('message', (event) => receive(String(event.data)));
  ws.addEventListener('close', () => {
    if (socket !== ws) return;
    if (dismissed) {
      setStatus('Disconnected. Press Enter to join again.', true);
      show('Disconnected. Press Enter to join again.', 'local');
      return;
    }
    const seconds = backoff / 1000;
    setStatus(`Disconnected from the server; reconnecting in ${seconds} s…`, true);
    show(`Disconnected; reconnecting in ${seconds} s…`, 'local');
    setTimeout(connect, backoff);
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  });
};

byId('send').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = input.value;
  if (socket?.readyState === WebSocket.CLOSED && dismissed) {
    dismissed = false;
    connect();
    return;
  }
  if (text === '' || socket?.readyState !== WebSocket.OPEN) return;
  send(text);
  if (sent.at(-1) !== text) sent.push(text);
  if (sent.length > 100) sent.shift();
  sentAt = sent.length;
  input.value = '';
});

input.addEventListener('keydown', (event) => {
  if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
  event.preventDefault();
  sentAt = Math.max(0, Math.min(sent.length, sentAt + (event.key === 'ArrowUp' ? -1 : 1)));
  input.value = sent[sentAt] ?? '';
});

connect();
