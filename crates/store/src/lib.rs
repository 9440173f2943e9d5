//! SQLite (SQLCipher) store: migrations, cases, sessions, results, documents, audit log, search.
//!
//! # Shape
//! * One encrypted SQLite file per profile (SQLCipher, key from the caller — the engine keeps it
//!   in the OS keyring; [`Store::generate_key`] makes a new one). WAL, `synchronous=NORMAL`,
//!   foreign keys, busy timeout 5 s, temp data in memory. Documents are blobs inside the file.
//! * [`Store`] is a cheap-to-clone handle: **one writer connection on a dedicated thread** and a
//!   few **reader connections, each on its own thread** (WAL lets them read while the writer
//!   writes). Work is sent as closures over a channel; nothing blocks the async runtime, and there
//!   is no pool behind a mutex. [`Store::close`] (and dropping the last clone) stops every thread
//!   and **joins** it: SQLCipher's OpenSSL keeps per-thread state that a thread frees when it
//!   ends, and a process that exits while one of them still runs can abort in OpenSSL's exit-time
//!   cleanup (`double free or corruption`). `write`/`read` are async; `write_blocking`/`read_blocking` are for
//!   the CLI and tests (do not call them from inside an async task).
//! * Queries live in one module per table, as plain functions over `&Connection`. Mutating
//!   functions run inside a SAVEPOINT ([`atomic`]) and append their audit row in the same
//!   transaction; wrap several calls in [`atomic`] to commit them together (a document and the
//!   session state that records it).
//!
//! ```text
//! let store = Store::open(&path, &DbKey::new(key_from_keyring))?;         // blocking, at start
//! let case_id = store.write(move |c| cases::create_case(c, &subject, "sandbox")).await?;
//! let list = store.read(|c| cases::list_cases(c, &CaseFilter::default())).await?;
//! store.write(move |c| atomic(c, |c| {
//!     documents::put_document(c, &doc)?;
//!     sessions::update_state(c, &sid, &StateUpdate::new(SessionState::Downloaded))
//! })).await?;
//! ```
//!
//! # API (module → functions)
//! * [`Store`]: `open(path, &DbKey)`, `open_with_readers(path, &DbKey, n)`, `generate_key()`,
//!   `write(f)`, `read(f)`, `write_blocking(f)`, `read_blocking(f)`, `integrity_check()`,
//!   `verify_audit_chain()`, `path()`; [`DbKey`] (redacting secret wrapper).
//! * [`cases`]: `create_case(c, &Subject, env) -> case id`, `get_case(c, id) -> CaseRecord`,
//!   `list_cases(c, &CaseFilter) -> Vec<CaseSummary>`, `update_extracts(c, id, &CaseExtracts)`.
//!   [`Subject`] = `Organization { id: OrgId, name }` | `Person { id_document, phone_original,
//!   phone_e164, name }`. Case status (`running|review|attention|closed`) is derived on read.
//! * [`sessions`]: `insert_planned(c, &NewSession) -> id` (before any request),
//!   `mark_created(c, id, upstream_id, expires_at)`, `update_state(c, id, &StateUpdate)`,
//!   `get_session`, `get_by_client_reference`, `list_unfinished` (for resume), `list_sessions(case)`,
//!   `list_batch_sessions(batch)`; [`SessionState`].
//! * [`results`]: `put_result(c, &NewResult) -> sha256` (raw bytes verbatim + [`ResultExtracts`];
//!   updates case name/risk/hit counts/last fetched and the search index),
//!   `latest_result(c, case, kind)`, `list_results(c, case, kind?)`.
//! * [`documents`]: `put_document(c, &NewDocument) -> sha256` (idempotent by SHA-256; a case may
//!   reference bytes stored for another), `get_document(c, sha) -> bytes` (SHA-256 verified),
//!   `document_media_type`, `list_documents(c, case)`.
//! * [`notes`]: `add_note(c, case, text)`, `set_decision(c, case, decision, note)`, `list_notes`.
//! * [`settings`]: `get_setting(c, key)`, `set_setting(c, key, &json)` — refuses anything that
//!   looks like a secret ([`StoreError::SecretRefused`]).
//! * [`batches`]: `create_batch(c, file_name, env, &[NewBatchRow], rejected_json) -> (batch id,
//!   case ids)`, `get_batch`, `list_batches`, `list_batch_rows`, `batch_counts`.
//! * [`audit`]: `append(c, case?, action, detail_json) -> hash`, `list(c, case?)`,
//!   `verify_chain(c) -> Result<Result<count, AuditError>>` (rows hash a digest of their payload;
//!   a purged case's payloads are tombstones).
//! * [`review`]: `add_hit_review(c, &NewHitReview)`, `list_hit_reviews(c, case)`,
//!   `decide(c, &NewDecision)` (supersedes the one before; `pending` with four-eyes, else
//!   `final`), `confirm(c, case, reviewer)` (never by the preparer), `current_decision`,
//!   `list_decisions`.
//! * [`retention`]: `close_case(c, case, relationship_ended, delete_after)`, `due(c, today)`,
//!   `purge(c, today, dry_run)` (deletes the case with its peer data, tombstones its audit
//!   payloads, records `case.purged`).
//! * [`search`]: `search(c, text, limit) -> Vec<SearchHit>` (FTS5, ranked, snippets, user input
//!   never parsed as FTS syntax).
//! * [`migrations`]: embedded, append-only; a newer database is refused ([`StoreError::TooNew`]).
//!
//! Secrets never go into this database: not in settings, audit details, session requests or
//! errors. The key itself is only used while connections are opened and is not kept.

