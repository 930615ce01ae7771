/**
 * Writes an answer from compiled fragments into a few large buffers: static pieces are copied,
 * slots are filled by the caller. An answer of tens of megabytes costs a memcpy and a few small
 * copies per entity, not a serialization, and allocates nothing per entity.
 */
import type { Fragment, Slot } from "./go-json";

const CHUNK_BYTES = 1024 * 1024;
const MAX_POOLED_CHUNKS = 512;

/**
 * Chunks of answers already sent, for the next answers: an answer of 40 MB every 2 s per node
 * would otherwise be garbage the collector has to chase.
 */
const freeChunks: Buffer[] = [];

function takeChunk(): Buffer {
  return freeChunks.pop() ?? Buffer.allocUnsafeSlow(CHUNK_BYTES);
}

export type SlotWriter = (slot: Slot, out: AnswerWriter) => void;

export class AnswerWriter {
  private readonly chunks: Buffer[] = [];
  /** The whole chunks behind `chunks` (the last is a view of part of one), to give back. */
  private readonly owned: Buffer[] = [];
  private current: Buffer;
  private pos = 0;
  length = 0;

  constructor() {
    this.current = takeChunk();
    this.owned.push(this.current);
  }

  private nextChunk(): void {
    this.chunks.push(this.current.subarray(0, this.pos));
    this.current = takeChunk();
    this.owned.push(this.current);
    this.pos = 0;
  }

  bytes(src: Uint8Array): void {
    const n = src.length;
    if (this.pos + n <= this.current.length) {
      this.current.set(src, this.pos);
      this.pos += n;
      this.length += n;
      return;
    }
    let start = 0;
    while (start < n) {
      if (this.pos === this.current.length) this.nextChunk();
      const take = Math.min(n - start, this.current.length - this.pos);
      this.current.set(start === 0 && take === n ? src : src.subarray(start, start + take), this.pos);
      this.pos += take;
      this.length += take;
      start += take;
    }
  }

  /** ASCII text (numbers, times). */
  ascii(text: string): void {
    if (this.pos + text.length <= this.current.length) {
      const n = this.current.write(text, this.pos, "latin1");
      this.pos += n;
      this.length += n;
    } else this.bytes(Buffer.from(text, "latin1"));
  }

  fragment(fragment: Fragment, writeSlot: SlotWriter): void {
    const { pieces, slots } = fragment;
    this.bytes(pieces[0]);
    for (let i = 0; i < slots.length; i++) {
      writeSlot(slots[i], this);
      this.bytes(pieces[i + 1]);
    }
  }

  /** The answer, as buffers to write in order; `release()` once they are sent. */
  finish(): Buffer[] {
    if (this.pos > 0) this.chunks.push(this.current.subarray(0, this.pos));
    this.pos = 0;
    return this.chunks;
  }

  /** The answer's memory may be reused: it was written out (or dropped). */
  release(): void {
    for (const chunk of this.owned.splice(0)) if (freeChunks.length < MAX_POOLED_CHUNKS) freeChunks.push(chunk);
    this.chunks.length = 0;
  }
}
