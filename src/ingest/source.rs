//! Where an input's bytes come from: its files (one or several, read one after the other as
//! one input), each stored plain, gzip- or zstd-compressed (told from its first bytes, not its
//! name), in UTF-8, Windows-1252 or Latin-1 (`--encoding`). [`open`] gives a stream of UTF-8
//! text whatever the storage: decompressed and transcoded as it is read, never held whole, so
//! that the record scanner and `--max-record-size` see the text and memory stays bounded. The
//! SHA-256 of a file is always that of its bytes as stored (compressed), so that it matches
//! `sha256sum` of the file the user has.

use std::io::{self, Read, Seek};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

use crate::error::InputError;

/// The files of one input, in reading order; their rows form one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Files {
    /// The files (at least one when read).
    pub paths: Vec<PathBuf>,
    /// How the input was given when it is several files (a glob pattern, `--dir` names): the
    /// name of the input as a whole in messages and the report.
    pub label: Option<String>,
}

impl Files {
    /// One file.
    pub fn one(path: impl Into<PathBuf>) -> Files {
        Files { paths: vec![path.into()], label: None }
    }

    /// The first file (an empty path for an empty list, which is never read).
    pub fn first(&self) -> &Path {
        self.paths.first().map_or(Path::new(""), PathBuf::as_path)
    }

    /// The input's name in messages: the path of a single file, else the label (or the first
    /// and last paths).
    pub fn label(&self) -> String {
        match (self.paths.as_slice(), &self.label) {
            ([one], _) => one.display().to_string(),
            (_, Some(label)) => label.clone(),
            ([first, .., last], None) => {
                format!("{} … {} ({} files)", first.display(), last.display(), self.paths.len())
            }
            ([], None) => String::new(),
        }
    }
}

impl From<&Path> for Files {
    fn from(p: &Path) -> Files {
        Files::one(p)
    }
}

impl From<&PathBuf> for Files {
    fn from(p: &PathBuf) -> Files {
        Files::one(p.clone())
    }
}

impl From<PathBuf> for Files {
    fn from(p: PathBuf) -> Files {
        Files::one(p)
    }
}

impl From<&Files> for Files {
    fn from(f: &Files) -> Files {
        f.clone()
    }
}

/// The text encoding of the inputs (`--encoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Encoding {
    /// UTF-8 (a byte-order mark is allowed).
    #[default]
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// Windows-1252 (Excel's "CSV" on a French Windows): é is one byte, 0xE9; € is 0x80.
    #[value(name = "windows-1252", alias = "cp1252")]
    Windows1252,
    /// ISO-8859-1: every byte is the character of the same number (0x80–0x9F are control
    /// characters, where Windows-1252 has € and ’).
    #[value(name = "latin-1", alias = "latin1", alias = "iso-8859-1")]
    Latin1,
}

/// How a file is stored, from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// As is.
    Plain,
    /// gzip (1f 8b); several members one after the other are read as one stream.
    Gzip,
    /// Zstandard (28 b5 2f fd); several frames are read as one stream.
    Zstd,
}

impl Compression {
    /// The storage that `head` (a file's first bytes) starts.
    pub fn detect(head: &[u8]) -> Compression {
        if head.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else {
            Compression::Plain
        }
    }

    fn name(self) -> &'static str {
        match self {
            Compression::Plain => "plain",
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
        }
    }
}

/// An open file as text.
pub struct Opened {
    /// The UTF-8 text (for `--encoding utf-8`, the bytes as stored, decompressed).
    pub reader: Box<dyn Read + Send>,
    /// The SHA-256 of the stored bytes, computed as they are read, when the text is not those
    /// bytes (a compressed file, another encoding); `None` when the caller hashes the text it
    /// reads, which is then the stored bytes.
    pub stored_hash: Option<StoredHash>,
}

/// The running SHA-256 of a file's stored bytes.
#[derive(Clone)]
pub struct StoredHash(Arc<Mutex<Sha256>>);

impl StoredHash {
    /// The hash in hex, once the stored bytes were read to their end (`rest` reads what is
    /// left of the text: the stored bytes are hashed as it is read).
    pub fn finish(self, rest: &mut dyn Read) -> io::Result<String> {
        io::copy(rest, &mut io::sink())?;
        let hasher = match self.0.lock() {
            Ok(h) => h.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        };
        Ok(hex(&hasher.finalize()))
    }
}

/// A small file read whole (a contract, a waivers file, a holidays list).
pub enum SmallText {
    Text(String),
    /// Longer than the bound: refused before it is held (`/dev/zero` too).
    TooLong,
    /// Not UTF-8 from `byte` on, on `line` (1-based).
    NotUtf8 {
        line: usize,
        byte: usize,
    },
}

