"""A client that joins and then never reads, with a 4 KiB receive buffer.

Node cannot set SO_RCVBUF on a TCP socket, and a paused Node socket lets the
kernel buffer megabytes; with 4 KiB the server's own backlog is what fills.

    python3 stuck-client.py PORT tcp|tls|ws [CA_FILE]

Connects to 127.0.0.1:PORT (TLS trusting CA_FILE for `localhost`, or a
WebSocket upgrade of /ws), reads until its own join notice, prints its
local `ip:port`, then reads nothing more until its standard input closes.
"""
import base64
import os
import socket
import ssl
import sys

port, mode = int(sys.argv[1]), sys.argv[2]
raw = socket.socket()
raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
raw.connect(('127.0.0.1', port))
addr = '%s:%d' % raw.getsockname()
conn = raw
if mode == 'tls':
    context = ssl.create_default_context(cafile=sys.argv[3])
    conn = context.wrap_socket(raw, server_hostname='localhost')
elif mode == 'ws':
    key = base64.b64encode(os.urandom(16)).decode()
    conn.sendall(('GET /ws HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
                  'Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n' % (port, key)).encode())
seen = b''
while b'joined' not in seen:
    chunk = conn.recv(4096)
    if not chunk:
        sys.exit('closed before joining: %r' % seen)
    seen += chunk
print(addr, flush=True)
sys.stdin.read()
