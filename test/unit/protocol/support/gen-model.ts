/**
 * @module Typed access to `scripts/gen-model.mjs` (plain Node ESM, no declarations): the same compaction
 * code turns botocore's protocol-test shapes into codec models, and regenerates the committed tables.
 */
import { fileURLToPath } from 'node:url';
import type { ServiceModel } from '../../../../src/protocol/query/model/types';

/** A botocore-format model (`service-2.json` or a protocol-test suite reshaped like one). */
export interface BotocoreModel {
  readonly metadata: Record<string, unknown> & { apiVersion: string };
  readonly operations: Record<string, unknown>;
  readonly shapes: Record<string, unknown>;
}

interface GenModule {
  compactModel(model: BotocoreModel): ServiceModel;
  generateAll(dir?: string): Record<string, string>;
  modelsDir(): string;
}

const GEN_URL = new URL('../../../../scripts/gen-model.mjs', import.meta.url);

/** Loads the generator module. */
export const loadGenerator = async (): Promise<GenModule> => (await import(GEN_URL.href)) as GenModule;

/** Directory of the committed generated tables. */
export const MODEL_OUT_DIR = fileURLToPath(new URL('../../../../src/protocol/query/model/', import.meta.url));
