/**
 * A test-only trace of the extension host, on when `POSTMORTEM_LENS_TRACE` names a file (the typing
 * benchmark, bench/typing.mjs, sets it for code-server): every time the event loop was blocked for
 * more than {@link REPORT_MS} ms (a 10 ms timer fired late by that much), and every analysis, as one
 * JSON object per line with a wall-clock `t` (ms since the epoch) the benchmark matches to its phases.
 * A late timer is either work on this thread or the thread waiting for a CPU on a loaded machine:
 * `cpuMs`, the CPU time this thread used meanwhile, tells them apart (work: close to `ms`). It is the
 * thread's own run time from Linux's schedstat, so the analysis worker's thread and V8's helper threads
 * are not counted; elsewhere it falls back to the whole process's CPU time (an upper bound).
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';

const TICK_MS = 10;
/** Blocked intervals shorter than this are not written (about a frame). */
const REPORT_MS = 16;

/** CPU time of this (the main) thread in ms: schedstat's run time where Linux has it, else the process's. */
function threadCpuMs(): number {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'latin1').split(' ')[0]) / 1e6;
  } catch {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  }
}

/** Writes the trace; dispose to stop. */
export class HostTrace {
  private readonly lines: string[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly gc: PerformanceObserver;

  /** A trace to the file named by `POSTMORTEM_LENS_TRACE`, or none. */
  static fromEnvironment(): HostTrace | undefined {
    const file = process.env.POSTMORTEM_LENS_TRACE;
    return file ? new HostTrace(file) : undefined;
  }

  private constructor(private readonly file: string) {
    let last = performance.now();
    let lastCpu = threadCpuMs();
    this.timers.push(
      setInterval(() => {
        const now = performance.now();
        const cpu = threadCpuMs();
        const blocked = now - last - TICK_MS;
        if (blocked > REPORT_MS) this.event('blocked', { ms: Math.round(blocked), cpuMs: Math.round(cpu - lastCpu) });
        last = now;
        lastCpu = cpu;
      }, TICK_MS),
    );
    this.timers.push(setInterval(() => this.flush(), 500));
    // Garbage collection pauses of the extension host's heap (VS Code's and every extension's objects).
    this.gc = new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        if (e.duration >= REPORT_MS / 2) this.event('gc', { ms: Math.round(e.duration), kind: (e as { detail?: { kind?: number } }).detail?.kind });
    });
    this.gc.observe({ entryTypes: ['gc'] });
    this.event('start', { pid: process.pid });
  }

  /** CPU time of the extension host's main thread so far, in ms (a task's own work, not its waits for a CPU). */
  cpuMs(): number {
    return threadCpuMs();
  }

  /** Record an event. */
  event(type: string, data: Record<string, unknown>): void {
    this.lines.push(JSON.stringify({ t: Date.now(), type, ...data }));
  }

  private flush(): void {
    if (this.lines.length === 0) return;
    const text = this.lines.join('\n') + '\n';
    this.lines.length = 0;
    try {
      appendFileSync(this.file, text);
    } catch {
      /* the benchmark went away */
    }
  }

  dispose(): void {
    for (const t of this.timers) clearInterval(t);
    this.gc.disconnect();
    this.flush();
  }
}
