import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { getAuthOptions } from "@/lib/auth/options";
import { getConfig } from "@/lib/config";

type Context = { params: Promise<{ nextauth: string[] }> };

// Options are built per request because the secret and users come from the runtime config.
async function handler(req: NextRequest, ctx: Context) {
  return NextAuth(req, ctx, getAuthOptions(getConfig()));
}

export { handler as GET, handler as POST };
