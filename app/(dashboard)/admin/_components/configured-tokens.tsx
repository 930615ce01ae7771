import { Section } from "@/components/ui/section";
import { Table, TableHead, Td, Th, Tr } from "@/components/ui/table";
import type { TokenScope } from "@/lib/auth/roles";

/** The configuration file's tokens: listed, never shown, changed only in the file (and a restart). */
export function ConfiguredTokens({ tokens }: { tokens: { name: string; scope: TokenScope }[] }) {
  return (
    <Section title="From the configuration" description="apiToken and displayTokens in the configuration file or the environment. Read-only here: change them there and restart.">
      {tokens.length === 0 ? (
        <p className="text-sm text-slate-500">The configuration holds no tokens.</p>
      ) : (
        <Table testId="configured-tokens" label="Tokens from the configuration">
          <TableHead>
            <Th>Name</Th>
            <Th>Scope</Th>
            <Th>Source</Th>
          </TableHead>
          <tbody>
            {tokens.map((t) => (
              <Tr key={`${t.scope}:${t.name}`} data-token={t.name}>
                <Td className="font-medium">{t.name}</Td>
                <Td>{t.scope === "display" ? "display link" : t.scope}</Td>
                <Td className="text-slate-500">from the configuration</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </Section>
  );
}
