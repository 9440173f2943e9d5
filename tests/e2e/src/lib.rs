//! End-to-end test helpers (WebDriver client) live here.
