/**
 * Logs in to a running dashboard and saves full-page PNGs of the given paths.
 * Usage: npx tsx scripts/screenshot.ts --url http://127.0.0.1:3000 --user admin --password … --out docs/screenshots [/ /other name=/path?query]
 * A path is saved under a name made from it, or under the name given before `=`.
 * The wall at 4K, saved at 1920×1080 pixels: --width 3840 --height 2160 --scale 0.5 --suffix=-4k /wall
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { launchChromium } from "./browser";

const { values, positionals } = parseArgs({
  options: {
    url: { type: "string", default: "http://127.0.0.1:3000" },
    user: { type: "string", default: "admin" },
    password: { type: "string" },
    out: { type: "string", default: "docs/screenshots" },
    width: { type: "string", default: "1440" },
    height: { type: "string", default: "1000" },
    wait: { type: "string", default: "3000" },
    /** Device pixels per CSS pixel: 0.5 renders a 4K layout into a 1080p image. */
    scale: { type: "string", default: "1" },
    /** Added to each file name, e.g. "-4k". */
    suffix: { type: "string", default: "" },
  },
  allowPositionals: true,
});

async function main() {
  if (!values.password) throw new Error("--password is required");
  mkdirSync(values.out!, { recursive: true });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: Number(values.width), height: Number(values.height) }, deviceScaleFactor: Number(values.scale) });
  await page.goto(`${values.url}/login`);
  await page.getByLabel("Username").fill(values.user!);
  await page.getByLabel("Password").fill(values.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  for (const arg of positionals.length ? positionals : ["/"]) {
    const named = /^([\w-]+)=(\/.*)$/.exec(arg);
    const route = named ? named[2] : arg;
    await page.goto(`${values.url}${route}`);
    await page.waitForTimeout(Number(values.wait));
    const name = named ? named[1] : route === "/" ? "overview" : route.replace(/^\//, "").replace(/[/?=&]+/g, "-");
    const file = path.join(values.out!, `${name}${values.suffix}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(`saved ${file}`);
  }
  await browser.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
