//! A typst document compiled to PDF in-process (typst as a library, no CLI, no network): the
//! main source plus named in-memory files (images), fonts from `typst-assets` only, so the same
//! input gives the same PDF on every machine. The PDF is PDF/A-2b, dated with the time given
//! (the case state it shows), never the wall clock.

use crate::CasefileError;
use std::collections::HashMap;
use std::sync::OnceLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

/// Parsed once per process: the embedded fonts take a few milliseconds to index.
fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = typst_assets::fonts()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        Fonts {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::default()))
}

struct CaseWorld {
    main: Source,
    files: HashMap<FileId, Bytes>,
    today: Datetime,
}

impl World for CaseWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().book
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.vpath().as_rootless_path().into()))
    }
    fn font(&self, index: usize) -> Option<Font> {
        fonts().fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        Some(self.today)
    }
}

/// The moment a document is dated with (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

/// Compiles `source` (typst markup) with `files` (path → bytes, e.g. `ownership.svg`) to a
/// PDF/A-2b document. `ident` names the document stably (the case id), so the PDF's identifier
/// does not change between exports of the same case.
pub fn pdf(
    source: &str,
    files: &[(&str, &[u8])],
    date: DocDate,
    ident: &str,
) -> Result<Vec<u8>, CasefileError> {
    let main = Source::new(
        FileId::new(None, VirtualPath::new("summary.typ")),
        source.to_owned(),
    );
    let files = files
        .iter()
        .map(|(p, b)| {
            (
                FileId::new(None, VirtualPath::new(p)),
                Bytes::new(b.to_vec()),
            )
        })
        .collect();
    let datetime = Datetime::from_ymd_hms(
        date.year,
        date.month,
        date.day,
        date.hour,
        date.minute,
        date.second,
    )
    .ok_or_else(|| CasefileError::Typeset(format!("{date:?} is not a valid date")))?;
    let world = CaseWorld {
        main,
        files,
        today: datetime,
    };
    let doc: typst::layout::PagedDocument = typst::compile(&world)
        .output
        .map_err(|errs| CasefileError::Typeset(diagnostics(&errs)))?;
    let standards = typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::A_2b])
        .map_err(|e| CasefileError::Typeset(e.to_string()))?;
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(ident),
        timestamp: Some(typst_pdf::Timestamp::new_utc(datetime)),
        page_ranges: None,
        standards,
        tagged: true,
    };
    typst_pdf::pdf(&doc, &options).map_err(|errs| CasefileError::Typeset(diagnostics(&errs)))
}

fn diagnostics(errs: &[typst::diag::SourceDiagnostic]) -> String {
    errs.iter()
        .map(|e| e.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// A typst string literal holding `s` exactly (code mode: `"…"`), so no text from a case —
/// a name with `#`, `*` or `$` in it — is ever read as markup.
pub fn str_lit(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const DATE: DocDate = DocDate {
        year: 2026,
        month: 12,
        day: 1,
        hour: 12,
        minute: 0,
        second: 0,
    };

    #[test]
    fn typesets_a_pdf_with_an_svg_and_hostile_text_reproducibly() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40"><rect width="100" height="40" fill="#ccddee"/><text x="5" y="25" font-family="DejaVu Sans Mono">Ø 923 609 016</text></svg>"##.as_bytes();
        let src = format!(
            "#set document(title: {})\n#heading({})\n#text({})\n\n#image(\"g.svg\", width: 50%)\n",
            str_lit("Case file"),
            str_lit("EQUINOR ASA"),
            str_lit("Hostile #strong[x] $y$ \"quoted\" \\ back – Bjørnstad")
        );
        let a = pdf(&src, &[("g.svg", svg)], DATE, "case-1").unwrap();
        let b = pdf(&src, &[("g.svg", svg)], DATE, "case-1").unwrap();
        assert!(a.starts_with(b"%PDF-"), "a PDF");
        assert_eq!(a, b, "the same input gives the same bytes");
        assert!(
            a.windows(b"pdfaid".len()).any(|w| w == b"pdfaid"),
            "PDF/A identification in the XMP metadata"
        );
    }

    #[test]
    fn a_missing_image_is_an_error_not_a_panic() {
        let e = pdf("#image(\"nope.svg\")", &[], DATE, "x").unwrap_err();
        assert!(e.to_string().contains("not be typeset"), "{e}");
    }
}
