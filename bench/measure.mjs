/**
 * Running one benchmarked command: wall time around the child process, CPU (user+sys) and peak RSS
 * from GNU time (`/usr/bin/time -v`) when installed, else peak RSS from polling /proc/PID/status.
 * Shared by bench/run.mjs and bench/fleet.mjs.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';

/**
 * Run one command with stdout/stderr redirected to files; returns wall seconds, peak RSS (MiB,
 * undefined when unknown) and the exit code.
 */
export async function measure(tools, cmd, args, { stdout, stderr, env }) {
  const outFd = openSync(stdout, 'w');
  const errFd = openSync(stderr, 'w');
  const statsFile = `${stderr}.time`;
  const useTime = Boolean(tools.time);
  const [c, a] = useTime ? [tools.time, ['-v', '-o', statsFile, cmd, ...args]] : [cmd, args];
  const t0 = process.hrtime.bigint();
  const child = spawn(c, a, { stdio: ['ignore', outFd, errFd], env: env ?? process.env });
  let hwmKiB = 0;
  let poll;
  if (!useTime) {
    const read = () => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) hwmKiB = Math.max(hwmKiB, Number(m[1]));
      } catch {
        /* exited */
      }
    };
    read();
    poll = setInterval(read, 5);
  }
  const code = await new Promise((res, rej) => {
    child.on('error', rej);
    child.on('exit', (code, sig) => res(sig ? 128 : code));
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (poll) clearInterval(poll);
  closeSync(outFd);
  closeSync(errFd);
  let rssMiB = hwmKiB ? hwmKiB / 1024 : undefined;
  let exit = code;
  let cpu;
  if (useTime && existsSync(statsFile)) {
    const s = readFileSync(statsFile, 'utf8');
    const m = /Maximum resident set size \(kbytes\):\s*(\d+)/.exec(s);
    if (m) rssMiB = Number(m[1]) / 1024;
    const e = /Exit status:\s*(\d+)/.exec(s);
    if (e) exit = Number(e[1]);
    // Killed by a signal (V8's fatal out-of-memory aborts), GNU time says so and gives "Exit status: 0".
    const sig = /Command terminated by signal (\d+)/.exec(s);
    if (sig) exit = 128 + Number(sig[1]);
    const u = /User time \(seconds\):\s*([\d.]+)/.exec(s),
      sy = /System time \(seconds\):\s*([\d.]+)/.exec(s);
    if (u && sy) cpu = Number(u[1]) + Number(sy[1]);
    rmSync(statsFile, { force: true });
  }
  return { wall, rssMiB, exit, cpu };
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const fmt = (x, d = 1) => (x === undefined || Number.isNaN(x) ? 'n/a' : x.toFixed(d));
