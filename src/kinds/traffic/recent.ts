// The last few strings looked up, and what they gave: values in captured traffic repeat (a client's token on every
// call), and comparing a value with a handful of recent ones with === stops at the first differing character, where a
// map would hash the whole value each time.

export class Recent<V> {
  private readonly keys: (string | undefined)[];
  private readonly values: (V | undefined)[];
  private next = 0;

  constructor(private readonly size: number) {
    this.keys = new Array<string | undefined>(size);
    this.values = new Array<V | undefined>(size);
  }

  get(key: string): V | undefined {
    for (let i = 0; i < this.size; i++) if (this.keys[i] === key) return this.values[i];
    return undefined;
  }

  /** Remembers `key` in place of the oldest one. */
  set(key: string, value: V): void {
    const slot = this.next;
    this.next = (slot + 1) % this.size;
    this.keys[slot] = key;
    this.values[slot] = value;
  }

  clear(): void {
    this.keys.fill(undefined);
    this.values.fill(undefined);
  }
}
