/**
 * The provisioning steps against stand-ins for `go` and `apt-get` (shell scripts that do what the
 * real ones would, without the network), so the built / installed / fallback / instructions paths
 * all run here.
 */
import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import type { ToolPlan } from "./plan";
import { describeMissing, provision } from "./provision";

function scratch(): string {
  return mkdtempSync(path.join(tmpdir(), "jsw-provision-"));
}

function script(file: string, body: string): string {
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** A `go` whose `install` writes `binary` into $GOBIN that reports `version` as nats-server does, after `delayS`. */
function fakeGo(dir: string, version: string, delayS = 0, binary = "nats-server"): string {
  return script(
    path.join(dir, "go"),
    `echo "go $*" >> "${dir}/go.calls"
sleep ${delayS}
printf '#!/bin/sh\\necho "${binary}: v${version}"\\n' > "$GOBIN/${binary}"
chmod 755 "$GOBIN/${binary}"`,
  );
}

function failingGo(dir: string): string {
  return script(path.join(dir, "go"), `echo 'go: github.com/nats-io/nats-server/v2@v2.14.5: dial tcp: lookup proxy.golang.org: no such host' >&2; exit 1`);
}

/** An `apt-get` that records its calls and, on install, creates the target of every package in `targets`. */
function fakeApt(dir: string, targets: Record<string, string>, fail = false): string {
  const creates = Object.entries(targets)
    .map(([pkg, target]) => `case " $* " in *" ${pkg} "*) printf '#!/bin/sh\\n' > "${target}"; chmod 755 "${target}";; esac`)
    .join("\n");
  return script(path.join(dir, "apt-get"), `echo "apt-get $*" >> "${dir}/apt.calls"\n${fail ? "echo 'E: Could not get lock /var/lib/dpkg/lock-frontend' >&2; exit 100" : `[ "$1" = install ] && { ${creates || ":"}; }`}\nexit 0`);
}

function natsPlan(dir: string, routes: ToolPlan["routes"]): ToolPlan {
  return { need: { tool: "nats-server", line: "any" }, label: "nats-server", routes, howTo: ["sudo apt-get install nats-server", "install Go (https://go.dev/dl/)"] };
}

test("built: go install into a scratch directory, checked and moved into the cache, with progress lines", async () => {
  const dir = scratch();
  const target = path.join(dir, "cache/nats/2.14.5/nats-server");
  const lines: string[] = [];
  const [result] = await provision([natsPlan(dir, [{ kind: "go-install", name: "nats-server", module: "github.com/nats-io/nats-server/v2", version: "2.14.5", go: fakeGo(dir, "2.14.5", 0.3), target }])], {
    log: (line) => lines.push(line),
    progressEveryMs: 100,
    logDir: dir,
  });
  assert.equal(result.how, "built");
  assert.equal(result.path, target);
  assert.ok(existsSync(target));
  assert.match(readFileSync(path.join(dir, "go.calls"), "utf8"), /^go install github\.com\/nats-io\/nats-server\/v2@v2\.14\.5$/m);
  assert.equal(lines[0], "building nats-server 2.14.5 with go install (about a minute)…");
  assert.ok(lines.some((line) => /^ {2}… building nats-server 2\.14\.5: \d+ s$/.test(line)), lines.join("\n"));
  assert.match(lines.at(-1) ?? "", /^built nats-server 2\.14\.5 in \d+ s/);
});

test("a peer of the bench is built from its own module into its own place in the cache", async () => {
  const dir = scratch();
  const target = path.join(dir, "cache/natscli/0.5.0/nats");
  const lines: string[] = [];
  const route = { kind: "go-install" as const, name: "natscli", module: "github.com/nats-io/natscli/nats", version: "0.5.0", go: fakeGo(dir, "0.5.0", 0, "nats"), target };
  const [result] = await provision([{ need: { tool: "natscli" }, label: "natscli 0.5.0", routes: [route], howTo: [] }], { log: (line) => lines.push(line), logDir: dir });
  assert.equal(result.how, "built");
  assert.equal(result.path, target);
  assert.ok(existsSync(target));
  assert.match(readFileSync(path.join(dir, "go.calls"), "utf8"), /^go install github\.com\/nats-io\/natscli\/nats@v0\.5\.0$/m);
  assert.equal(lines[0], "building natscli 0.5.0 with go install (about a minute)…");
});

test("a build that yields another version is refused and leaves nothing in the cache", async () => {
  const dir = scratch();
  const target = path.join(dir, "cache/nats/2.14.5/nats-server");
  const [result] = await provision([natsPlan(dir, [{ kind: "go-install", name: "nats-server", module: "github.com/nats-io/nats-server/v2", version: "2.14.5", go: fakeGo(dir, "2.9.0"), target }])], { log: () => {}, logDir: dir });
  assert.equal(result.path, undefined);
  assert.match(result.failures[0], /built nats-server 2\.9\.0, not 2\.14\.5/);
  assert.ok(!existsSync(target));
});

test("installed: when the build fails (no Go module proxy), Debian's package as the fallback", async () => {
  const dir = scratch();
  const debianBin = path.join(dir, "usr-sbin-nats-server");
  const apt = fakeApt(dir, { "nats-server": debianBin });
  const [result] = await provision(
    [natsPlan(dir, [
      { kind: "go-install", name: "nats-server", module: "github.com/nats-io/nats-server/v2", version: "2.14.5", go: failingGo(dir), target: path.join(dir, "cache/nats/2.14.5/nats-server") },
      { kind: "apt", aptGet: apt, aptPackage: "nats-server", target: debianBin },
    ])],
    { log: () => {}, logDir: dir },
  );
  assert.equal(result.how, "installed");
  assert.equal(result.path, debianBin);
  assert.match(result.failures[0], /^go install: go install github\.com\/nats-io\/nats-server\/v2@v2\.14\.5 exited with code 1/);
  assert.match(result.failures[0], /no such host/, "the end of go's output is kept");
  assert.deepEqual(readFileSync(path.join(dir, "apt.calls"), "utf8").trim().split("\n"), ["apt-get update -q", "apt-get install -y -q nats-server"]);
});

test("one apt-get for every package still needed; a tool found is left alone", async () => {
  const dir = scratch();
  const nginx = path.join(dir, "nginx");
  const chromium = path.join(dir, "chromium");
  const apt = fakeApt(dir, { nginx, chromium });
  const found: ToolPlan = { need: { tool: "openssl" }, label: "openssl", found: { path: "/usr/bin/openssl", source: "PATH" }, routes: [], howTo: [] };
  const results = await provision(
    [
      { need: { tool: "nginx" }, label: "nginx", routes: [{ kind: "apt", aptGet: apt, aptPackage: "nginx", target: nginx }], howTo: [] },
      found,
      { need: { tool: "chromium" }, label: "chromium", routes: [{ kind: "apt", aptGet: apt, aptPackage: "chromium", target: chromium }], howTo: [] },
    ],
    { log: () => {}, logDir: dir },
  );
  assert.deepEqual(results.map((r) => [r.plan.label, r.how, r.path]), [["nginx", "installed", nginx], ["openssl", "found", "/usr/bin/openssl"], ["chromium", "installed", chromium]]);
  assert.deepEqual(readFileSync(path.join(dir, "apt.calls"), "utf8").trim().split("\n"), ["apt-get update -q", "apt-get install -y -q nginx chromium"]);
});

test("nothing works: the reader gets what failed and the commands for their machine", async () => {
  const dir = scratch();
  const apt = fakeApt(dir, {}, true);
  const results = await provision(
    [
      natsPlan(dir, [{ kind: "apt", aptGet: apt, aptPackage: "nats-server", target: path.join(dir, "never") }]),
      { need: { tool: "nginx" }, label: "nginx", routes: [], howTo: ["sudo apt-get install nginx"] },
      { need: { tool: "chromium" }, label: "chromium", routes: [], howTo: [], settingError: "CHROMIUM_PATH=/nope does not exist or is not executable" },
    ],
    { log: () => {}, logDir: dir },
  );
  assert.ok(results.every((r) => r.path === undefined));
  const text = describeMissing(results);
  assert.match(text, /^nats-server could not be got \(apt-get install nats-server: apt-get update -q exited with code 100; its output is in .*\)\. Get it with one of:\n {4}sudo apt-get install nats-server\n {4}install Go/m);
  assert.match(text, /^nginx is not installed\. Get it with:\n {4}sudo apt-get install nginx$/m);
  assert.match(text, /^chromium: CHROMIUM_PATH=\/nope does not exist or is not executable\./m);
});

test("a dry run tries nothing", async () => {
  const dir = scratch();
  const go = fakeGo(dir, "2.14.5");
  const [result] = await provision([natsPlan(dir, [{ kind: "go-install", name: "nats-server", module: "github.com/nats-io/nats-server/v2", version: "2.14.5", go, target: path.join(dir, "t") }])], { dryRun: true, log: () => {}, logDir: dir });
  assert.equal(result.path, undefined);
  assert.ok(!existsSync(path.join(dir, "go.calls")));
});
