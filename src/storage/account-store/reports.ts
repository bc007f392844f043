/**
 * @module The reports aggregate on SQLite: `credential_report`, one row per CSV line. Not in the read
 * model: only the account's object answers GetCredentialReport.
 */
import { asc } from 'drizzle-orm';
import type { ReportStore } from '../../core/ports/reports';
import * as t from '../schema/account';
import type { StoreMethods } from './context';

/** The report methods. */
export const reportMethods: ReportStore & ThisType<StoreMethods> = {
  credentialReport() {
    const rows = this.c.db.select().from(t.credentialReport).orderBy(asc(t.credentialReport.line)).all();
    if (rows.length === 0) return undefined;
    return { generatedAt: rows[0]!.generatedAt, lines: rows.map((r) => r.csv) };
  },

  putCredentialReport(generatedAt, lines) {
    this.c.db.delete(t.credentialReport).run();
    // In slices: SQLite caps the variables of one statement (3 per row here).
    for (let i = 0; i < lines.length; i += 250) {
      const rows = lines.slice(i, i + 250).map((csv, j) => ({ line: i + j, csv, generatedAt }));
      this.c.db.insert(t.credentialReport).values(rows).run();
    }
  },
};
