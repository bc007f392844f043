/**
 * @module Envelope encryption of secrets at rest (secret access keys, later MFA seeds): AES-256-GCM under a
 * key derived with HKDF-SHA-256 from the Worker secret `IAM_MASTER_KEY`.
 *
 * A sealed value is `v1.<kid>.<iv>.<ciphertext>` (base64url parts). `kid` names the master key that sealed
 * it, so the master key can be rotated: configure the new key as `IAM_MASTER_KEY` and the old ones in
 * `IAM_PREVIOUS_MASTER_KEYS`; values open under whichever key their kid names, and new values are sealed
 * under the current one. The additional authenticated data binds a sealed value to its owner (for example
 * the access key id), so a ciphertext copied onto another row does not open.
 * Uses only WebCrypto (standard in Workers and Node). Spec: NIST SP 800-38D (GCM), RFC 5869 (HKDF).
 */
import { fromBase64Url, fromUtf8, toBase64Url, toHex, utf8 } from './bytes';

/** Version tag of the envelope format. */
const ENVELOPE_VERSION = 'v1';
/** GCM nonce length in bytes (96 bits, the length SP 800-38D recommends). */
const IV_BYTES = 12;
/** HKDF `info` for the AES key; changing it changes every derived key. */
const HKDF_INFO = utf8('edge-iam secret-box v1');

interface KeyEntry {
  kid: string;
  key: CryptoKey;
}

/** Encrypts and decrypts secrets; create one per isolate with {@link SecretBox.create}. */
export class SecretBox {
  readonly #current: KeyEntry;
  readonly #byKid: Map<string, KeyEntry>;

  private constructor(current: KeyEntry, all: KeyEntry[]) {
    this.#current = current;
    this.#byKid = new Map(all.map((e) => [e.kid, e]));
  }

  /**
   * Derives the keys from the master key material (any string of at least 32 characters; `npm start`
   * generates base64 of 32 random bytes) and any previous master keys kept for decryption.
   */
  static async create(masterKey: string, previousKeys: readonly string[] = []): Promise<SecretBox> {
    if (typeof masterKey !== 'string' || masterKey.length < 32) {
      throw new RangeError('IAM_MASTER_KEY must be set to at least 32 characters of random material');
    }
    const entries = await Promise.all([masterKey, ...previousKeys].map(deriveEntry));
    return new SecretBox(entries[0]!, entries);
  }

  /** The id of the key new values are sealed under. */
  get kid(): string {
    return this.#current.kid;
  }

  /** Seals `plaintext`, bound to `aad` (for example the access key id). */
  async seal(plaintext: string, aad: string): Promise<string> {
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const ct = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: utf8(aad) },
      this.#current.key,
      utf8(plaintext),
    );
    return [ENVELOPE_VERSION, this.#current.kid, toBase64Url(iv), toBase64Url(new Uint8Array(ct))].join('.');
  }

  /** Opens a sealed value; undefined when it is malformed, sealed under an unknown key, or tampered with. */
  async open(sealed: string, aad: string): Promise<string | undefined> {
    const parts = sealed.split('.');
    if (parts.length !== 4 || parts[0] !== ENVELOPE_VERSION) return undefined;
    const entry = this.#byKid.get(parts[1]!);
    const iv = fromBase64Url(parts[2]!);
    const ct = fromBase64Url(parts[3]!);
    if (!entry || !iv || !ct) return undefined;
    try {
      const pt = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv, additionalData: utf8(aad) },
        entry.key,
        ct,
      );
      return fromUtf8(new Uint8Array(pt));
    } catch {
      return undefined;
    }
  }
}

/** The master keys as the Worker's environment names them (env.ts): the current one and earlier ones. */
export interface MasterKeySettings {
  readonly IAM_MASTER_KEY: string;
  /** Comma-separated earlier master keys, still accepted for opening. */
  readonly IAM_PREVIOUS_MASTER_KEYS?: string | undefined;
}

/** The one way the service builds its SecretBox: from the environment's current and previous master keys. */
export function secretBoxFromEnv(env: MasterKeySettings): Promise<SecretBox> {
  const previous = (env.IAM_PREVIOUS_MASTER_KEYS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return SecretBox.create(env.IAM_MASTER_KEY, previous);
}

async function deriveEntry(material: string): Promise<KeyEntry> {
  const raw = utf8(material);
  const base = await crypto.subtle.importKey('raw', raw, 'HKDF', false, ['deriveKey']);
  const key = await crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: HKDF_INFO },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
  // The kid is a hash of the material, never the material: 8 bytes is ample to tell a handful of keys apart.
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(`edge-iam kid\0${material}`)));
  return { kid: toHex(digest.subarray(0, 8)), key };
}
