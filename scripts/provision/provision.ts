/**
 * Carries out plans: builds nats-server lines and the benchmark's peers with `go install` into the
 * project's cache and installs Debian's packages with apt-get (one update, one install for
 * everything needed), with progress lines for the long steps. What cannot be got is returned with the commands to run.
 */
import { execFile, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { isExecutable } from "./machine";
import type { Route, ToolPlan } from "./plan";
import { projectCacheDir } from "./versions";

export interface Provisioned {
  plan: ToolPlan;
  /** The executable to use; undefined when it could not be got. */
  path?: string;
  /** How it was got. */
  how?: "found" | "built" | "installed";
  /** Why each route tried did not work. */
  failures: string[];
}

export interface ProvisionOptions {
  log?: (line: string) => void;
  /** Try no route: only report what is found and what is missing (`JSW_NO_INSTALL=1`). */
  dryRun?: boolean;
  /** How often a long step says it is still going. */
  progressEveryMs?: number;
  /** Where apt-get's output is kept; default: the project's cache. */
  logDir?: string;
}

type Settings = Required<Omit<ProvisionOptions, "dryRun">>;

const PROGRESS_EVERY_MS = 15_000;

/** Runs `command`, its output into `logFile`, saying every so often that it is still going. */
function runLogged(command: string, args: string[], opts: { env?: NodeJS.ProcessEnv; logFile: string; log: (line: string) => void; label: string; everyMs: number }): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const out = createWriteStream(opts.logFile, { flags: "a" });
    const child = spawn(command, args, { env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    const ticker = setInterval(() => opts.log(`  … ${opts.label}: ${Math.round((Date.now() - started) / 1000)} s`), opts.everyMs);
    const finish = (error?: Error) => {
      clearInterval(ticker);
      out.end(() => (error ? reject(error) : resolve()));
    };
    child.once("error", (error) => finish(new Error(`${command} could not start: ${error.message}`)));
    child.once("close", (code, signal) =>
      code === 0 ? finish() : finish(new Error(`${path.basename(command)} ${args.join(" ")} ${signal ? `was killed by ${signal}` : `exited with code ${code}`}; its output is in ${opts.logFile}`)),
    );
  });
}

async function tailOf(file: string, lines = 8): Promise<string> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text.trimEnd().split("\n").slice(-lines).map((line) => `    ${line}`).join("\n");
}

const execFileAsync = promisify(execFile);

/** The version a program prints for `--version`: "nats-server: v2.14.5" → "2.14.5", natscli's "v0.5.0" → "0.5.0". */
export async function toolVersion(bin: string): Promise<string> {
  const { stdout, stderr } = await execFileAsync(bin, ["--version"], { timeout: 10_000 });
  const printed = `${stdout}${stderr}`.trim();
  const match = /v?(\d+\.\d+\.\d+\S*)/.exec(printed);
  if (!match) throw new Error(`cannot read the version of ${bin} from "${printed}"`);
  return match[1];
}

