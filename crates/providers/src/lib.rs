//! One HTTP client per upstream API (BankID Organization, Beneficial owners, Amlyze, peer data) with their auth, and the secret store.
