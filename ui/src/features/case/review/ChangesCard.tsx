import type { CaseDetail } from "../../../platform";
import { Card, Chip, Time } from "../../../components/ui";

/** What changed between the case's last two snapshots (each run is one), in words. */
export function ChangesCard({ c }: { c: CaseDetail }) {
  const ch = c.changes;
  return (
    <Card title="What changed" className="wide">
      {ch.snapshots < 2 ? (
        <p className="muted" data-testid="changes-none">
          {ch.snapshots === 1 ? "One snapshot of this case: nothing to compare yet. A re-run makes the next one." : "No organization answer yet."}
        </p>
      ) : (
        <>
          <p className="small muted">Since the previous snapshot (<Time at={ch.previousAt} /> → <Time at={ch.currentAt} />)</p>
          {ch.changes.length === 0 ? (
            <p data-testid="changes-same"><Chip tone="ok" icon="✓">Nothing changed</Chip></p>
          ) : (
            <ul className="changes" data-testid="changes-list">
              {ch.changes.map((x, i) => (
                <li key={i} className={x.kind === "notCompared" ? "muted" : undefined}>
                  {x.kind === "notCompared" ? <Chip tone="warn" icon="?">Not compared</Chip> : null} {x.text}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Card>
  );
}
