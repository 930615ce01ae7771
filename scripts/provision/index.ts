/**
 * What the demo, the test run and the cluster harness ask of the machine. One code path for all
 * three: `plan` decides, `provision` gets what is missing, `locate` only looks.
 */
import { thisMachine } from "./machine";
import { goOf, plan, type Need, type ToolPlan } from "./plan";
import { describeMissing, provision, type ProvisionOptions, type Provisioned } from "./provision";

export { describeMissing, toolVersion, type Provisioned } from "./provision";
export type { Need } from "./plan";
export { CURRENT_NATS_SERVER, MATRIX_NATS_SERVERS, PEER_TOOLS, cachedNatsServerPath, projectCacheDir, type PeerToolName } from "./versions";

/** The installed executable for `need`, or an error that says how to get it. Installs nothing. */
export function locate(need: Need, env: NodeJS.ProcessEnv = process.env): string {
  const found = plan(thisMachine(env), need);
  if (found.found) return found.found.path;
  throw new Error(describeMissing([{ plan: found, failures: [] }]));
}

/** The go command that builds the cached tools, if this machine has one. */
export function locateGo(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return goOf(thisMachine(env));
}

/**
 * Plans every need on this machine and gets what is missing, unless `JSW_NO_INSTALL=1` (then it
 * only reports). Needs asked twice are planned once.
 */
export async function provisionNeeds(needs: Need[], options: Omit<ProvisionOptions, "dryRun"> = {}, env: NodeJS.ProcessEnv = process.env): Promise<Provisioned[]> {
  const machine = thisMachine(env);
  const plans = new Map<string, ToolPlan>();
  for (const need of needs) plans.set(JSON.stringify(need), plan(machine, need));
  return provision([...plans.values()], { ...options, dryRun: env.JSW_NO_INSTALL === "1" });
}

/** The result for `need` among `results` (planned by provisionNeeds). */
export function resultFor(results: Provisioned[], need: Need): Provisioned {
  const found = results.find((r) => JSON.stringify(r.plan.need) === JSON.stringify(need));
  if (!found) throw new Error(`${JSON.stringify(need)} was not provisioned`);
  return found;
}
