import assert from "node:assert/strict";
import { test } from "node:test";
import { plan, type Machine, type Need } from "./plan";
import { CURRENT_NATS_SERVER } from "./versions";

const CACHE = "/home/dev/.cache/jetstream-watch";
/** A line newer than the current one, as a cache may hold after a later release. */
const NEWER_NATS_SERVER = CURRENT_NATS_SERVER.replace(/^(\d+)\.(\d+)\..*$/, (_, major: string, minor: string) => `${major}.${Number(minor) + 1}.0`);

/** A machine with exactly these executables on PATH (by name) and on disk (by path), and these cached versions. */
function machine(opts: { path?: Record<string, string>; files?: string[]; cached?: string[]; root?: boolean; env?: Machine["env"] } = {}): Machine {
  const files = new Set([...(opts.files ?? []), ...Object.values(opts.path ?? {}), ...(opts.cached ?? []).map((v) => `${CACHE}/nats/${v}/nats-server`)]);
  return {
    env: opts.env ?? {},
    which: (name) => opts.path?.[name],
    isExecutable: (file) => files.has(file),
    cachedNatsServers: () => opts.cached ?? [],
    cacheDir: CACHE,
    root: opts.root ?? false,
  };
}

const ANY: Need = { tool: "nats-server", line: "any" };
const GO = { go: "/usr/local/go/bin/go" };
const APT = { "apt-get": "/usr/bin/apt-get" };

test("a nats-server for the demo: found where it is installed, in order NATS_SERVER_BIN, PATH, Debian's path, the cache", () => {
  const cases: Array<[string, Machine, { path: string; source: string }]> = [
    ["NATS_SERVER_BIN wins over PATH", machine({ env: { NATS_SERVER_BIN: "/opt/nats/nats-server" }, files: ["/opt/nats/nats-server"], path: { "nats-server": "/usr/bin/nats-server" } }), { path: "/opt/nats/nats-server", source: "NATS_SERVER_BIN" }],
    ["PATH", machine({ path: { "nats-server": "/usr/local/bin/nats-server" }, cached: ["2.14.5"] }), { path: "/usr/local/bin/nats-server", source: "PATH" }],
    ["Debian's path, not on a non-root PATH", machine({ files: ["/usr/sbin/nats-server"], cached: ["2.14.5"] }), { path: "/usr/sbin/nats-server", source: "Debian's package" }],
    ["the newest cached line (numeric order: 2.10 > 2.9)", machine({ cached: ["2.9.25", "2.10.27"] }), { path: `${CACHE}/nats/2.10.27/nats-server`, source: "the project's cache" }],
  ];
  for (const [name, m, found] of cases) {
    const p = plan(m, ANY);
    assert.deepEqual(p.found, found, name);
    assert.deepEqual(p.routes, [], name);
  }
});

test("no nats-server for the demo: built with go when Go is there, else Debian's package as root with apt, else the commands", () => {
  const target = `${CACHE}/nats/${CURRENT_NATS_SERVER}/nats-server`;
  const cases: Array<[string, Machine, string[]]> = [
    ["Go on PATH: build the current line; apt as a fallback for root", machine({ path: { ...GO, ...APT }, root: true }), ["go-install", "apt"]],
    ["Go only in /usr/local/go (not on PATH)", machine({ files: ["/usr/local/go/bin/go"] }), ["go-install"]],
    ["no Go, root with apt: Debian's package", machine({ path: APT, root: true }), ["apt"]],
    ["no Go, not root: nothing to try", machine({ path: APT }), []],
    ["no Go, root without apt: nothing to try", machine({ root: true }), []],
  ];
  for (const [name, m, kinds] of cases) {
    const p = plan(m, ANY);
    assert.equal(p.found, undefined, name);
    assert.deepEqual(p.routes.map((r) => r.kind), kinds, name);
    const build = p.routes.find((r) => r.kind === "go-install");
    if (build) assert.deepEqual([build.version, build.target], [CURRENT_NATS_SERVER, target], name);
  }
});

