import { collectFiles } from '../src/load/collect.js';
import { shardKeys } from '../src/load/shard.js';
import { defaultPolicy } from '../src/load/store.js';

/** Shard keys of every file under `dir`, by path relative to it. */
export function fixedShardKeys(dir: string): Map<string, string> {
  const { files } = collectFiles(['.'], dir);
  const keys = shardKeys(files, defaultPolicy(dir));
  return new Map([...keys].map(([abs, k]) => [abs.slice(dir.length + 1).split('\\').join('/'), k]));
}
