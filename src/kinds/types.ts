import type { Api, AuthServer, InputKind, LoadFinding, ProtectedResource } from '../model/types.js';
import type { ParsedFile, Position } from '../load/parse.js';
import type { Resolver } from '../load/refs.js';
import type { FileHead } from '../load/stream.js';
import type { TrafficOptions } from './traffic/credentials.js';

/** What one input adds to the model. */
export interface Contribution {
  apis: Api[];
  authServers?: AuthServer[];
  protectedResources?: ProtectedResource[];
  /** Files of this kind that hold nothing to assess (legacy versions, no HTTP routes…), with the reason. */
  skipped?: { file: string; reason: string }[];
}

export interface AdapterContext {
  resolver: Resolver;
  findings: LoadFinding[];
  /** Settings for captured traffic (DPoP proof window). */
  traffic: TrafficOptions;
  /**
   * Operations this input may still add to the run (callbacks and webhooks included). An adapter whose output can
   * multiply through references (one `$ref` used many times) counts as it builds, and throws an InputError past it.
   */
  operationBudget?: { left: number; limit: number };
}

export interface StreamContext {
  findings: LoadFinding[];
  traffic: TrafficOptions;
  /** Largest single element (HAR entry, log line) read; larger ones are skipped with a finding. */
  maxEntryBytes: number;
  /** Whether a worker thread may share the reading of large traffic files (access logs, HARs) with this thread. */
  trafficWorker?: boolean;
  /** From this size on a traffic file is read with that worker (default `PARALLEL_TRAFFIC_BYTES`; tests lower it). */
  parallelTrafficBytes?: number;
}

/** Traffic files from this size on are read with a worker thread, when the run allows one (`trafficWorker`). */
export const PARALLEL_TRAFFIC_BYTES = 32 * 1024 * 1024;

/** Whether this traffic file is read with a worker thread. */
export function readWithWorker(head: FileHead, ctx: StreamContext): boolean {
  return ctx.trafficWorker === true && head.bytes >= (ctx.parallelTrafficBytes ?? PARALLEL_TRAFFIC_BYTES);
}

export interface StreamResult {
  contribution: Contribution;
  sha256: string;
  bytes: number;
  /** Line and column of a location in the file (found while streaming, the file is not kept). */
  locate(pointer: string): Position | undefined;
}

/** A kind read as a stream (captured traffic can be far larger than memory): recognised from the first bytes. */
export interface StreamingReader {
  sniff(head: FileHead): boolean;
  read(head: FileHead, ctx: StreamContext): Promise<StreamResult>;
}

/** A format recognised only to be skipped with a reason (e.g. mitmproxy flow dumps, Postman collections). */
export interface UnsupportedFormat {
  name: string;
  sniff?(head: FileHead): boolean;
  detect?(pf: ParsedFile): boolean;
  reason: string;
}

/**
 * One input kind: how to recognise it from its content and how to turn it into the normalized model.
 * Registering a new kind means adding an adapter to `registry.ts`; nothing else in the pipeline changes.
 */
export interface KindAdapter {
  kind: InputKind;
  /** Human name, for `--kind` help and skipped-file reasons. */
  title: string;
  /** Recognises the kind from parsed content (never from the file name). */
  detect(pf: ParsedFile): boolean;
  /** For text that did not parse: does it look like this kind? (then the parse error is fatal, not a skip) */
  sniff?: RegExp;
  toModel(pf: ParsedFile, ctx: AdapterContext): Contribution;
  /**
   * For kinds whose resources refer to each other across files (Envoy listeners and route configurations, Kubernetes
   * policies and the routes they target): every file of the kind at once, instead of `toModel` per file.
   */
  toModelBatch?(pfs: ParsedFile[], ctx: AdapterContext): Contribution;
  /** For kinds that may be too large to parse whole: how to read them as a stream. */
  streaming?: StreamingReader;
}
