/** A whole-screen message in the wall's type: readable across the room, no links to click. */
export function WallNotice({ title, testId, retry, children }: { title: string; testId: string; retry?: boolean; children: React.ReactNode }) {
  return (
    <main data-testid={testId} className="flex h-full flex-col items-center justify-center gap-[4vh] p-[8vh] text-center">
      {/* Try again now and then, so the screen recovers by itself once the configuration is fixed. */}
      {retry && <meta httpEquiv="refresh" content="60" />}
      <h1 className="text-[10vh] font-black leading-none text-amber-300">{title}</h1>
      <p className="max-w-[150vh] text-[3.4vh] leading-snug text-zinc-200">{children}</p>
    </main>
  );
}
