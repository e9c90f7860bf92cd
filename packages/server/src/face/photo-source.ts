import { TesseraError } from '../domain/errors.js';
import type { PhotoSource } from '../domain/ports.js';

export interface PhotoSourceOptions {
  /** Largest decoded image accepted, in bytes. */
  maxBytes: number;
  /** Hosts an external `photo` URL may name (exact host names); empty: only data: URLs. */
  allowedHosts: readonly string[];
  timeoutMs: number;
}

/** The image types a face photo may be, by their first bytes. */
const SIGNATURES: ReadonlyArray<{ type: string; test: (bytes: Buffer) => boolean }> = [
  { type: 'image/jpeg', test: (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/png', test: (b) => b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/webp', test: (b) => b.length > 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP' },
];

const DATA_URL = /^data:(image\/(?:jpeg|png|webp));base64,([A-Za-z0-9+/=\s]+)$/;

const unusable = (reason: string) => new TesseraError('FACE_PHOTO_UNUSABLE', { reason });

/**
 * A request's `photo` → image bytes. A `data:` URL is decoded in place; a URL is fetched only when its host
 * is on the operator's allow-list (no SSRF: no redirects, a timeout, a size cap read as the bytes arrive,
 * an image content type). Either way the bytes must be a JPEG, PNG or WebP within the size limit.
 */
export function createPhotoSource(options: PhotoSourceOptions): PhotoSource {
  const allowed = new Set(options.allowedHosts.map((host) => host.toLowerCase()));

  function checked(bytes: Buffer): Buffer {
    if (bytes.length > options.maxBytes) throw unusable(`larger than ${options.maxBytes} bytes`);
    if (!SIGNATURES.some((signature) => signature.test(bytes))) throw unusable('not a JPEG, PNG or WebP image');
    return bytes;
  }

  async function fetchAllowed(url: URL): Promise<Buffer> {
    let response: Response;
    try {
      response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(options.timeoutMs) });
    } catch {
      throw unusable('the photo URL could not be fetched');
    }
    const type = response.headers.get('content-type') ?? '';
    if (!response.ok || !/^image\/(jpeg|png|webp)\b/i.test(type)) {
      await response.body?.cancel();
      throw unusable('the photo URL did not answer an image');
    }
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > options.maxBytes) {
      await response.body?.cancel();
      throw unusable(`larger than ${options.maxBytes} bytes`);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    const reader = response.body?.getReader();
    for (;;) {
      const next = await reader?.read();
      if (!next || next.done) break;
      total += next.value.length;
      if (total > options.maxBytes) {
        await reader?.cancel();
        throw unusable(`larger than ${options.maxBytes} bytes`);
      }
      chunks.push(Buffer.from(next.value));
    }
    return Buffer.concat(chunks);
  }

  return {
    async load(photo) {
      const data = DATA_URL.exec(photo);
      if (data) return checked(Buffer.from(data[2]!, 'base64'));
      if (photo.startsWith('data:')) throw unusable('not a JPEG, PNG or WebP data URL');
      let url: URL;
      try {
        url = new URL(photo);
      } catch {
        throw new TesseraError('FACE_PHOTO_HOST_NOT_ALLOWED');
      }
      if (!(url.protocol === 'https:' || url.protocol === 'http:') || !allowed.has(url.hostname.toLowerCase()) || url.username || url.password) {
        throw new TesseraError('FACE_PHOTO_HOST_NOT_ALLOWED');
      }
      return checked(await fetchAllowed(url));
    },
  };
}
