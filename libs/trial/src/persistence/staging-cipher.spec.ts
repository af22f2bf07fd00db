import { randomBytes } from 'node:crypto';
import { StagingCipher } from './staging-cipher';

describe('StagingCipher', () => {
  const plain = Buffer.from(
    JSON.stringify({ resourceType: 'Patient', name: [{ family: 'Doe', given: ['Jane'] }] }),
  );

  it('round-trips, and the sealed text shows nothing of the record', () => {
    const cipher = new StagingCipher('a-key-of-sixteen-characters');
    const sealed = cipher.seal(plain);
    expect(cipher.open(sealed).equals(plain)).toBe(true);
    expect(Buffer.from(sealed, 'base64').toString('latin1')).not.toMatch(/Doe|Jane|Patient/);
    // A fresh IV each time: the same record seals differently.
    expect(cipher.seal(plain)).not.toBe(sealed);
    const big = randomBytes(1 << 20);
    expect(cipher.open(cipher.seal(big)).equals(big)).toBe(true);
  });

  it('refuses another key and a tampered chunk', () => {
    const sealed = new StagingCipher('a-key-of-sixteen-characters').seal(plain);
    expect(() => new StagingCipher('another-key-of-sixteen-chars').open(sealed)).toThrow();
    const raw = Buffer.from(sealed, 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => new StagingCipher('a-key-of-sixteen-characters').open(raw.toString('base64'))).toThrow();
  });
});