pub mod audit;
pub mod batches;
pub mod cases;
mod db;
pub mod documents;
pub mod error;
mod key;
pub mod migrations;
pub mod notes;
pub mod results;
pub mod retention;
pub mod review;
pub mod search;
pub mod sessions;
pub mod settings;
pub mod util;

pub use cases::{CaseExtracts, CaseFilter, CaseRecord, CaseSummary, Subject};
pub use error::{AuditError, Result, StoreError};
pub use key::DbKey;
pub use results::ResultExtracts;
pub use rusqlite::Connection;
pub use sessions::SessionState;
pub use util::atomic;

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread::JoinHandle;

type Job = Box<dyn FnOnce(&mut Connection) + Send>;

/// What a database thread receives: work, or the order to close its connection and end.
enum Msg {
    Job(Job),
    Stop,
}

struct Inner {
    writer: mpsc::Sender<Msg>,
    readers: Vec<mpsc::Sender<Msg>>,
    next_reader: AtomicUsize,
    path: PathBuf,
    /// The database threads not yet joined (emptied by [`Store::close`]).
    threads: Mutex<Vec<JoinHandle<()>>>,
}

impl Inner {
    fn close(&self) {
        for tx in std::iter::once(&self.writer).chain(&self.readers) {
            // A thread that has already ended has dropped its receiver: nothing to stop.
            let _ = tx.send(Msg::Stop);
        }
        let threads = std::mem::take(&mut *self.threads.lock().unwrap_or_else(|p| p.into_inner()));
        let me = std::thread::current().id();
        for t in threads {
            // A job that drops the last handle runs on a database thread: it cannot join itself
            // (it ends right after that job, having been told to stop).
            if t.thread().id() != me {
                let _ = t.join();
            }
        }
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.close();
    }
}

/// Handle to the store; clone freely. The database threads stop when the last clone is dropped.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.inner.path)
            .field("readers", &self.inner.readers.len())
            .finish()
    }
}

fn spawn_db_thread(
    name: String,
    conn: Connection,
    threads: &mut Vec<JoinHandle<()>>,
) -> Result<mpsc::Sender<Msg>> {
    let (tx, rx) = mpsc::channel::<Msg>();
    let handle = std::thread::Builder::new().name(name).spawn(move || {
        let mut conn = conn;
        while let Ok(Msg::Job(job)) = rx.recv() {
            job(&mut conn);
        }
        // Jobs sent after the stop fail with `Closed` (their reply channel is dropped here).
        drop(rx);
        // The connection (and SQLCipher's OpenSSL state) goes on this thread, before it ends.
        drop(conn);
    })?;
    threads.push(handle);
    Ok(tx)
}

