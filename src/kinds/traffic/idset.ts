// A set of non-negative integer ids (object ids read through one operation by one client), held in one Float64Array
// with open addressing: about a third of the memory of a Set of numbers, which matters at thousands of ids for each
// client of each operation of a large capture.

import { randomBytes } from 'node:crypto';

const EMPTY = -1;

export class IdSet {
  private slots = new Float64Array(16).fill(EMPTY);
  size = 0;

  add(id: number): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let i = hash(id) & mask; ; i = (i + 1) & mask) {
      const v = slots[i]!;
      if (v === id) return;
      if (v === EMPTY) {
        slots[i] = id;
        this.size++;
        // At most half full: probes stay short.
        if (this.size * 2 > slots.length) this.grow();
        return;
      }
    }
  }

  /** The ids, in no particular order. */
  values(): number[] {
    const out: number[] = [];
    for (const v of this.slots) if (v !== EMPTY) out.push(v);
    return out;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2).fill(EMPTY);
    this.size = 0;
    for (const v of old) if (v !== EMPTY) this.add(v);
  }
}

/**
 * A process-wide random seed: the ids come from untrusted traffic, and with a hash known in advance a capture could pick
 * ids that all probe the same slots. The seed changes where ids sit, never which ids the set holds.
 */
const SEED = randomBytes(4).readUInt32LE(0);

/** A 32-bit mix of an integer id (MurmurHash3's finalizer over the seeded low word and the high word). */
function hash(id: number): number {
  let h = ((id >>> 0) ^ SEED ^ Math.imul(Math.floor(id / 4294967296), 0x27d4eb2d)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
