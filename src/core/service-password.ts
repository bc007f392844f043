/**
 * @module The passwords of service-specific credentials (IAM API Reference,
 * API_CreateServiceSpecificCredential.html: "The new password is … generated and cryptographically strong"):
 * 32 random bytes in base64 (44 characters, the form of AWS's), stored only as their SHA-256. A password of
 * 256 random bits needs no salt or stretching: its hash gives nothing to guess.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { toBase64, toHex, utf8 } from './bytes';
import type { RandomBytes } from './ids';

/** A new password. */
export const newServicePassword = (random: RandomBytes): string => toBase64(random(32));

/** What is stored of a password: its SHA-256, hex. */
export const servicePasswordHash = (password: string): string => toHex(sha256(utf8(password)));

