import { useEffect, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { usePlatform, type SearchHit } from "../../platform";
import { keys } from "../../lib/queries";
import { navigate } from "../../lib/router";
import { ErrorBox } from "../../components/ui";

/** `Equi[nor] ASA` → Equi<mark>nor</mark> ASA. */
export function Snippet({ text }: { text: string }) {
  const parts = text.split(/(\[[^\]]*\])/);
  return (
    <>
      {parts.map((p, i) => (p.startsWith("[") && p.endsWith("]") ? <mark key={i}>{p.slice(1, -1)}</mark> : <span key={i}>{p}</span>))}
    </>
  );
}

const FIELD_WORDS: Record<string, string> = { name: "name", identifier: "identifier", person: "person", role: "role", sanction: "sanction hit" };

export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function GlobalSearch({ onClose }: { onClose: () => void }) {
  const platform = usePlatform();
  const [text, setText] = useState("");
  const [active, setActive] = useState(0);
  const q = useDebounced(text.trim(), 150);
  const input = useRef<HTMLInputElement>(null);
  const hits = useQuery({ queryKey: keys.search(q), queryFn: () => platform.search(q), enabled: q.length > 0 });
  useEffect(() => input.current?.focus(), []);
  const list: SearchHit[] = hits.data ?? [];
  const open = (h: SearchHit) => {
    navigate({ name: "case", caseId: h.caseId, tab: "overview" });
    onClose();
  };
  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog search-dialog" role="dialog" aria-modal="true" aria-label="Search all cases">
        <input
          ref={input}
          type="search"
          className="search-input"
          placeholder="Search names, numbers and people across all cached cases"
          aria-label="Search all cases"
          value={text}
          data-testid="global-search-input"
          onChange={(e) => { setText(e.target.value); setActive(0); }}
          onKeyDown={(e) => {
            if (e.key === "Escape") onClose();
            else if (e.key === "ArrowDown") { e.preventDefault(); setActive((a) => Math.min(a + 1, list.length - 1)); }
            else if (e.key === "ArrowUp") { e.preventDefault(); setActive((a) => Math.max(a - 1, 0)); }
            else if (e.key === "Enter" && list[active]) open(list[active]!);
          }}
        />
        {hits.error ? <ErrorBox error={hits.error} /> : null}
        <ul className="search-results" role="listbox" aria-label="Matches">
          {list.map((h, i) => (
            <li key={`${h.caseId}-${i}`} role="option" aria-selected={i === active}>
              <button type="button" onClick={() => open(h)} className={i === active ? "active" : ""}>
                <strong>{h.subjectName ?? h.identifierDisplay}</strong> <span className="mono muted">{h.identifierDisplay}</span>
                <span className="muted"> · {FIELD_WORDS[h.field] ?? h.field}: </span>
                <Snippet text={h.snippet} />
              </button>
            </li>
          ))}
        </ul>
        {q && hits.isSuccess && list.length === 0 ? <p className="muted pad">Nothing in the local store matches “{q}”.</p> : null}
        <p className="muted small pad">↑ ↓ to move, Enter to open, Esc to close.</p>
      </div>
    </div>
  );
}
