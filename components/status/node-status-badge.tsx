import type { NodeStatus } from "@/lib/model/types";
import { NODE_STATUS_CLASS, NODE_STATUS_LABEL } from "./status-styles";

export function NodeStatusBadge({ status }: { status: NodeStatus }) {
  return (
    <span
      data-status={status}
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold uppercase tracking-wide ring-1 ring-inset ${NODE_STATUS_CLASS[status]}`}
    >
      {NODE_STATUS_LABEL[status]}
    </span>
  );
}
