//! Reading a file a person names. Only a regular file is opened (or standard input, given as
//! `-`, where a command reads one): opening a pipe that has no writer waits for ever, and a
//! device such as `/dev/zero` never ends. Nothing is read past a stated limit, checked from
//! the size before reading and again while reading (standard input has no size).

use std::io::Read;
use std::path::Path;

/// Why a named file was not read.
#[derive(Debug)]
pub enum InputError {
    Folder,
    /// A pipe, device or socket: `kind` says which.
    NotAFile(&'static str),
    TooBig {
        /// At least this many bytes (all that was read, for a stream).
        size: u64,
        limit: u64,
    },
    Io(std::io::Error),
}

impl InputError {
    /// The problem in words, naming `what` the file should have been ("a workshop script").
    pub fn message(&self, what: &str) -> String {
        match self {
            InputError::Folder => format!("this is a folder, not {what}"),
            InputError::NotAFile(kind) => format!("this is {kind}, not a file"),
            // A stream stops being read one byte past the limit: its size is not known.
            InputError::TooBig { size, limit } if *size == limit + 1 => format!(
                "more than {} came in; {what} may be at most {}",
                mib(*limit),
                mib(*limit)
            ),
            InputError::TooBig { size, limit } => format!(
                "the file is {}; {what} may be at most {}",
                mib(*size),
                mib(*limit)
            ),
            InputError::Io(e) => format!("the file cannot be read: {e}"),
        }
    }

    /// What to do about it.
    pub fn help(&self) -> &'static str {
        match self {
            InputError::Folder => "name a file inside it",
            InputError::NotAFile(_) => {
                "thrive reads only files; to read from a pipe, give - and send it to standard input"
            }
            InputError::TooBig { .. } => "is this the right file?",
            InputError::Io(_) => "check the path",
        }
    }
}

fn mib(bytes: u64) -> String {
    let m = bytes as f64 / (1024.0 * 1024.0);
    let shown = format!("{m:.1}");
    format!("{} MiB", shown.strip_suffix(".0").unwrap_or(&shown))
}

/// What a path that exists but is not a regular file is, in words.
pub fn not_a_file(meta: &std::fs::Metadata) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_file() || t.is_dir() {
        return None;
    }
    Some(if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    })
}

/// The whole of `path` (or standard input for `-`), if it is a file of at most `limit`
/// bytes.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, InputError> {
    if path == Path::new("-") {
        return read_stream(std::io::stdin().lock(), limit);
    }
    // `metadata` never opens the file, so a pipe is refused without waiting on it.
    let meta = std::fs::metadata(path).map_err(InputError::Io)?;
    if meta.is_dir() {
        return Err(InputError::Folder);
    }
    if let Some(kind) = not_a_file(&meta) {
        return Err(InputError::NotAFile(kind));
    }
    if meta.len() > limit {
        return Err(InputError::TooBig {
            size: meta.len(),
            limit,
        });
    }
    // Read with the limit as well: the file may grow between the look and the read.
    read_stream(std::fs::File::open(path).map_err(InputError::Io)?, limit)
}

fn read_stream(stream: impl Read, limit: u64) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    stream
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(InputError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(InputError::TooBig {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_longer_than_the_limit_is_refused_after_the_limit() {
        let endless = std::io::repeat(b'x');
        match read_stream(endless, 1024) {
            Err(InputError::TooBig { size, limit }) => {
                assert_eq!((size, limit), (1025, 1024));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_device_and_a_fifo_are_not_files() {
        let dir = tempfile::tempdir().expect("dir");
        let fifo = dir.path().join("pipe");
        nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).expect("mkfifo");
        // A FIFO with no writer: opening it would block; it is refused first.
        assert!(matches!(
            read_limited(&fifo, 10),
            Err(InputError::NotAFile("a named pipe (FIFO)"))
        ));
        assert!(matches!(
            read_limited(Path::new("/dev/zero"), 10),
            Err(InputError::NotAFile("a device"))
        ));
        assert!(matches!(
            read_limited(dir.path(), 10),
            Err(InputError::Folder)
        ));
    }
}
