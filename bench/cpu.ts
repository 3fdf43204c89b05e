import fs from 'node:fs';

/**
 * The benchmark shares its machine (2 cores here) with whatever else runs. These helpers measure how
 * busy the machine is, so a run can wait for a quiet moment and report the background load it saw.
 */

interface CpuSample {
  busy: number;
  total: number;
}

function machineCpu(): CpuSample {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = fields[3] + (fields[4] ?? 0);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** CPU seconds used so far by a process (user + system), from /proc/<pid>/stat. */
function processCpuTicks(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

const CORES = (() => {
  const stat = fs.readFileSync('/proc/stat', 'utf8');
  return stat.split('\n').filter((l) => /^cpu\d/.test(l)).length || 1;
})();

/** Measures machine-wide and own CPU (in cores) between start() and stop(). */
export class CpuMeter {
  private machine = machineCpu();
  private own: number;

  constructor(private readonly pids: number[]) {
    this.own = this.ownTicks();
  }

  private ownTicks(): number {
    return this.pids.reduce((sum, pid) => sum + processCpuTicks(pid), 0);
  }

  /** Cores used by the whole machine and by the given processes since construction. */
  read(): { machineCores: number; ownCores: number; otherCores: number } {
    const machine = machineCpu();
    const own = this.ownTicks();
    const totalTicks = machine.total - this.machine.total;
    if (totalTicks <= 0) return { machineCores: 0, ownCores: 0, otherCores: 0 };
    // /proc/stat counts ticks summed over all cores; per-process ticks are in the same unit (USER_HZ).
    const machineCores = ((machine.busy - this.machine.busy) / totalTicks) * CORES;
    const ownCores = ((own - this.own) / totalTicks) * CORES;
    return { machineCores, ownCores, otherCores: Math.max(0, machineCores - ownCores) };
  }
}

/**
 * Waits (up to `maxWaitMs`) until other processes use less than `threshold` cores over a 300 ms window;
 * returns the background load of the last window.
 */
export async function waitForQuiet(ownPids: number[], threshold = 0.25, maxWaitMs = 20_000): Promise<number> {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const meter = new CpuMeter(ownPids);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { otherCores } = meter.read();
    if (otherCores < threshold || Date.now() > deadline) return otherCores;
  }
}
