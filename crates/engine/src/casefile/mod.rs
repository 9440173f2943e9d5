//! What goes into a case file (ARCHITECTURE "Case file export"), built from the typed views the
//! window shows: the summary's blocks ([`summary`]) written as HTML and typst ([`doc`]), the
//! ownership graph as an SVG ([`graph_svg`]) and as BODS 0.4 statements ([`bods`]). Writing the
//! files, hashing them and verifying them is `amldesk-casefile`'s.

pub mod bods;
pub mod doc;
pub mod graph_svg;
pub mod summary;
