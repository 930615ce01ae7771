/** The signed-in session of the request a server component renders (the dashboard's layout, the wall). */
import "server-only";
import { getServerSession, type Session } from "next-auth";
import { headers } from "next/headers";
import type { AuthSettings } from "./config";
import { getAuthOptions } from "./options";
import { requestFacts } from "./request";

type Settings = Parameters<typeof getAuthOptions>[0] & Pick<AuthSettings, "trustProxy"> & { publicUrl?: string };

export async function currentSession(settings: Settings): Promise<Session | null> {
  return getServerSession(getAuthOptions(settings, requestFacts(await headers(), settings)));
}
