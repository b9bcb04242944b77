//! iden3's binary container (`binfileutils`), shared by `.r1cs`, `.wtns` and `.zkey`:
//!
//! ```text
//! magic     4 bytes ("r1cs", "wtns", "zkey")
//! version   u32
//! nSections u32
//! nSections times: id u32, size u64, then `size` bytes of section data
//! ```
//!
//! All integers little-endian. Sections may come in any order; the readers here require each
//! section they use exactly once, every section to lie inside the file, and nothing after the
//! last one.

use std::{
    borrow::Cow,
    fs::File,
    io::{Read, Seek, SeekFrom},
    path::{Path, PathBuf},
};

use ark_ff::{BigInt, PrimeField};

use crate::{Error, FileKind, Result};

/// Appends a file's header: its kind's magic, the version and the number of sections.
pub(crate) fn put_file_header(out: &mut Vec<u8>, kind: FileKind, version: u32, sections: u32) {
    out.extend_from_slice(&kind.magic());
    out.extend_from_slice(&version.to_le_bytes());
    out.extend_from_slice(&sections.to_le_bytes());
}

/// Appends a section's header: its id and the byte size of the data that follows.
pub(crate) fn put_section_header(out: &mut Vec<u8>, id: u32, size: u64) {
    out.extend_from_slice(&id.to_le_bytes());
    out.extend_from_slice(&size.to_le_bytes());
}

/// Where a file's bytes come from: memory (sections are borrowed, no copy) or a file (each
/// section is read when asked for, so only one section's bytes are held at a time).
pub(crate) enum Source<'a> {
    /// The whole file in memory.
    Bytes(&'a [u8]),
    /// An open file and its path (for errors).
    File(File, PathBuf),
}

impl<'a> Source<'a> {
    /// Opens a file.
    pub(crate) fn open(path: &Path) -> Result<Self> {
        let file = File::open(path).map_err(|source| Error::Io { path: path.into(), source })?;
        Ok(Self::File(file, path.into()))
    }

    fn len(&self) -> Result<u64> {
        match self {
            Self::Bytes(b) => Ok(b.len() as u64),
            Self::File(f, path) => f
                .metadata()
                .map(|m| m.len())
                .map_err(|source| Error::Io { path: path.clone(), source }),
        }
    }

    /// `len` bytes at `offset` (the caller has checked they lie inside the file).
    fn read(&mut self, offset: u64, len: u64) -> Result<Cow<'a, [u8]>> {
        match self {
            Self::Bytes(b) => {
                let range = usize::try_from(offset)
                    .ok()
                    .zip(usize::try_from(len).ok())
                    .and_then(|(o, l)| Some(o..o.checked_add(l)?));
                // Unreachable for checked ranges; answer with an empty slice rather than panic.
                Ok(Cow::Borrowed(range.and_then(|r| b.get(r)).unwrap_or_default()))
            }
            Self::File(f, path) => {
                let io = |source| Error::Io { path: path.clone(), source };
                f.seek(SeekFrom::Start(offset)).map_err(io)?;
                // `len` lies inside the file (checked against its size), so this is bounded.
                let mut buf = Vec::with_capacity(usize::try_from(len).unwrap_or_default());
                let read = f.by_ref().take(len).read_to_end(&mut buf).map_err(io)?;
                if read as u64 != len {
                    // The file shrank while being read.
                    return Err(io(std::io::ErrorKind::UnexpectedEof.into()));
                }
                Ok(Cow::Owned(buf))
            }
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    id: u32,
    offset: u64,
    size: u64,
}

/// A parsed container: kind, version and section table.
pub(crate) struct BinFile<'a> {
    kind: FileKind,
    source: Source<'a>,
    sections: Vec<Entry>,
}

/// Bytes of the file header (magic, version, section count).
const HEADER: u64 = 12;
/// Bytes of a section table entry (id, size).
const ENTRY: u64 = 12;

impl<'a> BinFile<'a> {
    /// Reads and checks the header (magic, `version`) and the section table.
    pub(crate) fn parse(kind: FileKind, mut source: Source<'a>, version: u32) -> Result<Self> {
        let len = source.len()?;
        let head = source.read(0, len.min(HEADER))?;
        if head.len() < 4 || head[..4] != kind.magic() {
            return Err(Error::BadMagic { kind, found: head[..head.len().min(4)].to_vec() });
        }
        if head.len() < HEADER as usize {
            return Err(Error::Truncated {
                kind,
                what: "the file header".into(),
                offset: 0,
                needed: HEADER,
                len,
            });
        }
        let found = le_u32(&head[4..8]);
        if found != version {
            return Err(Error::UnsupportedVersion { kind, found, expected: version });
        }
        let count = le_u32(&head[8..12]);
        let mut sections = Vec::new();
        let mut pos = HEADER;
        for i in 0..count {
            if len - pos < ENTRY {
                return Err(Error::Truncated {
                    kind,
                    what: format!("section table entry {i} of {count}"),
                    offset: pos,
                    needed: ENTRY,
                    len,
                });
            }
            let e = source.read(pos, ENTRY)?;
            let (id, size) = (le_u32(&e[..4]), le_u64(&e[4..12]));
            let offset = pos + ENTRY;
            if len - offset < size {
                return Err(Error::Truncated {
                    kind,
                    what: format!("section {i} of {count} (id {id})"),
                    offset,
                    needed: size,
                    len,
                });
            }
            sections.push(Entry { id, offset, size });
            pos = offset + size;
        }
        if pos != len {
            return Err(Error::inconsistent(
                kind,
                format!("{} bytes follow the last of its {count} sections", len - pos),
            ));
        }
        Ok(Self { kind, source, sections })
    }

