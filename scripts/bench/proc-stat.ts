import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Linux's clock ticks per second, the unit of /proc's CPU times. */
const TICKS_PER_S = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

const ticksToMs = (ticks: number): number => (ticks * 1000) / TICKS_PER_S;

/** CPU time (user + system) a process has used so far, in ms, from Linux's /proc. */
export const cpuMs = (pid: number | undefined): number => {
  if (pid === undefined) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ticksToMs(Number(fields[11]) + Number(fields[12]));
  } catch {
    return NaN;
  }
};

/**
 * Write system calls a process has made so far (write and writev alike),
 * from Linux's /proc: a server's writes to its clients, and the few to Redis
 * and its log.
 */
export const writeCalls = (pid: number | undefined): number => {
  if (pid === undefined) return NaN;
  try {
    const match = /^syscw:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
    return match ? Number(match[1]) : NaN;
  } catch {
    return NaN;
  }
};

/**
 * CPU time the hypervisor has taken from this machine's cores so far
 * (steal, summed over the cores), in ms: on a shared virtual machine, the
 * time a bench's processes were ready to run and could not.
 */
export const stolenMs = (): number => {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/);
    return ticksToMs(Number(cpu[8]));
  } catch {
    return NaN;
  }
};