/// Reads at most `cap` bytes of `path` as UTF-8 text.
pub fn read_small_text(path: &Path, cap: u64) -> io::Result<SmallText> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Ok(SmallText::TooLong);
    }
    Ok(match String::from_utf8(bytes) {
        Ok(text) => SmallText::Text(text),
        Err(e) => {
            let byte = e.utf8_error().valid_up_to();
            let line = 1 + e.as_bytes()[..byte].iter().filter(|b| **b == b'\n').count();
            SmallText::NotUtf8 { line, byte }
        }
    })
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A reader that hashes the bytes it hands on.
struct HashRead<R> {
    inner: R,
    hash: StoredHash,
}

impl<R: Read> Read for HashRead<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Ok(mut h) = self.hash.0.lock() {
            h.update(&buf[..n]);
        }
        Ok(n)
    }
}

/// The error a decompressor gave: the compressed stream is truncated or corrupt.
#[derive(Debug)]
pub struct Corrupt {
    compression: Compression,
    message: String,
}

impl std::fmt::Display for Corrupt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} stream truncated or corrupt ({})", self.compression.name(), self.message)
    }
}

impl std::error::Error for Corrupt {}

/// A decompressor whose errors say what failed ([`Corrupt`]).
struct Decompressed<R> {
    inner: R,
    compression: Compression,
}

impl<R: Read> Read for Decompressed<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).map_err(|e| {
            if e.kind() == io::ErrorKind::Interrupted {
                return e;
            }
            let message = e.to_string();
            io::Error::new(io::ErrorKind::InvalidData, Corrupt { compression: self.compression, message })
        })
    }
}

/// The input error for an I/O error `e` reading `file` at `line` (0: the whole file).
pub fn io_error(file: &str, line: u64, e: &io::Error) -> InputError {
    let corrupt = e.get_ref().and_then(|inner| inner.downcast_ref::<Corrupt>());
    let (reason, expected) = match corrupt {
        Some(c) => (
            format!("compressed file unreadable: {c}"),
            format!(
                "a complete {} file (`{} -t FILE` tests one; a file still being written or cut by a copy ends early)",
                c.compression.name(),
                c.compression.name()
            ),
        ),
        None => ("cannot read the file".to_string(), format!("a readable CSV file ({e})")),
    };
    InputError { line, ..InputError::file(file, &reason, expected) }
}

/// Opens `path` as text: decompressed when its first bytes say gzip or zstd, transcoded from
/// `encoding` to UTF-8. Works on pipes (the first bytes are read once and handed on).
pub fn open(path: &Path, encoding: Encoding) -> Result<Opened, InputError> {
    let shown = path.display().to_string();
    let mut file = std::fs::File::open(path).map_err(|e| io_error(&shown, 0, &e))?;
    // The first bytes, read once (a pipe cannot be read again) and put back in front.
    let mut head = [0u8; 4];
    let mut got = 0;
    while got < head.len() {
        match file.read(&mut head[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io_error(&shown, 0, &e)),
        }
    }
    let compression = Compression::detect(&head[..got]);
    // A regular file is read again from its start, as itself: reads go straight into the
    // caller's buffer (no zeroing of it, no copy); a pipe gets its first bytes put back.
    let regular = file.metadata().is_ok_and(|m| m.is_file()) && file.seek(io::SeekFrom::Start(0)).is_ok();
    let stored: Box<dyn Read + Send> =
        if regular { Box::new(file) } else { Box::new(Prefixed { head, pos: 0, len: got, inner: file }) };
    if compression == Compression::Plain && encoding == Encoding::Utf8 {
        return Ok(Opened { reader: stored, stored_hash: None });
    }
    let hash = StoredHash(Arc::new(Mutex::new(Sha256::new())));
    let hashed = HashRead { inner: stored, hash: hash.clone() };
    let text: Box<dyn Read + Send> = match compression {
        Compression::Plain => Box::new(hashed),
        Compression::Gzip => Box::new(Decompressed {
            inner: flate2::read::MultiGzDecoder::new(io::BufReader::with_capacity(1 << 16, hashed)),
            compression,
        }),
        Compression::Zstd => {
            let decoder = zstd::stream::read::Decoder::new(hashed).map_err(|e| io_error(&shown, 0, &e))?;
            Box::new(Decompressed { inner: decoder, compression })
        }
    };
    let reader: Box<dyn Read + Send> = match encoding {
        Encoding::Utf8 => text,
        Encoding::Windows1252 => Box::new(Transcode::new(text, Some(encoding_rs::WINDOWS_1252))),
        Encoding::Latin1 => Box::new(Transcode::new(text, None)),
    };
    Ok(Opened { reader, stored_hash: Some(hash) })
}

