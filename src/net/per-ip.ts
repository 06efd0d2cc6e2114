import { AddressList, Ip, listContains } from './cidr';

/**
 * Open connections per IP address, for `--max-per-ip`. Exempt addresses and
 * a limit of 0 count nothing. An address leaves the table when its last
 * connection closes, so the table holds only addresses with someone online.
 */
export class PerIpCount {
  private readonly open = new Map<Ip, number>();

  constructor(
    readonly max: number,
    private readonly exempt: AddressList,
  ) {}

  /** Whether a connection from `ip` is counted at all. */
  counts(ip: Ip): boolean {
    return this.max > 0 && !listContains(this.exempt, ip);
  }

  /** Whether one more connection from `ip` would pass the limit. */
  full(ip: Ip): boolean {
    return this.counts(ip) && (this.open.get(ip) ?? 0) >= this.max;
  }

  /** An admitted connection from `ip` opened. */
  take(ip: Ip): void {
    if (this.counts(ip)) this.open.set(ip, (this.open.get(ip) ?? 0) + 1);
  }

  /** A connection from `ip` that was taken closed; anything else is ignored. */
  release(ip: Ip): void {
    const n = this.open.get(ip);
    if (n === undefined) return;
    if (n <= 1) this.open.delete(ip);
    else this.open.set(ip, n - 1);
  }

  countOf(ip: Ip): number {
    return this.open.get(ip) ?? 0;
  }

  /** Addresses with at least one counted connection. */
  get addresses(): number {
    return this.open.size;
  }
}
