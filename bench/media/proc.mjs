// What /proc says about a process's CPU, read the same way by load.mjs (the media node) and floor.mjs (the relays), and
// about UDP datagrams the kernel dropped.
import fs from 'node:fs';

/** User and system clock ticks of the whole process (utime and stime: fields 14 and 15 of /proc/<pid>/stat). */
export function processTicks(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {user: Number(fields[11]), system: Number(fields[12])};
}

/**
 * The kernel's UDP counters of this network namespace (/proc/net/snmp), by name: RcvbufErrors counts datagrams dropped
 * because a receiving socket's buffer was full, SndbufErrors sends refused for a full send buffer. Machine-wide, so
 * other programs' traffic counts too.
 */
export function udpCounters() {
  const lines = fs.readFileSync('/proc/net/snmp', 'utf8').split('\n').filter((l) => l.startsWith('Udp: '));
  const [names, values] = lines.map((l) => l.slice(5).trim().split(/\s+/));
  return Object.fromEntries(names.map((name, i) => [name, Number(values[i])]));
}

/**
 * Run time in nanoseconds of each live thread (/proc/<pid>/task/<tid>/schedstat, first field), by thread id, with the
 * thread's name (trailing digits folded). Clock ticks (utime/stime) are 10 ms, too coarse for a window in which a
 * process runs a few hundred milliseconds.
 */
export function threadRunTimes(pid) {
  const threads = new Map();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = fs
        .readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8')
        .trim()
        .replace(/[0-9]+$/, '#');
      const nanos = Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      threads.set(tid, {name, nanos});
    } catch (e) {
      // the thread ended
    }
  }
  return threads;
}
