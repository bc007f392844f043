/**
 * @module The reports aggregate on SQLite: `credential_report`, the CSV in slices of consecutive lines.
 * Not in the read model: only the account's object answers GetCredentialReport.
 */
import { asc } from 'drizzle-orm';
import type { ReportStore } from '../../core/ports/reports';
import * as t from '../schema/account';
import type { StoreMethods } from './context';

/**
 * Lines per stored slice. One row per slice, one statement per row: a Durable Object's SQLite binds at most
 * 100 parameters per statement (Cloudflare, "Durable Objects limits"), so a multi-row insert fails past 33
 * rows, and 5,001 one-line rows would cost 5,001 statements to write and as many objects to read. A line is
 * under 1 KB (names ≤ 64, paths ≤ 512 characters), so a slice stays far below the 2 MB a value may hold.
 */
export const REPORT_LINES_PER_ROW = 500;

/** The report methods. */
export const reportMethods: ReportStore & ThisType<StoreMethods> = {
  credentialReport() {
    const rows = this.c.db.select().from(t.credentialReport).orderBy(asc(t.credentialReport.slice)).all();
    if (rows.length === 0) return undefined;
    // A row is a slice of lines (a report stored one line per row before slices reads the same).
    return { generatedAt: rows[0]!.generatedAt, lines: rows.flatMap((r) => r.csv.split('\n')) };
  },

  putCredentialReport(generatedAt, lines) {
    this.c.db.delete(t.credentialReport).run();
    for (let i = 0; i * REPORT_LINES_PER_ROW < lines.length; i++) {
      const csv = lines.slice(i * REPORT_LINES_PER_ROW, (i + 1) * REPORT_LINES_PER_ROW).join('\n');
      this.c.db.insert(t.credentialReport).values({ slice: i, csv, generatedAt }).run();
    }
  },
};
