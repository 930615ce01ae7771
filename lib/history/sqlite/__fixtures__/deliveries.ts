/**
 * For tests that kill a running dashboard: how many webhook deliveries its history file holds as
 * decided but not yet answered. Read-only, beside the dashboard that writes the file (WAL).
 */
import Database from "better-sqlite3";

export function unansweredDeliveries(historyFile: string): number {
  const db = new Database(historyFile, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM alert_deliveries WHERE outcome IS NULL").get() as { n: number }).n;
  } finally {
    db.close();
  }
}
