import type { Api, Operation, TrafficStats } from '../../src/model/types.js';

/** Operations that captured traffic reached, with what it showed. */
export function observedOps(api: Api): (Operation & { traffic: TrafficStats })[] {
  return api.operations.filter((o): o is Operation & { traffic: TrafficStats } => o.traffic !== undefined && o.traffic.calls > 0);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `2592000` → `30 days`. */
export function duration(seconds: number): string {
  if (seconds % 86400 === 0 && seconds >= 86400) return plural(seconds / 86400, 'day');
  if (seconds % 3600 === 0 && seconds >= 3600) return plural(seconds / 3600, 'hour');
  if (seconds % 60 === 0 && seconds >= 60) return plural(seconds / 60, 'minute');
  return `${seconds} s`;
}
