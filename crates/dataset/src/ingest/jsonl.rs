//! JSON Lines: one flat JSON object per line (blank lines skipped), read line by line.
//!
//! Values are read as text: a string by its content, a number by its literal text (so `1.50`
//! keeps its digits), `true`/`false` as those words; `null` or a missing key is a null; nested
//! objects and arrays are refused.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{MapAccess, Visitor};
use serde_json::value::RawValue;

use super::error::{Error, Place, Result};
use super::text::{Cell, TextSource};

/// The line reader's buffer size.
const BUFFER_BYTES: usize = 1 << 16;

/// A key as parsed: borrowed from the line unless it had escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// A JSON object's entries in the order of the text, values unparsed.
struct Entries<'a>(Vec<(Key<'a>, &'a RawValue)>);

impl<'de> Deserialize<'de> for Entries<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Entries<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(8));
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    let value: &'de RawValue = map.next_value()?;
                    entries.push((key, value));
                }
                Ok(Entries(entries))
            }
        }
        d.deserialize_map(V)
    }
}

/// Where a cell's text is.
#[derive(Clone, Copy)]
enum Span {
    Null,
    /// Byte range in the line.
    Line(usize, usize),
    /// Index into the unescaped strings.
    Owned(usize),
    Nested,
}

/// Rows of a JSON Lines file.
pub(crate) struct JsonlSource {
    path: PathBuf,
    reader: BufReader<File>,
    line: String,
    line_no: u64,
    row: u64,
    /// Column names, schema order.
    names: Vec<String>,
    index: HashMap<String, usize>,
    cells: Vec<Span>,
    /// Whether the current object had the key of each column.
    present: Vec<bool>,
    owned: Vec<String>,
    /// The current object's (key, value) spans, reused from line to line.
    entries: Vec<(Span, Span)>,
}

fn open_file(path: &Path) -> Result<BufReader<File>> {
    let file = File::open(path).map_err(|source| Error::Io {
        action: "opening",
        path: path.to_path_buf(),
        source,
    })?;
    Ok(BufReader::with_capacity(BUFFER_BYTES, file))
}

/// Reads the next non-blank line into `line`; `false` at the end.
fn next_line(
    path: &Path,
    reader: &mut BufReader<File>,
    line: &mut String,
    line_no: &mut u64,
) -> Result<bool> {
    loop {
        line.clear();
        let n = reader.read_line(line).map_err(|source| Error::Io {
            action: "reading (JSON Lines must be UTF-8)",
            path: path.to_path_buf(),
            source,
        })?;
        if n == 0 {
            return Ok(false);
        }
        *line_no += 1;
        if !line.trim().is_empty() {
            return Ok(true);
        }
    }
}

fn not_object(path: &Path, row: u64, line: u64, e: &serde_json::Error) -> Error {
    Error::BadJson {
        at: Place::row(path, row, Some(line)),
        problem: format!(
            "not a JSON object ({e}); each line must be one JSON object of column values"
        ),
    }
}

impl JsonlSource {
    /// The keys of the first object, in order: the column names when no schema is given.
    pub(crate) fn first_keys(path: &Path) -> Result<Vec<String>> {
        let mut reader = open_file(path)?;
        let (mut line, mut line_no) = (String::new(), 0);
        if !next_line(path, &mut reader, &mut line, &mut line_no)? {
            return Err(Error::Empty {
                path: path.to_path_buf(),
                problem: "the file has no rows to infer a schema from; pass --schema FILE",
            });
        }
        let entries: Entries<'_> =
            serde_json::from_str(&line).map_err(|e| not_object(path, 1, line_no, &e))?;
        let mut names: Vec<String> = Vec::with_capacity(entries.0.len());
        for (i, (key, _)) in entries.0.into_iter().enumerate() {
            if key.0.is_empty() {
                return Err(Error::EmptyColumnName { path: path.to_path_buf(), index: i + 1 });
            }
            if names.iter().any(|n| *n == key.0) {
                return Err(Error::DuplicateColumn {
                    path: path.to_path_buf(),
                    column: key.0.into_owned(),
                });
            }
            names.push(key.0.into_owned());
        }
        if names.is_empty() {
            return Err(Error::Empty {
                path: path.to_path_buf(),
                problem: "the first object has no keys; every row needs the columns' values",
            });
        }
        Ok(names)
    }