/// Wrap `f` so that its result (or a panic, as an error) goes to `reply`.
fn job<R, F>(f: F, reply: impl FnOnce(Result<R>) + Send + 'static) -> Job
where
    R: Send + 'static,
    F: FnOnce(&mut Connection) -> Result<R> + Send + 'static,
{
    Box::new(move |conn: &mut Connection| {
        let out = std::panic::catch_unwind(AssertUnwindSafe(|| f(conn))).unwrap_or_else(|_| {
            Err(StoreError::Internal(
                "a database task panicked; its changes were rolled back".into(),
            ))
        });
        // A transaction left open by a panicking task must not leak into the next job.
        if !conn.is_autocommit() {
            let _ = conn.execute_batch("ROLLBACK");
        }
        reply(out);
    })
}

impl Store {
    /// Default number of reader connections.
    pub const READERS: usize = 3;

    /// A new random database key: 32 bytes from the OS, hex encoded.
    pub fn generate_key() -> String {
        DbKey::generate().expose().to_owned()
    }

    /// Open (or create) the encrypted database at `path`, migrate it, and start the threads.
    /// Blocking: call at start-up or through `spawn_blocking`.
    pub fn open(path: impl AsRef<Path>, key: &DbKey) -> Result<Store> {
        Self::open_with_readers(path, key, Self::READERS)
    }

    pub fn open_with_readers(path: impl AsRef<Path>, key: &DbKey, readers: usize) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut writer = db::open_connection(&path, key, false)?;
        migrations::migrate(&mut writer)?;
        let mut threads = Vec::with_capacity(readers.max(1) + 1);
        let mut reader_txs = Vec::with_capacity(readers.max(1));
        let started = (|| -> Result<mpsc::Sender<Msg>> {
            for i in 0..readers.max(1) {
                let conn = db::open_connection(&path, key, true)?;
                reader_txs.push(spawn_db_thread(
                    format!("amldesk-db-read-{i}"),
                    conn,
                    &mut threads,
                )?);
            }
            spawn_db_thread("amldesk-db-write".into(), writer, &mut threads)
        })();
        let writer = match started {
            Ok(w) => w,
            Err(e) => {
                // Threads already started are stopped and joined, never left behind.
                for tx in &reader_txs {
                    let _ = tx.send(Msg::Stop);
                }
                for t in threads {
                    let _ = t.join();
                }
                return Err(e);
            }
        };
        Ok(Store {
            inner: Arc::new(Inner {
                writer,
                readers: reader_txs,
                next_reader: AtomicUsize::new(0),
                path,
                threads: Mutex::new(threads),
            }),
        })
    }

    /// Stops every database thread and waits for it to end: work already sent still runs, later
    /// calls on any clone fail with [`StoreError::Closed`]. Call it before the process exits (the
    /// engine's shutdown does); dropping the last clone does the same. Blocking, briefly (until
    /// the running jobs end); idempotent.
    pub fn close(&self) {
        self.inner.close();
    }

    /// Number of database threads still running (not yet joined): 0 after [`Store::close`].
    pub fn running_threads(&self) -> usize {
        self.inner
            .threads
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .filter(|t| !t.is_finished())
            .count()
    }

    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    fn reader(&self) -> &mpsc::Sender<Msg> {
        let i = self.inner.next_reader.fetch_add(1, Ordering::Relaxed) % self.inner.readers.len();
        &self.inner.readers[i]
    }

    async fn run<R, F>(sender: &mpsc::Sender<Msg>, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<R> + Send + 'static,
    {
        let (tx, rx) = tokio::sync::oneshot::channel();
        sender
            .send(Msg::Job(job(f, move |r| {
                let _ = tx.send(r);
            })))
            .map_err(|_| StoreError::Closed)?;
        rx.await.map_err(|_| StoreError::Closed)?
    }

    fn run_blocking<R, F>(sender: &mpsc::Sender<Msg>, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<R> + Send + 'static,
    {
        let (tx, rx) = mpsc::sync_channel(1);
        sender
            .send(Msg::Job(job(f, move |r| {
                let _ = tx.send(r);
            })))
            .map_err(|_| StoreError::Closed)?;
        rx.recv().map_err(|_| StoreError::Closed)?
    }

    /// Run `f` on the writer connection (serialized with every other write).
    pub async fn write<R, F>(&self, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<R> + Send + 'static,
    {
        Self::run(&self.inner.writer, f).await
    }

    /// Run `f` on a reader connection (`query_only`: writes fail).
    pub async fn read<R, F>(&self, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<R> + Send + 'static,
    {
        Self::run(self.reader(), f).await
    }

    /// Blocking `write`, for the CLI and tests. Never call from inside an async task.
    pub fn write_blocking<R, F>(&self, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<R> + Send + 'static,
    {
        Self::run_blocking(&self.inner.writer, f)
    }

    /// Blocking `read`, for the CLI and tests. Never call from inside an async task.
    pub fn read_blocking<R, F>(&self, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<R> + Send + 'static,
    {
        Self::run_blocking(self.reader(), f)
    }

    /// `PRAGMA integrity_check` (`"ok"` when healthy).
    pub async fn integrity_check(&self) -> Result<String> {
        self.read(|c| integrity_check(c)).await
    }

    /// Check the audit log's hash chain; `Ok(n)` = n entries verified.
    pub async fn verify_audit_chain(&self) -> Result<u64> {
        self.read(|c| Ok(audit::verify_chain(c)??)).await
    }
}

/// `PRAGMA integrity_check` on one connection.
pub fn integrity_check(conn: &Connection) -> Result<String> {
    let rows = conn
        .prepare("PRAGMA integrity_check")?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_stops_and_joins_every_thread_and_later_calls_fail() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open_with_readers(
            dir.path().join("c.db"),
            &DbKey::new(Store::generate_key()),
            2,
        )
        .expect("open");
        let clone = store.clone();
        assert_eq!(store.running_threads(), 3);
        // Work sent before the close still runs.
        let n: i64 = store
            .read_blocking(|c| Ok(c.query_row("SELECT 1", [], |r| r.get(0))?))
            .expect("read");
        assert_eq!(n, 1);
        store.close();
        assert_eq!(store.running_threads(), 0, "every thread joined");
        assert!(matches!(
            clone.read_blocking(|_| Ok(())),
            Err(StoreError::Closed)
        ));
        assert!(matches!(
            clone.write_blocking(|_| Ok(())),
            Err(StoreError::Closed)
        ));
        store.close(); // idempotent
    }

    #[test]
    fn dropping_the_last_handle_joins_the_threads() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open_with_readers(
            dir.path().join("d.db"),
            &DbKey::new(Store::generate_key()),
            2,
        )
        .expect("open");
        let ours: Vec<std::thread::ThreadId> = store
            .inner
            .threads
            .lock()
            .expect("lock")
            .iter()
            .map(|t| t.thread().id())
            .collect();
        assert_eq!(ours.len(), 3);
        let weak = Arc::downgrade(&store.inner);
        drop(store);
        assert!(weak.upgrade().is_none(), "the last handle is gone");
    }
}
