// What /proc says about a process's CPU, read the same way by load.mjs (the media node) and floor.mjs (the relays).
import fs from 'node:fs';

/** User and system clock ticks of the whole process (utime and stime: fields 14 and 15 of /proc/<pid>/stat). */
export function processTicks(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {user: Number(fields[11]), system: Number(fields[12])};
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
