/** Writes deploy/prometheus/rules.yml from the dashboard's rule defaults (lib/metrics/prometheus-rules.ts). */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { prometheusRulesYaml } from "../lib/metrics/prometheus-rules";

const file = path.resolve(__dirname, "../deploy/prometheus/rules.yml");
writeFileSync(file, prometheusRulesYaml());
console.log(`wrote ${path.relative(process.cwd(), file)}`);