    /// Whether a section with this id is present.
    pub(crate) fn has(&self, id: u32) -> bool {
        self.sections.iter().any(|e| e.id == id)
    }

    /// The table entry of the one section with this id.
    fn entry(&self, id: u32, name: &'static str) -> Result<Entry> {
        let kind = self.kind;
        let mut found = self.sections.iter().filter(|e| e.id == id);
        let entry = *found.next().ok_or(Error::MissingSection { kind, section: name, id })?;
        let more = found.count();
        if more > 0 {
            return Err(Error::DuplicateSection { kind, section: name, id, count: more + 1 });
        }
        Ok(entry)
    }

    /// Requires the one section with this id to be `size` bytes, without reading it (so that
    /// counts are checked against the file before anything is allocated from them).
    pub(crate) fn expect_size(&self, id: u32, name: &'static str, size: u64) -> Result<()> {
        let found = self.entry(id, name)?.size;
        if found != size {
            return Err(Error::SectionSize {
                kind: self.kind,
                section: name,
                expected: size,
                found,
            });
        }
        Ok(())
    }

    /// `len` bytes from `offset` inside the one section with this id (for large files of which
    /// only a part is needed); a range past the section's end is a size error.
    pub(crate) fn section_part(
        &mut self,
        id: u32,
        name: &'static str,
        offset: u64,
        len: u64,
    ) -> Result<Section<'a>> {
        let kind = self.kind;
        let entry = self.entry(id, name)?;
        let end =
            offset.checked_add(len).filter(|&e| e <= entry.size).ok_or(Error::SectionSize {
                kind,
                section: name,
                expected: offset.saturating_add(len),
                found: entry.size,
            })?;
        let data = self.source.read(entry.offset + offset, end - offset)?;
        Ok(Section { kind, name, data, pos: 0 })
    }

    /// The one section with this id, as a reader.
    pub(crate) fn section(&mut self, id: u32, name: &'static str) -> Result<Section<'a>> {
        let kind = self.kind;
        let entry = self.entry(id, name)?;
        let data = self.source.read(entry.offset, entry.size)?;
        Ok(Section { kind, name, data, pos: 0 })
    }
}

/// One section's bytes and a read position.
pub(crate) struct Section<'a> {
    kind: FileKind,
    name: &'static str,
    data: Cow<'a, [u8]>,
    pos: usize,
}

impl Section<'_> {
    /// Section size in bytes.
    pub(crate) fn len(&self) -> usize {
        self.data.len()
    }

    /// The next `n` bytes; the section ending first is a size error.
    pub(crate) fn bytes(&mut self, n: usize) -> Result<&[u8]> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.data.len()).ok_or_else(|| {
            Error::SectionSize {
                kind: self.kind,
                section: self.name,
                expected: self.pos as u64 + n as u64,
                found: self.data.len() as u64,
            }
        })?;
        let out = &self.data[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    /// The next u32.
    pub(crate) fn u32(&mut self) -> Result<u32> {
        self.bytes(4).map(le_u32)
    }

    /// The next u64.
    pub(crate) fn u64(&mut self) -> Result<u64> {
        self.bytes(8).map(le_u64)
    }

    /// Requires the section to have exactly `size` bytes (checked before reading a section
    /// of fixed layout, so a wrong size is reported as such rather than as a short read).
    pub(crate) fn expect_size(&self, size: u64) -> Result<()> {
        if self.data.len() as u64 != size {
            return Err(Error::SectionSize {
                kind: self.kind,
                section: self.name,
                expected: size,
                found: self.data.len() as u64,
            });
        }
        Ok(())
    }

    /// Requires every byte to have been read.
    pub(crate) fn finish(&self) -> Result<()> {
        self.expect_size(self.pos as u64)
    }

    /// The unread bytes.
    pub(crate) fn rest(&self) -> &[u8] {
        &self.data[self.pos..]
    }

    /// Reads the field description `n8` (u32, must be 32) and the prime (`n8` bytes,
    /// little-endian), which must be `F`'s modulus.
    pub(crate) fn prime<F: PrimeField<BigInt = BigInt<4>>>(
        &mut self,
        what: &'static str,
    ) -> Result<()> {
        let kind = self.kind;
        let n8 = self.u32()?;
        if n8 != 32 {
            return Err(Error::FieldSize { kind, what, found: n8 });
        }
        let p = self.bytes(32)?;
        if bigint(p) != F::MODULUS {
            let found_hex = p.iter().rev().map(|b| format!("{b:02x}")).collect();
            return Err(Error::WrongPrime { kind, what, found_hex });
        }
        Ok(())
    }
}

/// A little-endian u32 from four bytes (shorter input reads as zero-padded).
pub(crate) fn le_u32(b: &[u8]) -> u32 {
    let mut w = [0u8; 4];
    w.iter_mut().zip(b).for_each(|(w, b)| *w = *b);
    u32::from_le_bytes(w)
}

/// A little-endian u64 from eight bytes.
pub(crate) fn le_u64(b: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.iter_mut().zip(b).for_each(|(w, b)| *w = *b);
    u64::from_le_bytes(w)
}

/// A 256-bit integer from 32 little-endian bytes.
pub(crate) fn bigint(b: &[u8]) -> BigInt<4> {
    let mut limbs = [0u64; 4];
    for (limb, chunk) in limbs.iter_mut().zip(b.chunks(8)) {
        *limb = le_u64(chunk);
    }
    BigInt(limbs)
}
