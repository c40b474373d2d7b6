// An emulator's account kept in a file between processes (EmulatorOptions.stateFile), so a
// demo folder's emulators come back with the records ferry wrote into them. The store is
// saved whole after every write and before its answer is sent: whatever a client was told
// was created is on disk, so a killed run's resume finds it by its marker (exactly once).
// Files are written to a temporary name and renamed over the old one, so a kill -9 at any
// instant leaves either the previous state or the new one, never half of one. Uploaded
// bytes go to content-addressed files beside it, written once, so a save stays small.
import {createHash} from 'node:crypto';
import {existsSync, mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs';
import {writeFile, rename} from 'node:fs/promises';
import path from 'node:path';

const FORMAT = 1;

/** Keeps one store object in `file`: restore() once at start, save() after each write. */
export class StateFile {
  private saving: Promise<void> | undefined;
  private dirty = false;
  private readonly hashes = new WeakMap<Uint8Array, string>();
  private readonly blobsDir: string;
  /** Blobs known to be on disk, so a save does not ask the file system for each one again */
  private readonly written = new Set<string>();
  private tmpCounter = 0;

  /** `skip`: the store's fields that are not state (caches, the address it is served at). */
  constructor(
    readonly file: string,
    private readonly store: object,
    private readonly platform: string,
    private readonly skip: string[] = [],
  ) {
    this.blobsDir = `${file}.blobs`;
  }

  exists(): boolean {
    return existsSync(this.file);
  }

  /** Replaces the store's contents with the file's; throws, saying which file, when it cannot. */
  restore(): void {
    let data: {format?: number; platform?: string; store?: Record<string, unknown>};
    try {
      data = JSON.parse(readFileSync(this.file, 'utf8'), (_key, value) => this.revive(value));
    } catch (error) {
      throw new Error(`The ${this.platform} emulator's saved state ${this.file} cannot be read (${(error as Error).message}).`);
    }
    if (data.format !== FORMAT || data.platform !== this.platform || !data.store) throw new Error(`${this.file} is not a ${this.platform} emulator state of format ${FORMAT}.`);
    restoreInto(this.store as Record<string, unknown>, data.store);
  }

  /** Writes now, synchronously (at start, so the folder has a state before the first request). */
  saveNow(): void {
    const {tmp, text} = this.prepare();
    writeFileSync(tmp, text);
    renameSync(tmp, this.file);
  }

  /**
   * Resolves once a save that began after this call's moment is on disk. Writes arriving
   * while a save runs share the next one (one snapshot covers them all).
   */
  async save(): Promise<void> {
    this.dirty = true;
    while (this.saving) await this.saving;
    if (!this.dirty) return; // a save that started after our write has finished
    this.dirty = false;
    const {tmp, text} = this.prepare();
    this.saving = writeFile(tmp, text).then(() => rename(tmp, this.file));
    try {
      await this.saving;
    } finally {
      this.saving = undefined;
    }
  }

  private prepare(): {tmp: string; text: string} {
    mkdirSync(path.dirname(this.file), {recursive: true});
    const skip = new Set(this.skip);
    const store: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this.store)) if (!skip.has(key)) store[key] = this.encode(value);
    const text = JSON.stringify({format: FORMAT, platform: this.platform, savedAt: new Date().toISOString(), store});
    return {tmp: `${this.file}.${process.pid}.${++this.tmpCounter}.tmp`, text};
  }

  /**
   * A JSON-ready copy: maps and sets tagged, bytes as blob names. Walked by hand because
   * JSON.stringify would first turn every Buffer into an array of numbers (toJSON), which
   * for the attachments a migration uploads costs seconds per save.
   */
  private encode(value: unknown): unknown {
    if (value === null || typeof value !== 'object') return value;
    if (value instanceof Uint8Array) return {$blob: this.blob(value)};
    if (value instanceof Map) return {$map: [...value.entries()].map(([key, item]) => [key, this.encode(item)])};
    if (value instanceof Set) return {$set: [...value].map((item) => this.encode(item))};
    if (Array.isArray(value)) return value.map((item) => this.encode(item));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined && typeof item !== 'function') out[key] = this.encode(item);
    return out;
  }

  /** Bytes stored once under their hash; the state names them. */
  private blob(bytes: Uint8Array): string {
    let hash = this.hashes.get(bytes);
    if (!hash) {
      hash = createHash('sha256').update(bytes).digest('hex');
      this.hashes.set(bytes, hash);
    }
    if (this.written.has(hash)) return hash;
    const file = path.join(this.blobsDir, hash);
    if (!existsSync(file)) {
      mkdirSync(this.blobsDir, {recursive: true});
      writeFileSync(`${file}.tmp`, bytes);
      renameSync(`${file}.tmp`, file);
    }
    this.written.add(hash);
    return hash;
  }

  private revive(value: unknown): unknown {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    const tagged = value as {$map?: Array<[unknown, unknown]>; $set?: unknown[]; $blob?: string};
    if (tagged.$map) return new Map(tagged.$map);
    if (tagged.$set) return new Set(tagged.$set);
    if (typeof tagged.$blob === 'string') {
      const bytes = readFileSync(path.join(this.blobsDir, tagged.$blob));
      this.hashes.set(bytes, tagged.$blob);
      this.written.add(tagged.$blob);
      return bytes;
    }
    return value;
  }
}

/** Fills `target` from `data` in place: its maps, arrays and nested objects keep their identity (fields may be readonly). */
function restoreInto(target: Record<string, unknown>, data: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(data)) {
    const current = target[key];
    if (current instanceof Map && value instanceof Map) {
      current.clear();
      for (const [k, v] of value) current.set(k, v);
    } else if (current instanceof Set && value instanceof Set) {
      current.clear();
      for (const v of value) current.add(v);
    } else if (Array.isArray(current) && Array.isArray(value)) current.splice(0, current.length, ...value);
    else if (current && typeof current === 'object' && Object.getPrototypeOf(current) !== Object.prototype && value && typeof value === 'object') restoreInto(current as Record<string, unknown>, value as Record<string, unknown>);
    else target[key] = value;
  }
}
