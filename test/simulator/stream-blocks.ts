/**
 * A node's whole `stream_detail` entry for one stream — the stream, its config, its consumers and
 * theirs — kept as one contiguous buffer, so an answer copies one block per stream. The values that
 * move on every request (`active`, a consumer's `ts`) have a fixed width and are patched in place
 * before the block is copied. A block is rebuilt when the stream or one of its consumers changed,
 * or when an answer asks for other details (config or consumers on/off).
 */
import type { ClusterState, Stream } from "./cluster-state";
import { DEPTH, type EntityPrints, SLOT } from "./entity-prints";
import type { Fragment, Slot } from "./go-json";
import { goString, indent } from "./go-json";

/** `active` values are 9 digits (0.1 … 1 s) and `ts` always prints 9 fraction digits, so both can be patched in place. */
export const ACTIVE_DIGITS = 9;
export const NOW_JSON_BYTES = '"2006-01-02T15:04:05.999999999Z"'.length;

const { NOW, ACTIVE, SINCE, STREAM_CONFIG, CONSUMERS, CONSUMER_CONFIG } = SLOT;

export interface Block {
  bytes: Buffer;
  /** Where each patch goes, its kind (ACTIVE or NOW) and, for ACTIVE, its seed. */
  patchAt: Int32Array;
  patchKind: Uint8Array;
  patchArg: Int32Array;
}

interface CachedBlock {
  /** null: the stream has a value of variable width (a peer that stopped answering): print it piece by piece. */
  block: Block | null;
  blockVersion: number;
  epoch: number;
  variant: number;
}

const CONSUMERS_OPEN = Buffer.from(`,\n${indent(DEPTH.stream + 1)}${goString("consumer_detail")}: [`);
const CONSUMER_FIRST = Buffer.from(`\n${indent(DEPTH.consumer)}`);
const CONSUMER_NEXT = Buffer.from(`,\n${indent(DEPTH.consumer)}`);
const CONSUMERS_CLOSE = Buffer.from(`\n${indent(DEPTH.stream + 1)}]`);
const ACTIVE_PLACEHOLDER = Buffer.alloc(ACTIVE_DIGITS, "0");
const NOW_PLACEHOLDER = Buffer.alloc(NOW_JSON_BYTES, " ");

class VariableWidth extends Error {}

/** Blocks are built one at a time here, then copied out at their size. */
let scratch = Buffer.allocUnsafeSlow(64 * 1024);

class BlockBuilder {
  private bytes = scratch;
  private length = 0;
  private readonly at: number[] = [];
  private readonly kind: number[] = [];
  private readonly arg: number[] = [];

  constructor(
    private readonly prints: EntityPrints,
    private readonly state: ClusterState,
    private readonly node: number,
    private readonly config: boolean,
    private readonly consumers: boolean,
  ) {}

  private write(src: Uint8Array): void {
    if (this.length + src.length > this.bytes.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(this.bytes.length * 2, this.length + src.length));
      this.bytes.copy(grown, 0, 0, this.length);
      this.bytes = scratch = grown;
    }
    this.bytes.set(src, this.length);
    this.length += src.length;
  }

  private patch(kind: number, arg: number, placeholder: Buffer): void {
    this.at.push(this.length);
    this.kind.push(kind);
    this.arg.push(arg);
    this.write(placeholder);
  }

  fragment(fragment: Fragment): void {
    this.write(fragment.pieces[0]);
    for (let i = 0; i < fragment.slots.length; i++) {
      this.slot(fragment.slots[i]);
      this.write(fragment.pieces[i + 1]);
    }
  }

  private slot(slot: Slot): void {
    switch (slot.kind) {
      case ACTIVE:
        return this.patch(ACTIVE, slot.arg, ACTIVE_PLACEHOLDER);
      case NOW:
        return this.patch(NOW, 0, NOW_PLACEHOLDER);
      case SINCE:
        throw new VariableWidth();
      case STREAM_CONFIG:
        if (this.config) this.fragment(this.prints.streamConfig(this.state.streams[slot.arg]));
        return;
      case CONSUMER_CONFIG:
        if (this.config) this.fragment(this.prints.consumerConfig(this.state.consumers[slot.arg]));
        return;
      case CONSUMERS: {
        const consumers = this.state.streams[slot.arg].consumers;
        if (!this.consumers || consumers.length === 0) return;
        this.write(CONSUMERS_OPEN);
        consumers.forEach((consumer, i) => {
          this.write(i === 0 ? CONSUMER_FIRST : CONSUMER_NEXT);
          this.fragment(this.prints.consumer(consumer, this.node));
        });
        this.write(CONSUMERS_CLOSE);
        return;
      }
      default:
        throw new Error(`unexpected slot ${slot.kind} in a stream entry`);
    }
  }

  block(): Block {
    const bytes = Buffer.allocUnsafeSlow(this.length);
    this.bytes.copy(bytes, 0, 0, this.length);
    return {
      bytes,
      patchAt: Int32Array.from(this.at),
      patchKind: Uint8Array.from(this.kind),
      patchArg: Int32Array.from(this.arg),
    };
  }
}

export class StreamBlocks {
  private readonly cache: (CachedBlock | undefined)[][];

  constructor(
    private readonly prints: EntityPrints,
    private readonly state: ClusterState,
  ) {
    this.cache = state.streams.map(() => new Array(state.nodes.length));
  }

  /** The stream's entry as `node` reports it; null when it must be printed piece by piece this time. */
  get(stream: Stream, node: number, config: boolean, consumers: boolean): Block | null {
    const variant = (config ? 1 : 0) | (consumers ? 2 : 0);
    const cached = this.cache[stream.index][node];
    if (cached && cached.blockVersion === stream.blockVersion && cached.epoch === this.state.epoch && cached.variant === variant) return cached.block;
    let block: Block | null;
    try {
      const builder = new BlockBuilder(this.prints, this.state, node, config, consumers);
      builder.fragment(this.prints.stream(stream, node));
      block = builder.block();
    } catch (error) {
      if (!(error instanceof VariableWidth)) throw error;
      block = null;
    }
    this.cache[stream.index][node] = { block, blockVersion: stream.blockVersion, epoch: this.state.epoch, variant };
    return block;
  }
}
