import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { getAuthOptions } from "@/lib/auth/options";
import { requestFacts } from "@/lib/auth/request";
import { getConfig } from "@/lib/config";

type Context = { params: Promise<{ nextauth: string[] }> };

// Options are built per request: the secret and users come from the runtime config, and the
// request's client address and scheme decide the rate limits and the cookies.
async function handler(req: NextRequest, ctx: Context) {
  const config = getConfig();
  return NextAuth(req, ctx, getAuthOptions(config, requestFacts(req.headers, config)));
}

export { handler as GET, handler as POST };