async function goInstall(route: Extract<Route, { kind: "go-install" }>, opts: Settings): Promise<string> {
  const dir = path.dirname(route.target);
  const binary = path.basename(route.target);
  const label = `${route.name} ${route.version}`;
  await mkdir(path.dirname(dir), { recursive: true });
  // Built into a scratch directory and moved into place, so an interrupted build leaves nothing that looks usable.
  const scratch = await mkdtemp(path.join(path.dirname(dir), `.build-${route.version}-`));
  const logFile = path.join(path.dirname(dir), `build-${route.version}.log`);
  opts.log(`building ${label} with go install (about a minute)…`);
  const started = Date.now();
  try {
    await runLogged(route.go, ["install", `${route.module}@v${route.version}`], {
      env: { ...process.env, GOBIN: scratch },
      logFile,
      log: opts.log,
      label: `building ${label}`,
      everyMs: opts.progressEveryMs,
    });
    const built = path.join(scratch, binary);
    const version = await toolVersion(built);
    if (version !== route.version) throw new Error(`go install built ${binary} ${version}, not ${route.version}`);
    await mkdir(dir, { recursive: true });
    await rename(built, route.target);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${await tailOf(logFile)}`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  opts.log(`built ${label} in ${Math.round((Date.now() - started) / 1000)} s: ${route.target}`);
  return route.target;
}

async function aptInstall(aptGet: string, packages: string[], opts: Settings): Promise<void> {
  await mkdir(opts.logDir, { recursive: true });
  const logFile = path.join(opts.logDir, "apt-get.log");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const label = `installing ${packages.join(", ")}`;
  opts.log(`${label} from Debian's packages with apt-get (about a minute)…`);
  const started = Date.now();
  try {
    await runLogged(aptGet, ["update", "-q"], { env, logFile, log: opts.log, label, everyMs: opts.progressEveryMs });
    await runLogged(aptGet, ["install", "-y", "-q", ...packages], { env, logFile, log: opts.log, label, everyMs: opts.progressEveryMs });
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${await tailOf(logFile)}`);
  }
  opts.log(`installed ${packages.join(", ")} in ${Math.round((Date.now() - started) / 1000)} s`);
}

/**
 * Gets every planned tool that is not found: go builds first (each on its own), then one apt-get
 * for all the packages still needed. Never throws: what could not be got comes back without a path.
 */
export async function provision(plans: ToolPlan[], options: ProvisionOptions = {}): Promise<Provisioned[]> {
  const opts: Settings = {
    log: options.log ?? ((line: string) => console.log(line)),
    progressEveryMs: options.progressEveryMs ?? PROGRESS_EVERY_MS,
    logDir: options.logDir ?? projectCacheDir(),
  };
  const results: Provisioned[] = plans.map((plan) => (plan.found ? { plan, path: plan.found.path, how: "found", failures: [] } : { plan, failures: [] }));
  if (options.dryRun) return results;
  const pending = () => results.filter((r) => !r.path && !r.plan.settingError);

  for (const result of pending()) {
    for (const route of result.plan.routes) {
      if (route.kind !== "go-install") continue;
      try {
        result.path = await goInstall(route, opts);
        result.how = "built";
        break;
      } catch (error) {
        result.failures.push(`go install: ${(error as Error).message}`);
        opts.log(`could not build ${route.name} ${route.version}: ${(error as Error).message}`);
      }
    }
  }

  const wantApt = pending().flatMap((result) => result.plan.routes.filter((route) => route.kind === "apt").map((route) => ({ result, route })));
  const packages = [...new Set(wantApt.map(({ route }) => route.aptPackage))];
  if (packages.length > 0) {
    let failure: string | undefined;
    try {
      await aptInstall(wantApt[0].route.aptGet, packages, opts);
    } catch (error) {
      failure = (error as Error).message;
      opts.log(`apt-get failed: ${failure}`);
    }
    for (const { result, route } of wantApt) {
      if (result.path) continue;
      if (!failure && isExecutable(route.target)) {
        result.path = route.target;
        result.how = "installed";
      } else {
        result.failures.push(`apt-get install ${route.aptPackage}: ${failure ?? `installed, but ${route.target} is not there`}`);
      }
    }
  }
  return results;
}

/** What is missing and how to get it, one block per tool; empty when nothing is missing. */
export function describeMissing(results: Provisioned[]): string {
  return results
    .filter((r) => !r.path)
    .map(({ plan, failures }) => {
      const what = plan.settingError
        ? `${plan.label}: ${plan.settingError}`
        : failures.length
          ? `${plan.label} could not be got (${failures.map((f) => f.split("\n")[0]).join("; ")})`
          : `${plan.label} is not installed`;
      const how = plan.howTo.length > 1 ? "Get it with one of:" : "Get it with:";
      return `${what}. ${how}\n${plan.howTo.map((line) => `    ${line}`).join("\n")}`;
    })
    .join("\n");
}
