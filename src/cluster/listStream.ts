/**
 * Reads a `*List` answer as it arrives, one item at a time: a server that ignores `limit` and sends
 * 100,000 events in one page costs the items the caller keeps, not the whole page parsed at once
 * (JSON.parse of a 75 MB page would take some 400 MB of memory, past the CLI's heap). The streaming
 * parser is `@streamparser/json` (no dependencies; about 20 MB/s, so a normal page of 500 items
 * takes milliseconds); only `items[*]` and `metadata` are kept from the document.
 */
import { JSONParser } from '@streamparser/json';

/** A list answer that is not a JSON list object; the message says how. */
export class ListShapeError extends Error {}

/** What a list answer says besides its items. */
export interface ListTail {
  /** The list's `metadata` (unchecked), when it had one. */
  metadata?: unknown;
  /** Items read. */
  items: number;
}

/** Feed it the chunks of a list answer; it hands each item of `items` to `onItem` as soon as it is complete. */
export class ListStream {
  private readonly parser = new JSONParser({ paths: ['$.items.*', '$.metadata'], keepStack: false });
  private head = '';
  private error: Error | undefined;
  private metadata: unknown;
  private count = 0;

  constructor(private readonly onItem: (item: unknown) => void) {
    this.parser.onValue = ({ value, key, stack }) => {
      if (this.error) return;
      if (stack.length === 1) {
        this.metadata = value;
        return;
      }
      if (typeof key !== 'number') {
        this.error = new ListShapeError('its items are an object, not a list');
        return;
      }
      this.count++;
      this.onItem(value);
    };
    this.parser.onError = (err) => {
      this.error ??= err;
    };
  }

  /** Parse the next chunk; throws ListShapeError (not a list object) or the parser's error (not JSON). */
  write(chunk: Buffer): void {
    if (this.head.length < 40) {
      this.head += chunk.subarray(0, 40).toString('utf8');
      const first = this.head.trimStart()[0];
      // `[...]` or a string is JSON, but not a list object: say so rather than "no items".
      if (first === '[' || first === '"' || (first && /[-\d tfn]/.test(first)))
        throw new ListShapeError(`it is ${first === '[' ? 'a bare JSON array' : 'a JSON scalar'}, not a list object`);
    }
    if (!this.parser.isEnded) this.parser.write(chunk);
    if (this.error) throw this.error;
  }

  /** The document is over: its metadata and item count (`complete` false when it ended half way); throws when it is not JSON. */
  end(): ListTail & { complete: boolean } {
    if (this.error) throw this.error;
    if (!this.parser.isEnded && !this.count) throw new Error('the JSON ends in the middle, before any item (or the answer is empty)');
    return { metadata: this.metadata, items: this.count, complete: this.parser.isEnded };
  }

  /** The first bytes, for messages. */
  get start(): string {
    return this.head.slice(0, 24);
  }
}
