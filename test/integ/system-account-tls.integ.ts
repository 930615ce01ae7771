/**
 * The system-account source over TLS with a client certificate, against a real nats-server that
 * requires one (`verify: true`). A standalone server: TLS is about the connection, not the cluster.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { resolveNatsServerBin } from "../harness/cluster";
import { reserveLoopbackPorts } from "../harness/ports";
import { spawnLogged, type ManagedProcess } from "../harness/processes";
import { createCertificateAuthority, issueCertificate, type CertificateAuthority, type IssuedCertificate } from "../harness/tls";
import type { SystemSourceConfig } from "../../lib/sources/config";
import { SystemAccountSource } from "../../lib/sources/system-account";

let dir: string;
let server: ManagedProcess;
let ca: CertificateAuthority;
let client: IssuedCertificate;
let url: string;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "jsw-tls-"));
  ca = await createCertificateAuthority(path.join(dir, "tls"));
  const serverCert = await issueCertificate(ca, "nats", "server");
  client = await issueCertificate(ca, "dashboard", "client");
  const [port] = await reserveLoopbackPorts(1);
  url = `tls://127.0.0.1:${port}`;
  const config = path.join(dir, "nats.conf");
  writeFileSync(
    config,
    `server_name: tls1
listen: "127.0.0.1:${port}"
tls {
  cert_file: ${JSON.stringify(serverCert.certFile)}
  key_file: ${JSON.stringify(serverCert.keyFile)}
  ca_file: ${JSON.stringify(ca.caFile)}
  verify: true
}
accounts { SYS { users: [ { user: dash, password: dashpass } ] } }
system_account: SYS
`,
  );
  server = spawnLogged(resolveNatsServerBin(), ["-c", config], path.join(dir, "nats.log"));
  await untilListening(port);
});

after(async () => {
  await server?.kill();
  rmSync(dir, { recursive: true, force: true });
});

async function untilListening(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.destroy();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    await sleep(50);
  }
  throw new Error(`nats-server did not listen on ${port}; see ${dir}/nats.log`);
}

const base = (): SystemSourceConfig => ({ urls: [url], user: "dash", password: "dashpass", timeoutMs: 2000, stallMs: 300 });

async function connected(config: SystemSourceConfig): Promise<SystemAccountSource> {
  const source = new SystemAccountSource(config);
  source.start();
  const deadline = Date.now() + 10_000;
  while (source.state().state === "connecting" && Date.now() < deadline) await sleep(50);
  return source;
}

test("with the CA and a client certificate the fan-out works over TLS", async () => {
  const source = await connected({ ...base(), tls: { caFile: ca.caFile, certFile: client.certFile, keyFile: client.keyFile } });
  try {
    assert.equal(source.state().state, "connected", JSON.stringify(source.state()));
    const poll = await source.poll();
    assert.ok(poll.ok, JSON.stringify(poll));
    assert.deepEqual([...poll.servers.keys()], ["tls1"]);
  } finally {
    await source.close();
  }
});

test("without the client certificate the server refuses, and the reason is not 'connected'", async () => {
  const source = await connected({ ...base(), tls: { caFile: ca.caFile } });
  try {
    const state = source.state();
    assert.equal(state.state, "failed", JSON.stringify(state));
  } finally {
    await source.close();
  }
});
