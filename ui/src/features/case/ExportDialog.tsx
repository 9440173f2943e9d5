import { useEffect, useId, useRef, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { usePlatform, toPlatformError, type CaseDetail, type CaseFileExported } from "../../platform";
import { useAppInfo } from "../../lib/queries";
import { Copyable, DialogForm, ErrorBox } from "../../components/ui";

/**
 * "Export case file": the folder is typed (prefilled with the export folder), so it works from the
 * keyboard and under test; the case file goes into it as a new folder, or as one .zip file — the
 * same as `amldesk export <CASE> <DIR> [--zip]`. After export the dialog says where it was
 * written and the manifest's SHA-256 (also in the case's audit log).
 */
export function ExportDialog({ c, onClose, onDone }: { c: CaseDetail; onClose: () => void; onDone: (r: CaseFileExported) => void }) {
  const platform = usePlatform();
  const info = useAppInfo();
  const id = useId();
  const [dir, setDir] = useState<string | null>(null);
  const [zip, setZip] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const folder = dir ?? info.data?.exportDir ?? "";
  const m = useMutation({
    mutationFn: () => platform.exportCase({ caseId: c.summary.id, zip, directory: folder.trim() || undefined }),
    onSuccess: onDone,
  });
  const bad = m.error ? toPlatformError(m.error).field === "directory" : false;
  const r = m.data;
  return (
    <DialogForm label="Export case file" testId="export-dialog" onSubmit={() => { if (!m.isPending && !r) m.mutate(); }} onClose={onClose}>
        <header className="dialog-head"><h2>Export the case file of {c.summary.subjectName ?? c.summary.identifierDisplay}</h2></header>
        <p className="small">Summary (HTML and PDF), every report as downloaded, the raw answers, the ownership (BODS 0.4 and an image), the audit log and a manifest with the SHA-256 of every file.</p>
        <label className="field" htmlFor={`${id}-dir`}>
          <span>In the folder (full path; the case file is a new folder or .zip file inside it)</span>
          <input
            id={`${id}-dir`} ref={first} value={folder} spellCheck={false} autoComplete="off" data-testid="export-dir"
            aria-invalid={bad ? true : undefined} aria-describedby={bad ? `${id}-err` : undefined}
            onChange={(e) => setDir(e.target.value)} disabled={!!r}
          />
        </label>
        <label className="check">
          <input type="checkbox" checked={zip} onChange={(e) => setZip(e.target.checked)} data-testid="export-zip" disabled={!!r} /> as one .zip file
        </label>
        {m.error ? <div id={`${id}-err`}><ErrorBox error={m.error} title="The case file could not be written." testId="export-error" /></div> : null}
        {r ? (
          <div role="status" data-testid="export-result" className="export-result">
            <p><strong>Case file written</strong> ({r.files} files, {zip ? "one .zip file" : "a folder"}):</p>
            <p><Copyable text={r.path} label="case file path" /></p>
            <p>Manifest SHA-256 (kept in the audit log): <Copyable text={r.manifestSha256} label="manifest SHA-256" /></p>
            <p className="muted small">Check it later with <span className="mono">amldesk verify {JSON.stringify(r.path)}</span>.</p>
          </div>
        ) : null}
        <div className="dialog-foot">
          {r ? (
            <button type="button" className="primary" onClick={onClose} data-testid="export-close">Close</button>
          ) : (
            <>
              <button type="submit" className="primary" disabled={m.isPending || !folder.trim()} data-testid="export-submit">{m.isPending ? "Exporting…" : "Export"}</button>
              <button type="button" onClick={onClose}>Cancel</button>
            </>
          )}
        </div>
    </DialogForm>
  );
}
