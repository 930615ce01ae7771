import { Fact, FactList } from "@/components/ui/fact-list";
import { formatBytes, formatBytesRate, formatRate } from "@/lib/format";
import type { StreamView } from "@/lib/model/types";
import { agoText, exactCount } from "@/lib/view/describe";
import { ageMs, formatSaturation, isSaturated, streamSaturation } from "@/lib/view/streams";

function Saturation({ percent, testId }: { percent: number | null; testId: string }) {
  if (percent === null) return null;
  return (
    <span data-testid={testId} className={`ml-2 text-xs ${isSaturated(percent) ? "rounded bg-red-100 px-1 font-semibold text-red-800" : "text-slate-500"}`}>
      {formatSaturation(percent)} of limit
    </span>
  );
}

function SeqAndTime({ seq, ts, now }: { seq: number | null; ts: string | null; now: number }) {
  const age = ageMs(ts, now);
  return (
    <>
      {exactCount(seq)}
      {ts && age !== null && (
        <span className="ml-2 text-xs text-slate-500" title={ts}>
          {new Date(ts).toLocaleString("en-GB")} ({agoText(age)})
        </span>
      )}
    </>
  );
}

export function StreamState({ stream, now }: { stream: StreamView; now: number }) {
  const saturation = streamSaturation(stream);
  return (
    <FactList title="State" testId="stream-state">
      <Fact label="Messages" testId="stream-messages">
        {exactCount(stream.messages)}
        <Saturation percent={saturation.messages} testId="messages-saturation" />
      </Fact>
      <Fact label="Bytes">
        {formatBytes(stream.bytes)}
        <Saturation percent={saturation.bytes} testId="bytes-saturation" />
      </Fact>
      <Fact label="First sequence">
        <SeqAndTime seq={stream.firstSeq} ts={stream.firstTs} now={now} />
      </Fact>
      <Fact label="Last sequence">
        <SeqAndTime seq={stream.lastSeq} ts={stream.lastTs} now={now} />
      </Fact>
      <Fact label="Subjects">{exactCount(stream.numSubjects)}</Fact>
      <Fact label="Consumers">
        {exactCount(stream.consumerCount)}
        <Saturation percent={saturation.consumers} testId="consumers-saturation" />
      </Fact>
      <Fact label="Growth" hint="messages and bytes stored per second">
        {formatRate(stream.msgsPerSec)} · {formatBytesRate(stream.bytesPerSec)}
      </Fact>
    </FactList>
  );
}
