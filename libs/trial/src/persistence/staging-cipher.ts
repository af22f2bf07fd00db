import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals staged upload bytes: gzip (level 1: FHIR JSON shrinks about tenfold), then AES-256-GCM with a fresh
 * random IV per chunk. The key is derived from TRIAL_PSEUDONYM_KEY by HKDF-SHA-256 with its own label, so the
 * API and every worker that share the pseudonym key can read the staging area and nobody else (a database dump
 * or backup alone does not reveal the raw records). GCM's tag makes a tampered or truncated chunk an error.
 */
export class StagingCipher {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'hitscreen', 'trial upload staging v1', 32));
  }

  seal(plain: Buffer): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(gzipSync(plain, { level: 1 })), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  open(sealed: string): Buffer {
    const raw = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return gunzipSync(Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]));
  }
}
