import { Fact, FactList } from "@/components/ui/fact-list";
import { formatDurationMs, formatRate } from "@/lib/format";
import type { ConsumerView } from "@/lib/model/types";
import { ackPendingPercent } from "@/lib/view/consumers";
import { agoText, exactCount } from "@/lib/view/describe";
import { ageMs, formatSaturation, isSaturated } from "@/lib/view/streams";

export function ConsumerCounters({ consumer, now }: { consumer: ConsumerView; now: number }) {
  const ackPct = ackPendingPercent(consumer);
  return (
    <FactList title="Counters" testId="consumer-counters">
      <Fact label="Unprocessed" hint="num_pending: messages not yet delivered" testId="consumer-unprocessed">
        {exactCount(consumer.numPending)}
        {consumer.unprocessedPercent !== null && <span className="ml-2 text-xs text-slate-500">{formatSaturation(consumer.unprocessedPercent)} of the stream</span>}
      </Fact>
      <Fact label="Ack pending" hint="delivered, awaiting ack">
        <span className={isSaturated(ackPct) ? "font-semibold text-red-800" : ""}>{exactCount(consumer.numAckPending)}</span>
        {ackPct !== null && <span className="ml-2 text-xs text-slate-500">{formatSaturation(ackPct)} of max_ack_pending</span>}
      </Fact>
      <Fact label="Redelivered">{exactCount(consumer.numRedelivered)}</Fact>
      <Fact label="Waiting pulls">{exactCount(consumer.numWaiting)}</Fact>
      <Fact label="Delivered" hint="last delivered stream / consumer sequence">
        {exactCount(consumer.deliveredStreamSeq)} / {exactCount(consumer.deliveredConsumerSeq)}
      </Fact>
      <Fact label="Ack floor" hint="stream / consumer sequence below which all is acked">
        {exactCount(consumer.ackFloorStreamSeq)} / {exactCount(consumer.ackFloorConsumerSeq)}
      </Fact>
      <Fact label="Last delivery">{agoText(ageMs(consumer.lastDeliveryAt, now))}</Fact>
      <Fact label="Last ack">{agoText(ageMs(consumer.lastAckAt, now))}</Fact>
      <Fact label="Ack rate">{formatRate(consumer.ackPerSec, "acks")}</Fact>
      {consumer.pendingGrowingSince && (
        <Fact label="Growing" hint="unprocessed has stayed above its level at that time">
          for {formatDurationMs(ageMs(consumer.pendingGrowingSince, now))}
          {consumer.pendingBaseline !== null && <span className="ml-1 text-xs text-slate-500">(from {exactCount(consumer.pendingBaseline)})</span>}
        </Fact>
      )}
    </FactList>
  );
}
