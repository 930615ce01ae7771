import assert from "node:assert/strict";
import { test } from "node:test";
import { AUDIT_CSV_COLUMNS, auditCsvHeader, auditCsvLines, type StoredAuditEntry } from "./audit";

const T0 = Date.parse("2026-11-21T03:00:00Z");

test("the audit CSV has one header and one line per entry in its columns, times in UTC", () => {
  assert.deepEqual(AUDIT_CSV_COLUMNS, ["id", "time", "kind", "actor", "ip", "subject", "detail"]);
  assert.equal(auditCsvHeader(), "id,time,kind,actor,ip,subject,detail\r\n");
  const entries: StoredAuditEntry[] = [
    { id: 2, at: T0, kind: "token-created", actor: "ana", ip: "10.0.0.1", subject: "prometheus", detail: "scope viewer" },
    { id: 1, at: T0 - 1000, kind: "config-loaded", actor: "dashboard", ip: null, subject: "cfg-1a2b", detail: null },
  ];
  assert.equal(auditCsvLines(entries), "2,2026-11-21T03:00:00.000Z,token-created,ana,10.0.0.1,prometheus,scope viewer\r\n1,2026-11-21T02:59:59.000Z,config-loaded,dashboard,,cfg-1a2b,\r\n");
  assert.equal(auditCsvLines([]), "");
});

test("text that would break a line or run as a spreadsheet formula is escaped", () => {
  const line = (actor: string, detail: string | null = null) =>
    auditCsvLines([{ id: 7, at: T0, kind: "sign-in-failed", actor, ip: "203.0.113.9, 10.0.0.1", subject: null, detail }]);
  const cases: [string, string | null, string][] = [
    ["plain", null, '7,2026-11-21T03:00:00.000Z,sign-in-failed,plain,"203.0.113.9, 10.0.0.1",,\r\n'],
    ['say "hi"', null, '7,2026-11-21T03:00:00.000Z,sign-in-failed,"say ""hi""","203.0.113.9, 10.0.0.1",,\r\n'],
    ["a,b", "line one\nline two", '7,2026-11-21T03:00:00.000Z,sign-in-failed,"a,b","203.0.113.9, 10.0.0.1",,"line one\nline two"\r\n'],
    ["cr\rhere", null, '7,2026-11-21T03:00:00.000Z,sign-in-failed,"cr\rhere","203.0.113.9, 10.0.0.1",,\r\n'],
    ["=HYPERLINK(\"http://x\")", null, '7,2026-11-21T03:00:00.000Z,sign-in-failed,"\'=HYPERLINK(""http://x"")","203.0.113.9, 10.0.0.1",,\r\n'],
    ["+1", "-2+3", "7,2026-11-21T03:00:00.000Z,sign-in-failed,'+1,\"203.0.113.9, 10.0.0.1\",,'-2+3\r\n"],
    ["@SUM(A1)", "\tx", "7,2026-11-21T03:00:00.000Z,sign-in-failed,'@SUM(A1),\"203.0.113.9, 10.0.0.1\",,'\tx\r\n"],
  ];
  for (const [actor, detail, expected] of cases) assert.equal(line(actor, detail), expected, actor);
});
