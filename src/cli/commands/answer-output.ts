// How `oauthkit api` and the operation commands print an answer: json, ndjson, table or csv, through
// jq when asked, to stdout or `-o FILE`; binary bodies to a file or a pipe; progress of long walks.
import { createWriteStream, type WriteStream } from 'node:fs';
import { CliError, EXIT, printMessage, writeStdout } from '../output.js';
import { formatItems } from './_format.js';

/** The output flags shared by `api` and the operation commands. */
export interface AnswerOptions {
  /** `json`, `ndjson`, `table` or `csv`. */
  format: string;
  /** A jq expression run on each item (jq-wasm, loaded only then). */
  jq?: string | undefined;
  /** `-o FILE`: write there instead of stdout. */
  output?: string | undefined;
}

interface Sink {
  write(chunk: string | Uint8Array): Promise<void>;
  close(): Promise<void>;
  bytes: number;
}

function fileSink(path: string): Sink {
  const file: WriteStream = createWriteStream(path);
  const failed = new Promise<never>((_resolve, reject) => file.once('error', reject));
  failed.catch(() => {});
  const sink: Sink = {
    bytes: 0,
    async write(chunk) {
      sink.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
      if (!file.write(chunk))
        await Promise.race([new Promise<void>((resolve) => file.once('drain', () => resolve())), failed]);
    },
    close: () => Promise.race([new Promise<void>((resolve) => file.end(resolve)), failed]),
  };
  return sink;
}

async function toSink<T>(output: string | undefined, fill: (write: Sink['write']) => Promise<T>): Promise<T> {
  if (output === undefined) return fill(writeStdout);
  const sink = fileSink(output);
  let result: T;
  try {
    result = await fill(sink.write);
  } finally {
    await sink.close();
  }
  printMessage(`Wrote ${sink.bytes} bytes to ${output}`);
  return result;
}

/** Prints a stream of items (the items of pages) in the chosen format. */
export function writeItems(items: AsyncIterable<unknown>, options: AnswerOptions): Promise<void> {
  return toSink(options.output, (write) => formatItems(items, options.format, options.jq, true, write));
}

/** Prints one JSON answer: an array answer as rows in the row formats, anything else as one value. */
export function writeJsonAnswer(data: unknown, options: AnswerOptions): Promise<void> {
  const items = Array.isArray(data) && options.format !== 'json' ? data : [data];
  return toSink(options.output, (write) => formatItems(items, options.format, options.jq, false, write));
}

/** Refuses to print a binary answer on a terminal: it goes to `-o FILE` or a pipe. */
export function checkBinaryDestination(output: string | undefined, what: string): void {
  if (output === undefined && process.stdout.isTTY) {
    throw new CliError(`the answer is binary (${what})`, 'save it with -o FILE, or pipe it', EXIT.usage);
  }
}

/** Writes a binary answer (bytes or a stream of them) to `-o FILE`, or to stdout when it is not a terminal. */
export async function writeBinary(
  body: Uint8Array | AsyncIterable<Uint8Array>,
  output: string | undefined,
  what: string,
): Promise<void> {
  checkBinaryDestination(output, what);
  await toSink(output, async (write) => {
    if (body instanceof Uint8Array) await write(body);
    else for await (const chunk of body) await write(chunk);
  });
}

/** Pages, items and rate of a walk over pages, shown on stderr while it runs (only on a terminal). */
export interface Progress {
  /** Counts one more page. */
  page(): void;
  /** Passes the items through, counting them; the line is cleared at the end. */
  track<T>(items: AsyncIterable<T>): AsyncIterable<T>;
}

/**
 * A {@link Progress} on stderr when stderr is a TTY and the items do not go to the same terminal
 * (`-o FILE`, or stdout piped): there the items show the progress themselves, and a redrawn line
 * would be torn by them. Otherwise one that shows nothing.
 */
export function startProgress(output: string | undefined): Progress {
  const shown = process.stderr.isTTY === true && (output !== undefined || process.stdout.isTTY !== true);
  const started = Date.now();
  let pages: number | undefined;
  let count = 0;
  let drawnAt = 0;
  const draw = (force: boolean) => {
    const now = Date.now();
    if (!shown || (!force && now - drawnAt < 100)) return;
    drawnAt = now;
    const rate = Math.round((count * 1000) / Math.max(1, now - started));
    const pageText = pages === undefined ? '' : `${pages} page${pages === 1 ? '' : 's'}, `;
    process.stderr.write(`\r\x1b[K${pageText}${count} items, ${rate} items/s`);
  };
  return {
    page() {
      pages = (pages ?? 0) + 1;
      draw(false);
    },
    async *track(items) {
      try {
        for await (const item of items) {
          count++;
          draw(false);
          yield item;
        }
        draw(true);
      } finally {
        if (shown) process.stderr.write(count > 0 || pages ? '\n' : '\r\x1b[K');
      }
    },
  };
}
