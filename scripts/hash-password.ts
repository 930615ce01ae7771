/**
 * Prints a bcrypt hash for DASHBOARD_USERS or users[].passwordHash.
 * Usage: npx tsx scripts/hash-password.ts            (reads the password from stdin)
 *        npx tsx scripts/hash-password.ts alice      (prints "alice:<hash>")
 */
import bcrypt from "bcryptjs";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

async function main() {
  const user = process.argv[2];
  if (process.stdin.isTTY) process.stderr.write("Password (then Enter and Ctrl-D): ");
  const password = await readStdin();
  if (password.length < 8) throw new Error("use a password of at least 8 characters");
  const hash = await bcrypt.hash(password, 12);
  console.log(user ? `${user}:${hash}` : hash);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
