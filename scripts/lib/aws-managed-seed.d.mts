/** Types of aws-managed-seed.mjs (the AWS-managed policy catalog's seed). */
export declare const ARTEFACT: string;
export declare function readArtefact(file?: string): { text: string; version: string };
export declare function seedStatements(text: string, version: string, seededAt?: string): string[];
export declare function seedSql(text: string, version: string, seededAt?: string): string;
export declare function subset(artefact: { text: string }, names: readonly string[]): { text: string; version: string };
export declare function seedWithWrangler(
  wrangler: (args: string[]) => Promise<string>,
  where?: string[],
  file?: string,
): Promise<{ seeded: boolean; version: string; policies: number }>;
