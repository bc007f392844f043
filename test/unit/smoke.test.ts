import { it, expect } from 'vitest';
import { constantTimeEqualString } from '../../src/core/bytes';
it('compares', () => { expect(constantTimeEqualString('a', 'a')).toBe(true); });
