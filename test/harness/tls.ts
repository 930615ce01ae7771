/** Throwaway certificates made with openssl: a CA and certificates it signs for loopback servers or clients. */
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const CERT_VALIDITY_DAYS = "7";
// EC keys: RSA key generation costs seconds on this class of machine, P-256 is instant.
const EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

export interface CertificateAuthority {
  dir: string;
  caFile: string;
  caKey: string;
}

export interface IssuedCertificate {
  certFile: string;
  keyFile: string;
}

export async function createCertificateAuthority(dir: string): Promise<CertificateAuthority> {
  await mkdir(dir, { recursive: true });
  const caFile = join(dir, "ca.pem");
  const caKey = join(dir, "ca.key");
  await run("openssl", [
    "req", "-x509", ...EC_KEY, "-keyout", caKey, "-out", caFile, "-days", CERT_VALIDITY_DAYS,
    "-subj", "/CN=JetStream Watch harness CA",
    "-addext", "basicConstraints=critical,CA:TRUE",
    "-addext", "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  return { dir, caFile, caKey };
}

/** A certificate for `name`: a server one valid for 127.0.0.1 and localhost, or a client one. */
export async function issueCertificate(ca: CertificateAuthority, name: string, usage: "server" | "client"): Promise<IssuedCertificate> {
  const certFile = join(ca.dir, `${name}.pem`);
  const keyFile = join(ca.dir, `${name}.key`);
  const csrFile = join(ca.dir, `${name}.csr`);
  const extFile = join(ca.dir, `${name}.ext`);
  await run("openssl", ["req", "-new", ...EC_KEY, "-keyout", keyFile, "-out", csrFile, "-subj", `/CN=${usage === "server" ? "127.0.0.1" : name}`]);
  const extensions =
    usage === "server"
      ? ["subjectAltName = IP:127.0.0.1, DNS:localhost", "extendedKeyUsage = serverAuth"]
      : ["extendedKeyUsage = clientAuth"];
  await writeFile(extFile, ["basicConstraints = CA:FALSE", "keyUsage = critical, digitalSignature", ...extensions].join("\n") + "\n");
  await run("openssl", [
    "x509", "-req", "-in", csrFile, "-CA", ca.caFile, "-CAkey", ca.caKey, "-CAcreateserial",
    "-out", certFile, "-days", CERT_VALIDITY_DAYS, "-extfile", extFile,
  ]);
  return { certFile, keyFile };
}
