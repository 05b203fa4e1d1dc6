import type { Rule } from '../../src/model/rule.js';
import { rule as shadow } from './api9-shadow-endpoint.js';
import { rule as zombie } from './api9-zombie-operation.js';
import { rule as drift } from './api2-auth-drift.js';

/** Rules that compare inputs: what is described, what is enforced, what is observed. */
export const inventory: Rule[] = [drift, shadow, zombie];
