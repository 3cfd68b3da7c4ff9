import { readFileSync } from 'node:fs';

/** The systems the benchmark runs: rosterd (signed commands), without signatures, with mutual TLS, and etcd. */
export type SystemName = 'rosterd' | 'rosterd-unsigned' | 'rosterd-tls' | 'etcd';

/** A system under benchmark: a three-member cluster on loopback and a client for it. */
export interface BenchSystem {
  readonly name: SystemName;
  /** A committed write of about the configured size, with a unique key. */
  write(key: string): Promise<void>;
  /** A linearizable read of one key. */
  read(key: string): Promise<void>;
  /** Server process ids, for CPU and RSS accounting. */
  pids(): number[];
  version(): string;
  stop(): Promise<void>;
}

/** CPU seconds (user + system) a process has used so far, from /proc (USER_HZ = 100). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Resident set size of a process in bytes, from /proc. */
export function rssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
