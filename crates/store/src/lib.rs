//! SQLite (SQLCipher) store: migrations, cases, sessions, results, documents, audit log, search.