    /// Opens the file; rows are read into cells in the order of `names`.
    pub(crate) fn open(path: &Path, names: Vec<String>) -> Result<Self> {
        let index = names.iter().enumerate().map(|(i, n)| (n.clone(), i)).collect();
        Ok(Self {
            path: path.to_path_buf(),
            reader: open_file(path)?,
            line: String::new(),
            line_no: 0,
            row: 0,
            cells: vec![Span::Null; names.len()],
            present: vec![false; names.len()],
            names,
            index,
            owned: Vec::new(),
            entries: Vec::new(),
        })
    }

    fn bad(&self, problem: String) -> Error {
        Error::BadJson { at: Place::row(&self.path, self.row, Some(self.line_no)), problem }
    }

    fn parse(&mut self) -> Result<()> {
        self.cells.fill(Span::Null);
        self.present.fill(false);
        self.owned.clear();
        let mut entries = std::mem::take(&mut self.entries);
        entries.clear();
        if !scan_flat(self.line.as_bytes(), &mut entries) {
            entries.clear();
            self.parse_general(&mut entries)?;
        }
        let result = self.place(&entries);
        self.entries = entries;
        result
    }

    /// The general path (escapes, nested values, errors): serde_json.
    fn parse_general(&mut self, out: &mut Vec<(Span, Span)>) -> Result<()> {
        let entries: Entries<'_> = serde_json::from_str(&self.line)
            .map_err(|e| not_object(&self.path, self.row, self.line_no, &e))?;
        let base = self.line.as_ptr() as usize;
        for (key, raw) in &entries.0 {
            let key = match &key.0 {
                Cow::Borrowed(k) => {
                    let start = k.as_ptr() as usize - base;
                    Span::Line(start, start + k.len())
                }
                Cow::Owned(k) => {
                    self.owned.push(k.clone());
                    Span::Owned(self.owned.len() - 1)
                }
            };
            let text = raw.get();
            let start = text.as_ptr() as usize - base;
            let span = match text.as_bytes().first() {
                Some(b'"') if !text.contains('\\') => Span::Line(start + 1, start + text.len() - 1),
                Some(b'"') => {
                    let s: String = serde_json::from_str(text)
                        .map_err(|e| self.bad(format!("bad string ({e})")))?;
                    self.owned.push(s);
                    Span::Owned(self.owned.len() - 1)
                }
                Some(b'n') => Span::Null,
                Some(b'{' | b'[') => Span::Nested,
                _ => Span::Line(start, start + text.len()),
            };
            out.push((key, span));
        }
        Ok(())
    }

    /// Puts each entry's value in its column's cell.
    fn place(&mut self, entries: &[(Span, Span)]) -> Result<()> {
        for (pos, &(key, span)) in entries.iter().enumerate() {
            let key = match key {
                Span::Line(a, b) => &self.line[a..b],
                Span::Owned(i) => self.owned[i].as_str(),
                Span::Null | Span::Nested => "",
            };
            let col = match self.names.get(pos) {
                Some(name) if name == key => pos,
                _ => match self.index.get(key) {
                    Some(&col) => col,
                    None => {
                        return Err(self.bad(format!(
                            "key {key:?} is not a column (columns: {}); remove it or pass a \
                             --schema FILE that has it",
                            self.names.join(", ")
                        )));
                    }
                },
            };
            if std::mem::replace(&mut self.present[col], true) {
                return Err(self.bad(format!("key {key:?} appears twice in the object")));
            }
            self.cells[col] = span;
        }
        Ok(())
    }
}

/// JSON whitespace.
fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

/// The fast path: a flat JSON object whose keys and strings have no escapes, read into (key,
/// value) spans. Accepts only valid JSON; `false` for anything else (escapes, nested values,
/// malformed lines), which the general path then reads or reports.
fn scan_flat(b: &[u8], out: &mut Vec<(Span, Span)>) -> bool {
    let mut i = 0;
    let skip_ws = |i: &mut usize| {
        while b.get(*i).is_some_and(|&c| is_ws(c)) {
            *i += 1;
        }
    };
    // A string without escapes starting at b[*i] == '"': its inner range.
    let string = |i: &mut usize| -> Option<(usize, usize)> {
        if b.get(*i) != Some(&b'"') {
            return None;
        }
        let start = *i + 1;
        let len = b[start..].iter().position(|&c| c == b'"' || c == b'\\' || c < 0x20)?;
        if b[start + len] != b'"' {
            return None;
        }
        *i = start + len + 1;
        Some((start, start + len))
    };
    skip_ws(&mut i);
    if b.get(i) != Some(&b'{') {
        return false;
    }
    i += 1;
    skip_ws(&mut i);
    if b.get(i) == Some(&b'}') {
        i += 1;
    } else {
        loop {
            skip_ws(&mut i);
            let Some((ka, kb)) = string(&mut i) else { return false };
            skip_ws(&mut i);
            if b.get(i) != Some(&b':') {
                return false;
            }
            i += 1;
            skip_ws(&mut i);
            let value = match b.get(i) {
                Some(b'"') => match string(&mut i) {
                    Some((a, z)) => Span::Line(a, z),
                    None => return false,
                },
                Some(_) => {
                    let start = i;
                    while b.get(i).is_some_and(|&c| !is_ws(c) && c != b',' && c != b'}') {
                        i += 1;
                    }
                    match &b[start..i] {
                        b"null" => Span::Null,
                        b"true" | b"false" => Span::Line(start, i),
                        t if is_json_number(t) => Span::Line(start, i),
                        _ => return false,
                    }
                }
                None => return false,
            };
            out.push((Span::Line(ka, kb), value));
            skip_ws(&mut i);
            match b.get(i) {
                Some(b',') => i += 1,
                Some(b'}') => {
                    i += 1;
                    break;
                }
                _ => return false,
            }
        }
    }
    skip_ws(&mut i);
    i == b.len()
}