/// The first bytes of a stream, read ahead, put back in front of the rest: the first read
/// gives them and as much of the rest as fits (so that a caller's first buffer holds a whole
/// header line, as from the file itself).
struct Prefixed<R> {
    head: [u8; 4],
    pos: usize,
    len: usize,
    inner: R,
}

impl<R: Read> Read for Prefixed<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos >= self.len {
            return self.inner.read(buf);
        }
        let n = (self.len - self.pos).min(buf.len());
        buf[..n].copy_from_slice(&self.head[self.pos..self.pos + n]);
        self.pos += n;
        if n == buf.len() {
            return Ok(n);
        }
        // Errors of the rest come with the next read.
        match self.inner.read(&mut buf[n..]) {
            Ok(m) => Ok(n + m),
            Err(_) => Ok(n),
        }
    }
}

/// A streaming transcoder to UTF-8 from a single-byte encoding: Windows-1252 (encoding_rs's
/// decoder) or, with `None`, ISO-8859-1 (each byte is the code point of its value).
struct Transcode<R> {
    inner: R,
    decoder: Option<encoding_rs::Decoder>,
    input: Vec<u8>,
    out: Vec<u8>,
    pos: usize,
    done: bool,
}

impl<R: Read> Transcode<R> {
    fn new(inner: R, encoding: Option<&'static encoding_rs::Encoding>) -> Self {
        Transcode {
            inner,
            decoder: encoding.map(|e| e.new_decoder_without_bom_handling()),
            input: vec![0; 1 << 15],
            out: Vec::with_capacity(1 << 16),
            pos: 0,
            done: false,
        }
    }
}

