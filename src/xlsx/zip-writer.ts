/**
 * A zip archive written as it goes, its entries deflated by zlib in Node's thread pool: pieces of an entry are
 * compressed side by side (each ends on a sync flush, so their output joins into one deflate stream) while the caller
 * makes the next ones, and the bytes go out in order. A sheet's XML is most of an .xlsx, and fflate deflating it on
 * the main thread took as long as making it.
 *
 * Plain zip (no zip64): entries and the archive stay under 4 GiB (a sheet holds at most 1,048,576 rows, a few hundred
 * MB of XML). Names are UTF-8; sizes and CRCs follow each entry in a data descriptor.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const deflateRaw = promisify(zlib.deflateRaw);
/** zlib's default compression. */
const LEVEL = 6;
/** Pieces being compressed at once: enough to keep the thread pool busy, few enough to bound the memory. */
const IN_FLIGHT = 8;
const LIMIT = 0xffff_ffff;
/** The empty last block that ends a deflate stream of sync-flushed pieces. */
const LAST_BLOCK = Uint8Array.of(0x03, 0x00);

export type ByteSink = (chunk: Uint8Array) => void;

interface Written {
  name: Buffer;
  crc: number;
  size: number;
  compressedSize: number;
  offset: number;
}

export class ZipWriter {
  private offset = 0;
  private readonly written: Written[] = [];
  private open: Written | null = null;
  private readonly pending: Array<Promise<Buffer>> = [];
  /** DOS time and date of the entries. */
  private readonly time: number;
  private readonly date: number;

  constructor(private readonly sink: ByteSink) {
    const modified = new Date();
    this.time = (modified.getHours() << 11) | (modified.getMinutes() << 5) | (modified.getSeconds() >> 1);
    this.date = ((Math.max(1980, modified.getFullYear()) - 1980) << 9) | ((modified.getMonth() + 1) << 5) | modified.getDate();
  }

  /** Starts the next entry (the previous one must be ended). */
  start(name: string): void {
    if (this.open !== null) throw new Error(`zip entry ${this.open.name.toString()} is not ended`);
    const encoded = Buffer.from(name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    header.writeUInt16LE(0x0808, 6); // sizes in a data descriptor; UTF-8 name
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt16LE(this.time, 10);
    header.writeUInt16LE(this.date, 12);
    header.writeUInt16LE(encoded.length, 26);
    this.open = { name: encoded, crc: 0, size: 0, compressedSize: 0, offset: this.offset };
    this.out(header);
    this.out(encoded);
  }

  /** Adds bytes to the open entry; wait for the promise before adding many more (it resolves as earlier pieces are out). */
  async add(data: Uint8Array): Promise<void> {
    const entry = this.open;
    if (entry === null) throw new Error('no zip entry is open');
    if (data.length === 0) return;
    entry.crc = zlib.crc32(data, entry.crc);
    entry.size += data.length;
    const piece = deflateRaw(data, { level: LEVEL, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    // A piece that fails is reported when its turn comes; the ones after it are then never awaited.
    piece.catch(() => undefined);
    this.pending.push(piece);
    while (this.pending.length >= IN_FLIGHT) await this.flushOne();
  }

  /** Ends the open entry once its pieces are out. */
  async end(): Promise<void> {
    const entry = this.open;
    if (entry === null) throw new Error('no zip entry is open');
    while (this.pending.length > 0) await this.flushOne();
    this.compressed(LAST_BLOCK);
    if (entry.size > LIMIT || this.offset > LIMIT) throw new Error(`zip entry ${entry.name.toString()} is over 4 GiB`);
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(entry.crc >>> 0, 4);
    descriptor.writeUInt32LE(entry.compressedSize, 8);
    descriptor.writeUInt32LE(entry.size, 12);
    this.out(descriptor);
    this.written.push(entry);
    this.open = null;
  }

  /** A whole entry at once. */
  async entry(name: string, data: Uint8Array): Promise<void> {
    this.start(name);
    await this.add(data);
    await this.end();
  }

  /** Writes the central directory: the archive is complete. */
  finish(): void {
    if (this.open !== null) throw new Error(`zip entry ${this.open.name.toString()} is not ended`);
    const start = this.offset;
    for (const entry of this.written) {
      const header = Buffer.alloc(46);
      header.writeUInt32LE(0x02014b50, 0);
      header.writeUInt16LE(20, 4); // made by: 2.0
      header.writeUInt16LE(20, 6);
      header.writeUInt16LE(0x0808, 8);
      header.writeUInt16LE(8, 10);
      header.writeUInt16LE(this.time, 12);
      header.writeUInt16LE(this.date, 14);
      header.writeUInt32LE(entry.crc >>> 0, 16);
      header.writeUInt32LE(entry.compressedSize, 20);
      header.writeUInt32LE(entry.size, 24);
      header.writeUInt16LE(entry.name.length, 28);
      header.writeUInt32LE(entry.offset, 42);
      this.out(header);
      this.out(entry.name);
    }
    const size = this.offset - start;
    if (this.written.length > 0xffff || this.offset > LIMIT) throw new Error('the zip archive is over 4 GiB or 65,535 entries');
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.written.length, 8);
    end.writeUInt16LE(this.written.length, 10);
    end.writeUInt32LE(size, 12);
    end.writeUInt32LE(start, 16);
    this.out(end);
  }

  private async flushOne(): Promise<void> {
    this.compressed(await this.pending.shift()!);
  }

  private compressed(data: Uint8Array): void {
    this.open!.compressedSize += data.length;
    this.out(data);
  }

  private out(data: Uint8Array): void {
    this.offset += data.length;
    this.sink(data);
  }
}
