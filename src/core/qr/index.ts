/**
 * @module QR codes as PNG images: {@link encodeQr} (./encode.ts) rendered by the PNG writer (../png.ts)
 * with a quiet zone of four light modules on every side — the minimum ISO/IEC 18004 asks for model 2
 * symbols — and a whole number of pixels per module.
 */
import { encodeBilevelPng } from '../png';
import { encodeQr, type QrCode, type QrOptions } from './encode';

export { byteCapacity, encodeQr, type EcLevel, type QrCode, type QrOptions } from './encode';

/** Light modules around the symbol (ISO/IEC 18004: "the quiet zone shall be 4X wide"). */
export const QUIET_ZONE_MODULES = 4;
/** Pixels per module by default. */
export const DEFAULT_MODULE_PIXELS = 4;

/** Renders a symbol as a 1-bit PNG. */
export function qrToPng(qr: QrCode, modulePixels = DEFAULT_MODULE_PIXELS, quietZone = QUIET_ZONE_MODULES): Uint8Array {
  const side = (qr.size + 2 * quietZone) * modulePixels;
  return encodeBilevelPng(side, side, (x, y) => {
    const mx = Math.floor(x / modulePixels) - quietZone;
    const my = Math.floor(y / modulePixels) - quietZone;
    return mx >= 0 && my >= 0 && mx < qr.size && my < qr.size && qr.modules[my * qr.size + mx] === 1;
  });
}

/** The PNG of a QR code holding `text` (UTF-8, byte mode). */
export function qrCodePng(text: string, options: QrOptions & { modulePixels?: number } = {}): Uint8Array {
  return qrToPng(encodeQr(text, options), options.modulePixels ?? DEFAULT_MODULE_PIXELS);
}