impl<R: Read> Read for Transcode<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pos >= self.out.len() {
            if self.done {
                return Ok(0);
            }
            let n = loop {
                match self.inner.read(&mut self.input) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    r => break r?,
                }
            };
            let last = n == 0;
            self.done = last;
            self.out.clear();
            self.pos = 0;
            let src = &self.input[..n];
            match &mut self.decoder {
                Some(decoder) => {
                    let max = decoder.max_utf8_buffer_length(n).unwrap_or(3 * n + 16);
                    self.out.resize(max, 0);
                    // Single-byte encodings: every byte is decoded at once, none is left over.
                    let (_, read, written, _) = decoder.decode_to_utf8(src, &mut self.out, last);
                    debug_assert_eq!(read, n);
                    self.out.truncate(written);
                }
                None => {
                    for &b in src {
                        if b < 0x80 {
                            self.out.push(b);
                        } else {
                            self.out.extend_from_slice(&[0xc0 | (b >> 6), 0x80 | (b & 0x3f)]);
                        }
                    }
                }
            }
        }
        let n = buf.len().min(self.out.len() - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Whether `bytes`, not valid UTF-8, read as Windows-1252 text: no byte of the five that
/// Windows-1252 leaves undefined, and at least one accented letter or typographic sign
/// (é = 0xE9, è = 0xE8, à = 0xE0, ’ = 0x92, € = 0x80…). Returns that reading.
pub fn looks_like_windows_1252(bytes: &[u8]) -> Option<String> {
    // NUL bytes: UTF-16, not a single-byte encoding.
    if std::str::from_utf8(bytes).is_ok() || bytes.iter().any(|b| matches!(b, 0 | 0x81 | 0x8d | 0x8f | 0x90 | 0x9d)) {
        return None;
    }
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    let telling = text.chars().any(|c| "àâäçéèêëîïôöùûüœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŒÆ’‘“”€«»–—…°".contains(c));
    telling.then(|| text.into_owned())
}

/// The reason and expectation of an invalid UTF-8 record whose bytes are `bytes` (when known):
/// with the hint of `--encoding` when they read as Windows-1252.
pub fn utf8_problem(bytes: Option<&[u8]>) -> (String, Option<String>, String) {
    match bytes.and_then(looks_like_windows_1252) {
        Some(text) => (
            "invalid UTF-8; the file looks like Windows-1252 (a French Excel export)".to_string(),
            Some(text.trim_end_matches(['\r', '\n']).to_string()),
            "UTF-8 text; to read a Windows-1252 file as it is, give --encoding windows-1252 (or convert it: \
             iconv -f WINDOWS-1252 -t UTF-8)"
                .to_string(),
        ),
        None => (
            "invalid UTF-8".to_string(),
            None,
            "UTF-8 text (for a legacy export, --encoding windows-1252 or latin-1)".to_string(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read_all(path: &Path, encoding: Encoding) -> (Vec<u8>, Option<StoredHash>) {
        let mut o = open(path, encoding).unwrap();
        let mut v = Vec::new();
        o.reader.read_to_end(&mut v).unwrap();
        (v, o.stored_hash)
    }

    #[test]
    fn compressed_files_are_told_by_their_bytes_and_hashed_as_stored() {
        let dir = tempfile::tempdir().unwrap();
        let text = b"a,b\n1,2\n".repeat(1000);
        // Named .csv: the bytes say gzip.
        let gz = dir.path().join("x.csv");
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(&text).unwrap();
        let stored = e.finish().unwrap();
        std::fs::write(&gz, &stored).unwrap();
        let (got, hash) = read_all(&gz, Encoding::Utf8);
        assert_eq!(got, text);
        let sha = hash.unwrap().finish(&mut io::empty()).unwrap();
        assert_eq!(sha, hex(&Sha256::digest(&stored)));
        let zst = dir.path().join("x.zst");
        let stored = zstd::encode_all(&text[..], 3).unwrap();
        std::fs::write(&zst, &stored).unwrap();
        assert_eq!(read_all(&zst, Encoding::Utf8).0, text);
        // Plain: the caller hashes.
        let plain = dir.path().join("p.csv");
        std::fs::write(&plain, &text).unwrap();
        let (got, hash) = read_all(&plain, Encoding::Utf8);
        assert_eq!(got, text);
        assert!(hash.is_none());
        // Shorter than the magic.
        std::fs::write(&plain, b"a").unwrap();
        assert_eq!(read_all(&plain, Encoding::Utf8).0, b"a");
    }

    #[test]
    fn a_truncated_gzip_is_named_corrupt() {
        let dir = tempfile::tempdir().unwrap();
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(&b"a,b\n1,2\n".repeat(5000)).unwrap();
        let stored = e.finish().unwrap();
        let gz = dir.path().join("x.csv.gz");
        std::fs::write(&gz, &stored[..stored.len() / 2]).unwrap();
        let mut o = open(&gz, Encoding::Utf8).unwrap();
        let err = o.reader.read_to_end(&mut Vec::new()).unwrap_err();
        let e = io_error("x.csv.gz", 0, &err);
        assert!(e.reason.starts_with("compressed file unreadable: gzip stream truncated"), "{e}");
    }

    #[test]
    fn a_truncated_zstd_or_trailing_garbage_is_an_error_not_an_early_end() {
        let dir = tempfile::tempdir().unwrap();
        let stored = zstd::encode_all(&b"a,b\n1,2\n".repeat(50_000)[..], 3).unwrap();
        let p = dir.path().join("x.zst");
        for cut in [stored.len() / 2, stored.len() - 1] {
            std::fs::write(&p, &stored[..cut]).unwrap();
            let mut o = open(&p, Encoding::Utf8).unwrap();
            let err = o.reader.read_to_end(&mut Vec::new()).unwrap_err();
            assert!(io_error("x", 0, &err).reason.contains("zstd stream truncated or corrupt"), "{cut}: {err}");
        }
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"a,b\n1,2\n").unwrap();
        let mut stored = gz.finish().unwrap();
        stored.extend_from_slice(b"garbage after the stream");
        std::fs::write(&p, &stored).unwrap();
        let mut o = open(&p, Encoding::Utf8).unwrap();
        assert!(o.reader.read_to_end(&mut Vec::new()).is_err());
    }

    #[test]
    fn legacy_encodings_are_transcoded() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("w.csv");
        std::fs::write(&p, b"R\xe9solu \x80 \x92\n").unwrap();
        assert_eq!(String::from_utf8(read_all(&p, Encoding::Windows1252).0).unwrap(), "Résolu € ’\n");
        assert_eq!(String::from_utf8(read_all(&p, Encoding::Latin1).0).unwrap(), "Résolu \u{80} \u{92}\n");
        assert_eq!(looks_like_windows_1252(b"R\xe9solu").as_deref(), Some("Résolu"));
        assert_eq!(looks_like_windows_1252("Résolu".as_bytes()), None);
        assert_eq!(looks_like_windows_1252(b"\x81\xe9"), None);
        assert_eq!(looks_like_windows_1252(b"\xff\xfea\x00"), None);
    }
}
