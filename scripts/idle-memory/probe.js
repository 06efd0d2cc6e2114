// Preloaded into a server (node --expose-gc -r probe.js SERVER) by
// scripts/idle-memory.ts. On the IPC message 'measure' it collects garbage
// fully and replies with the process's memory, so what is measured is what is
// live, not what the last burst left for the collector.
'use strict';
const v8 = require('node:v8');

if (process.send !== undefined) {
  process.on('message', (message) => {
    if (message !== 'measure') return;
    const rssBefore = process.memoryUsage.rss();
    global.gc();
    global.gc();
    const spaces = {};
    for (const s of v8.getHeapSpaceStatistics()) spaces[s.space_name] = { used: s.space_used_size, held: s.physical_space_size };
    process.send({ rssBefore, memory: process.memoryUsage(), spaces });
  });
  // The IPC channel must not keep the server alive on its own.
  process.channel.unref();
}
