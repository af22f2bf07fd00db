// What a process has used, as the kernel records it (Linux /proc; elsewhere the figures are unknown):
// - VmHWM in /proc/<pid>/status is the high-water mark of the resident set over the process's whole life (all
//   its threads), so one read before the process exits gives the peak without sampling gaps;
// - utime + stime in /proc/<pid>/stat is the CPU time of all its threads. On a machine shared with other work,
//   CPU seconds per molecule move far less with the load than wall-clock rates do.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/** VmHWM of `pid` in bytes, or undefined when /proc is not there (the process has exited, or not Linux). */
export function peakRssBytes(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return kb ? Number(kb[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

let ticksPerSecond: number | undefined;

/**
 * CPU seconds (user + system, all threads) used so far by `pid`, or undefined when unreadable; with
 * `reapedChildren`, plus those of its children that have exited and been waited for (cutime + cstime).
 */
export function cpuSeconds(pid: number | undefined, reapedChildren = false): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), from field 3 (state): utime is field 14, stime 15,
    // cutime 16, cstime 17.
    const fields = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    const ticks = fields[11] + fields[12] + (reapedChildren ? fields[13] + fields[14] : 0);
    return ticks / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds used so far by every process whose command name is `name`, including their exited children: for
 * PostgreSQL, the live backends plus those that ended (counted in the postmaster's cutime).
 */
export function cpuSecondsOfCommand(name: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== name) continue;
    } catch {
      continue; // exited meanwhile
    }
    total += cpuSeconds(Number(entry), true) ?? 0;
  }
  return total;
}