test("the commands for the reader say what fits their machine", () => {
  const notRootWithApt = plan(machine({ path: APT }), ANY).howTo.join("\n");
  assert.match(notRootWithApt, /^install Go \(https:\/\/go\.dev\/dl\/\), then run this again/m);
  assert.match(notRootWithApt, /^sudo apt-get install nats-server/m);
  assert.match(notRootWithApt, /NATS_SERVER_BIN/);
  const rootWithoutApt = plan(machine({ root: true }), ANY).howTo.join("\n");
  assert.doesNotMatch(rootWithoutApt, /apt-get/);
  assert.match(rootWithoutApt, new RegExp(`GOBIN=${CACHE}/nats/${CURRENT_NATS_SERVER} go install github.com/nats-io/nats-server/v2@v${CURRENT_NATS_SERVER}`));
  const withGo = plan(machine({ path: GO }), ANY).howTo.join("\n");
  assert.match(withGo, /^GOBIN=\S+ go install \S+ +\(needs the Go module proxy/m);
});

test("a NATS_SERVER_BIN that is not executable is a setting to fix, not something to build around", () => {
  const p = plan(machine({ env: { NATS_SERVER_BIN: "/nope/nats-server" }, path: { ...GO, "nats-server": "/usr/bin/nats-server" } }), ANY);
  assert.equal(p.found, undefined);
  assert.deepEqual(p.routes, []);
  assert.match(p.settingError ?? "", /NATS_SERVER_BIN=\/nope\/nats-server does not exist or is not executable/);
});

test("the tests' lines: Debian's package for the oldest, a version in the cache for the newest", () => {
  const debian: Need = { tool: "nats-server", line: "debian" };
  const current: Need = { tool: "nats-server", line: { version: CURRENT_NATS_SERVER } };
  // NATS_SERVER_BIN does not replace a named line (npm test sets it per run).
  const m = machine({ env: { NATS_SERVER_BIN: "/x" }, files: ["/usr/sbin/nats-server"], cached: [CURRENT_NATS_SERVER, NEWER_NATS_SERVER] });
  assert.equal(plan(m, debian).found?.path, "/usr/sbin/nats-server");
  assert.equal(plan(m, current).found?.path, `${CACHE}/nats/${CURRENT_NATS_SERVER}/nats-server`);

  const fresh = machine({ path: { ...GO, ...APT }, root: true, cached: [NEWER_NATS_SERVER] });
  assert.deepEqual(plan(fresh, debian).routes.map((r) => r.kind), ["apt"]);
  // A newer cached line is not the one asked for, and Debian's 2.9 is no substitute for it.
  assert.deepEqual(plan(fresh, current).routes.map((r) => r.kind), ["go-install"]);
  const noApt = plan(machine({ path: GO, root: true }), debian);
  assert.deepEqual(noApt.routes, []);
  assert.match(noApt.howTo.join("\n"), /NATS_SERVER_BINS=/);
});

test("nginx, openssl and Chromium: found on PATH or Debian's path, else apt as root, else the command", () => {
  for (const tool of ["nginx", "openssl", "chromium"] as const) {
    const debianPath = tool === "nginx" ? "/usr/sbin/nginx" : `/usr/bin/${tool}`;
    assert.equal(plan(machine({ files: [debianPath] }), { tool }).found?.path, debianPath, tool);
    assert.equal(plan(machine({ path: { [tool]: `/opt/bin/${tool}` } }), { tool }).found?.source, "PATH", tool);
    const asRoot = plan(machine({ path: APT, root: true }), { tool });
    assert.deepEqual(asRoot.routes, [{ kind: "apt", aptGet: "/usr/bin/apt-get", aptPackage: tool, target: debianPath }], tool);
    assert.deepEqual(plan(machine({ path: APT }), { tool }).howTo, [`sudo apt-get install ${tool}`], tool);
    assert.deepEqual(plan(machine({ path: APT }), { tool }).routes, [], tool);
    assert.match(plan(machine({}), { tool }).howTo[0], /package manager/, tool);
  }
  const custom = machine({ env: { CHROMIUM_PATH: "/snap/bin/chromium" }, files: ["/snap/bin/chromium", "/usr/bin/chromium"] });
  assert.deepEqual(plan(custom, { tool: "chromium" }).found, { path: "/snap/bin/chromium", source: "CHROMIUM_PATH" });
  assert.match(plan(machine({ env: { CHROMIUM_PATH: "/nope" } }), { tool: "chromium" }).settingError ?? "", /CHROMIUM_PATH=\/nope/);
});

test("the bench's peers: their pinned version from the cache, else built there with Go, else the command", () => {
  const natscli = `${CACHE}/natscli/0.5.0/nats`;
  const cached = plan(machine({ files: [natscli], path: { nats: "/usr/local/bin/nats" } }), { tool: "natscli" });
  assert.deepEqual(cached.found, { path: natscli, source: "the project's cache" }, "another natscli on PATH is not the pinned one");
  assert.equal(cached.label, "natscli 0.5.0");

  const withGo = plan(machine({ path: GO }), { tool: "nats-surveyor" });
  assert.equal(withGo.found, undefined);
  assert.deepEqual(withGo.routes, [
    { kind: "go-install", name: "nats-surveyor", module: "github.com/nats-io/nats-surveyor", version: "0.9.9", go: GO.go, target: `${CACHE}/nats-surveyor/0.9.9/nats-surveyor` },
  ]);
  assert.match(withGo.howTo[0], new RegExp(`^GOBIN=${CACHE}/nats-surveyor/0\\.9\\.9 /usr/local/go/bin/go install github\\.com/nats-io/nats-surveyor@v0\\.9\\.9 `));

  const noGo = plan(machine({ path: APT, root: true }), { tool: "natscli" });
  assert.deepEqual(noGo.routes, [], "no Debian package stands in for a pinned peer");
  assert.match(noGo.howTo[0], /^install Go \(https:\/\/go\.dev\/dl\/\), then run this again: it builds natscli 0\.5\.0 itself \(GOBIN=\S+\/natscli\/0\.5\.0 go install github\.com\/nats-io\/natscli\/nats@v0\.5\.0\)$/);
});
