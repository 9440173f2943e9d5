import { useEffect, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { usePlatform } from "../../platform";
import { keys } from "../../lib/queries";
import { ErrorBox, Loading } from "../../components/ui";
import { findInPdf, openPdf, pageWidth, renderPage, type PdfDoc } from "./pdf";

export function PdfViewer({ sha256, title }: { sha256: string; title: string }) {
  const platform = usePlatform();
  const bytes = useQuery({ queryKey: keys.document(sha256), queryFn: () => platform.getDocument(sha256), staleTime: Infinity });
  const [doc, setDoc] = useState<PdfDoc | null>(null);
  const [openError, setOpenError] = useState<unknown>(null);
  const [page, setPage] = useState(1);
  const [scale, setScale] = useState<number | "fit">("fit");
  const [rendered, setRendered] = useState(0);
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<number[] | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const pane = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!bytes.data) return;
    let live = true;
    let opened: PdfDoc | null = null;
    setDoc(null);
    setRendered(0);
    setPage(1);
    setFound(null);
    openPdf(bytes.data).then(
      (d) => { opened = d; if (live) setDoc(d); else void d.destroy(); },
      (e) => live && setOpenError({ code: "Internal", message: "The report could not be opened: the stored file is not a readable PDF.", detail: String(e) }),
    );
    return () => { live = false; void opened?.destroy(); };
  }, [bytes.data]);

  useEffect(() => {
    if (!doc || !canvas.current) return;
    let live = true;
    (async () => {
      const s = scale === "fit" ? Math.max(0.5, ((pane.current?.clientWidth || 800) - 32) / (await pageWidth(doc, page))) : scale;
      if (!live || !canvas.current) return;
      await renderPage(doc, page, canvas.current, Math.min(s, 2.5));
      if (live) setRendered(page);
    })().catch((e) => live && setOpenError({ code: "Internal", message: `Page ${page} could not be drawn.`, detail: String(e) }));
    return () => { live = false; };
  }, [doc, page, scale]);

  const pages = doc?.numPages ?? 0;
  const go = (p: number) => setPage(Math.max(1, Math.min(pages || 1, p)));
  const numericScale = typeof scale === "number" ? scale : 1;

  async function search(e: React.FormEvent) {
    e.preventDefault();
    if (!doc) return;
    const hits = await findInPdf(doc, query);
    setFound(hits);
    const next = hits.find((p) => p > page) ?? hits[0];
    if (next) go(next);
  }

  if (bytes.isLoading) return <Loading what="the report" />;
  if (bytes.error) return <ErrorBox error={bytes.error} title="The report could not be read from the local store." />;
  return (
    <div className="pdf">
      <div className="pdf-toolbar" role="toolbar" aria-label={`${title} controls`}>
        <button type="button" onClick={() => go(page - 1)} disabled={page <= 1} aria-label="Previous page">‹</button>
        <label>
          Page <input className="page-input" type="number" min={1} max={pages} value={page} onChange={(e) => go(Number(e.target.value))} aria-label="Page number" /> of {pages || "…"}
        </label>
        <button type="button" onClick={() => go(page + 1)} disabled={page >= pages} aria-label="Next page">›</button>
        <span className="sep" />
        <button type="button" onClick={() => setScale(Math.max(0.5, numericScale - 0.25))} aria-label="Zoom out">−</button>
        <span className="num">{scale === "fit" ? "fit" : `${Math.round(numericScale * 100)} %`}</span>
        <button type="button" onClick={() => setScale(Math.min(2.5, numericScale + 0.25))} aria-label="Zoom in">+</button>
        <button type="button" onClick={() => setScale("fit")} aria-pressed={scale === "fit"}>Fit width</button>
        <span className="sep" />
        <form onSubmit={search} className="pdf-search" role="search">
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Find in document" aria-label="Find in document" />
          <button type="submit">Find</button>
          {found ? <span className="muted small" aria-live="polite">{found.length ? `on page${found.length > 1 ? "s" : ""} ${found.join(", ")}` : "not found"}</span> : null}
        </form>
      </div>
      {openError ? <ErrorBox error={openError} /> : null}
      <div ref={pane} className="pdf-pane" data-testid="pdf-viewer" data-rendered-page={rendered || undefined} data-page-count={pages || undefined}>
        {!doc && !openError ? <Loading what="the report" /> : null}
        <canvas ref={canvas} aria-label={`${title}, page ${page} of ${pages}`} role="img" />
      </div>
    </div>
  );
}
