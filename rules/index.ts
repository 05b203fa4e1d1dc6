import type { Rule } from '../src/model/rule.js';
import { core } from './core/index.js';
import { fapi } from './fapi/index.js';
import { inventory } from './inventory/index.js';
import { gateway } from './gateway/index.js';
import { mesh } from './mesh/index.js';
import { traffic } from './traffic/index.js';
import { owasp } from './owasp/index.js';

/** Rule packs, by name. */
export const PACKS: Record<string, Rule[]> = { core, fapi, inventory, gateway, mesh, traffic, owasp };

/** Every built-in rule, in a stable order. */
export const ALL_RULES: Rule[] = Object.values(PACKS).flat();
