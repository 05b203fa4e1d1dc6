import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The package version (from package.json, two directories above the compiled `dist/src/cli`). */
export function toolVersion(): string {
  if (cached) return cached;
  for (const rel of ['../../../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'api-maturity' && pkg.version) return (cached = pkg.version);
    } catch {
      /* try the next */
    }
  }
  return (cached = '0.0.0');
}
