/**
 * JSON as nats-server's HTTP monitor writes it: Go's `json.MarshalIndent(v, "", "  ")`, which
 * differs from `JSON.stringify(v, null, 2)` only in escaping `<`, `>`, `&`, U+2028 and U+2029 and in
 * printing uint64 values exactly (2^64−1 for "unlimited"). The printer compiles a value into a
 * `Fragment`: bytes plus slots, places whose text is decided when an answer is written (a time
 * that moves on every request, a nested list kept in its own cache). Values are printed once, when
 * they change; answers are stitched from fragments.
 */

/** A number or literal printed as is (uint64 values that JavaScript numbers cannot hold). */
export class RawJson {
  constructor(readonly text: string) {}
}

export const UINT64_MAX = new RawJson("18446744073709551615");

/**
 * A value decided when an answer is written. As an object member's value it stands for the whole
 * member, separator and key included, which may then also be left out (`omitempty`).
 */
export class Slot {
  constructor(
    readonly kind: number,
    readonly arg: number = 0,
    /** True when the slot is a whole member (`,\n  "key": value`) rather than a value. */
    readonly member: boolean = false,
  ) {}
}

export interface Fragment {
  /** The static text around the slots: pieces[0], slots[0], pieces[1], … pieces[slots.length]. */
  pieces: Uint8Array[];
  slots: Slot[];
}

const GO_ESCAPES: Record<string, string> = { "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029" };
const GO_ESCAPED = /[<>&\u2028\u2029]/g;
const HAS_GO_ESCAPED = /[<>&\u2028\u2029]/;

const goEscape = (json: string) => (HAS_GO_ESCAPED.test(json) ? json.replace(GO_ESCAPED, (c) => GO_ESCAPES[c]) : json);

export function goString(text: string): string {
  return goEscape(JSON.stringify(text));
}

/** Keys come from a small set and are printed for every entity: each is escaped once. */
const keyTexts = new Map<string, string>();
function keyText(key: string): string {
  let text = keyTexts.get(key);
  if (text === undefined) keyTexts.set(key, (text = `${goString(key)}: `));
  return text;
}

const INDENTS: string[] = [];
export function indent(depth: number): string {
  return (INDENTS[depth] ??= "  ".repeat(depth));
}

class Printer {
  text = "";
  slotAt: number[] = [];
  slots: Slot[] = [];

  slot(slot: Slot): void {
    this.slotAt.push(this.text.length);
    this.slots.push(slot);
  }

  value(value: unknown, depth: number): void {
    if (value === null || value === undefined) this.text += "null";
    else if (typeof value === "string") this.text += goString(value);
    else if (typeof value === "number") {
      if (!Number.isFinite(value)) throw new Error(`not a JSON number: ${value}`);
      this.text += String(value);
    } else if (typeof value === "boolean") this.text += value ? "true" : "false";
    else if (value instanceof RawJson) this.text += value.text;
    else if (value instanceof Slot) {
      if (value.member) throw new Error("a member slot can only be an object member's value");
      this.slot(value);
    } else if (Array.isArray(value)) this.array(value, depth);
    else if (typeof value === "object") this.object(value as Record<string, unknown>, depth);
    else throw new Error(`cannot print ${typeof value}`);
  }

  array(items: unknown[], depth: number): void {
    if (items.length === 0) {
      this.text += "[]";
      return;
    }
    const inner = indent(depth + 1);
    this.text += "[";
    items.forEach((item, index) => {
      this.text += index === 0 ? `\n${inner}` : `,\n${inner}`;
      this.value(item, depth + 1);
    });
    this.text += `\n${indent(depth)}]`;
  }

  object(members: Record<string, unknown>, depth: number): void {
    const inner = indent(depth + 1);
    let printed = 0;
    for (const [key, member] of Object.entries(members)) {
      if (member === undefined) continue; // omitempty
      if (member instanceof Slot && member.member) {
        if (printed === 0) throw new Error(`member slot "${key}" cannot come first: its separator would be wrong`);
        this.slot(member);
        continue;
      }
      this.text += printed === 0 ? `{\n${inner}` : `,\n${inner}`;
      this.text += keyText(key);
      this.value(member, depth + 1);
      printed += 1;
    }
    this.text += printed === 0 ? "{}" : `\n${indent(depth)}}`;
  }

  fragment(): Fragment {
    const bytes = Buffer.from(this.text, "utf8");
    // Offsets were counted in UTF-16 units; they are byte offsets only for ASCII text.
    const slotAt = bytes.length === this.text.length ? this.slotAt : this.slotAt.map((at) => Buffer.byteLength(this.text.slice(0, at)));
    // Views made once here, so writing an answer allocates nothing per piece (plain views: cheaper to make than Buffers).
    const pieces: Uint8Array[] = [];
    let from = 0;
    for (const at of [...slotAt, bytes.length]) {
      pieces.push(new Uint8Array(bytes.buffer, bytes.byteOffset + from, at - from));
      from = at;
    }
    return { pieces, slots: this.slots };
  }
}

/** `value` printed as it would appear at nesting `depth` of a MarshalIndent document (its first line unindented). */
export function compile(value: unknown, depth: number): Fragment {
  const printer = new Printer();
  printer.value(value, depth);
  return printer.fragment();
}

/**
 * An object member as a member slot renders it, `,\n<indent>"key": value`, for an object at
 * `depth` (so the member's lines sit at depth + 1).
 */
export function compileMember(key: string, value: unknown, depth: number): Fragment {
  const printer = new Printer();
  printer.text = `,\n${indent(depth + 1)}${goString(key)}: `;
  printer.value(value, depth + 1);
  return printer.fragment();
}

/** The whole document, as MarshalIndent prints it (no trailing newline). */
export function marshalIndent(value: unknown): string {
  const printer = new Printer();
  printer.value(value, 0);
  if (printer.slots.length) throw new Error("marshalIndent: the value has slots; compile it instead");
  return printer.text;
}

/** Go's `json.Marshal` (compact), as `/healthz` answers. */
export function marshalCompact(value: unknown): string {
  return goEscape(JSON.stringify(value));
}