/// JSON number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
fn is_json_number(t: &[u8]) -> bool {
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while t.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    if t.get(i) == Some(&b'-') {
        i += 1;
    }
    match t.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return false,
    }
    if t.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(t.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(t.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == t.len()
}

impl TextSource for JsonlSource {
    fn read_row(&mut self) -> Result<bool> {
        if !next_line(&self.path, &mut self.reader, &mut self.line, &mut self.line_no)? {
            return Ok(false);
        }
        self.row += 1;
        self.parse()?;
        Ok(true)
    }

    #[inline]
    fn cell(&self, col: usize) -> Cell<'_> {
        match self.cells[col] {
            Span::Null => Cell::Null,
            Span::Line(a, b) => Cell::Text(&self.line[a..b]),
            Span::Owned(i) => Cell::Text(&self.owned[i]),
            Span::Nested => Cell::Invalid(
                "a single value (nested objects and arrays are not supported)",
                "{...}".into(),
            ),
        }
    }

    fn row(&self) -> u64 {
        self.row
    }

    fn line(&self) -> Option<u64> {
        Some(self.line_no)
    }

    fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};

    use super::*;

    /// What the general (serde_json) path makes of a line: (key, value) texts, or None.
    fn general(line: &str) -> Option<Vec<(String, Option<String>)>> {
        let entries: Entries<'_> = serde_json::from_str(line).ok()?;
        let mut out = Vec::new();
        for (k, v) in entries.0 {
            let t = v.get();
            let value = match t.as_bytes()[0] {
                b'"' => Some(serde_json::from_str::<String>(t).ok()?),
                b'n' => None,
                b'{' | b'[' => return None,
                _ => Some(t.to_string()),
            };
            out.push((k.0.into_owned(), value));
        }
        Some(out)
    }

    /// The fast scanner accepts only what serde_json accepts, and reads it the same.
    #[test]
    fn fast_scanner_equals_serde_json() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(21);
        let pieces = [
            "{", "}", "\"a\"", "\"b\"", "\"\"", ":", ",", " ", "\t", "1", "-0", "0.5", "1e5",
            "1E+2", "-", ".", "01", "true", "false", "null", "nul", "\"x y\"", "\"\\n\"", "[1]",
            "{}", "\"é\"", "\u{1}",
        ];
        let mut accepted = 0;
        for i in 0..200_000 {
            let line: String = if i % 2 == 0 {
                (0..rng.gen_range(0..12)).map(|_| pieces[rng.gen_range(0..pieces.len())]).collect()
            } else {
                // Mostly well-formed objects.
                let n = rng.gen_range(0..4);
                let body: Vec<String> = (0..n)
                    .map(|_| {
                        let k = pieces[rng.gen_range(2..5)];
                        let v = pieces[rng.gen_range(9..pieces.len())];
                        format!("{k}:{v}")
                    })
                    .collect();
                format!("{{{}}}", body.join(","))
            };
            let mut out = Vec::new();
            if scan_flat(line.as_bytes(), &mut out) {
                accepted += 1;
                let text = |s: Span| match s {
                    Span::Line(a, b) => Some(line[a..b].to_string()),
                    _ => None,
                };
                let fast: Vec<_> = out.iter().map(|&(k, v)| (text(k).unwrap(), text(v))).collect();
                assert_eq!(Some(fast), general(&line), "{line:?}");
            }
        }
        assert!(accepted > 20_000, "accepted {accepted}");
    }
}
