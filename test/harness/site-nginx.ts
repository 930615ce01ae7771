/**
 * A real nginx running one of deploy/nginx/'s site files as a user would install it: the file is
 * included in an http block (what /etc/nginx/nginx.conf gives it), and only its addresses, ports
 * and certificate paths are rewritten, each exactly as often as the test expects, so the example
 * cannot drift from what is tested.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "../../scripts/dashboard-process";
import { locate } from "../../scripts/provision";
import { httpsGet, waitUntil } from "./http";
import { spawnLogged, tailOfFile, type ManagedProcess } from "./processes";
import { createCertificateAuthority, issueCertificate } from "./tls";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "../..");

export interface SiteNginxOptions {
  /** The site file, from the repository's root (deploy/nginx/…). */
  site: string;
  /** A scratch directory of its own. */
  dir: string;
  /** Each `server ADDRESS` of the upstreams as the file has it, and the port on 127.0.0.1 it stands for here. */
  upstreams: Record<string, number>;
  /** How many upstream blocks name each server (default 1). */
  upstreamBlocks?: number;
}

export interface SiteNginx {
  httpsUrl: string;
  httpUrl: string;
  /** The CA of the site's certificate. */
  ca: Buffer;
  errorLog: string;
  process: ManagedProcess;
}

/** Replaces `from` (which must occur exactly `times` times in `file`). */
export function replaceExactly(file: string, text: string, from: string | RegExp, to: string, times = 1): string {
  const pattern = typeof from === "string" ? new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "g") : new RegExp(from.source, "g");
  const found = text.match(pattern)?.length ?? 0;
  assert.equal(found, times, `${file}: expected ${times} × ${pattern} (the test rewrites it), found ${found}`);
  return text.replace(pattern, to);
}

export async function startSiteNginx({ site: siteFile, dir, upstreams, upstreamBlocks = 1 }: SiteNginxOptions): Promise<SiteNginx> {
  await mkdir(dir, { recursive: true });
  const authority = await createCertificateAuthority(path.join(dir, "tls"));
  const cert = await issueCertificate(authority, "dashboard", "server");
  const [tlsPort, plainPort] = [await freePort(), await freePort()];
  const rewrite = (text: string, from: string | RegExp, to: string, times = 1) => replaceExactly(siteFile, text, from, to, times);
  let site = readFileSync(path.join(ROOT, siteFile), "utf8");
  site = rewrite(site, "listen 443 ssl http2;", `listen 127.0.0.1:${tlsPort} ssl http2;`);
  site = rewrite(site, "listen 80;", `listen 127.0.0.1:${plainPort};`);
  site = rewrite(site, /ssl_certificate +\/etc\/ssl\/certs\/jsw\.example\.com\.pem;/, `ssl_certificate ${cert.certFile};`);
  site = rewrite(site, /ssl_certificate_key +\/etc\/ssl\/private\/jsw\.example\.com\.key;/, `ssl_certificate_key ${cert.keyFile};`);
  for (const [address, port] of Object.entries(upstreams)) site = rewrite(site, `server ${address}`, `server 127.0.0.1:${port}`, upstreamBlocks);
  writeFileSync(path.join(dir, "site.conf"), site);
  const errorLog = path.join(dir, "error.log");
  const main = `${process.getuid?.() === 0 ? "user root;\n" : ""}daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${errorLog} warn;
events { worker_connections 256; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  gzip on;
  gzip_types application/json text/event-stream;
  include ${dir}/site.conf;
}
`;
  writeFileSync(path.join(dir, "nginx.conf"), main);
  const bin = locate({ tool: "nginx" });
  await run(bin, ["-t", "-p", dir, "-c", path.join(dir, "nginx.conf")]);
  const nginx = spawnLogged(bin, ["-p", dir, "-c", path.join(dir, "nginx.conf")], errorLog);
  const httpsUrl = `https://127.0.0.1:${tlsPort}`;
  const ca = readFileSync(authority.caFile);
  // Up = it answers at all (502 while no dashboard is started yet).
  await waitUntil(`nginx on ${httpsUrl}`, 10_000, async () => (await httpsGet(`${httpsUrl}/api/health`, { ca }).catch(() => undefined)) !== undefined, () => tailOfFile(errorLog));
  return { httpsUrl, httpUrl: `http://127.0.0.1:${plainPort}`, ca, errorLog, process: nginx };
}
