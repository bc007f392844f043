/**
 * @module The reports aggregate's port: the account's latest credential report (GenerateCredentialReport,
 * GetCredentialReport), kept as generated until the next generation replaces it.
 */

/** A stored credential report: when it was generated and its CSV lines, header first. */
export interface StoredCredentialReport {
  generatedAt: string;
  lines: string[];
}

/** The account's credential report. */
export interface ReportStore {
  credentialReport(): StoredCredentialReport | undefined;
  /** Replaces the stored report. */
  putCredentialReport(generatedAt: string, lines: readonly string[]): void;
}
