//! The HTML report printed to PDF by a headless Chromium, when one is installed. The page is
//! written to a private temporary folder, Chromium prints it with no header or footer of its
//! own, and is stopped if it has not finished in a minute; nothing is fetched (the page has
//! nothing to fetch).

use std::io::Write as _;
use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The browsers tried, in order, when `THRIVE_CHROMIUM` does not name one.
const BROWSERS: [&str; 5] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
];

/// A printed report is a few megabytes; more is not a report.
const PDF_MAX_BYTES: u64 = 256 * 1024 * 1024;

const PRINT_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Debug)]
pub enum PdfError {
    /// No Chromium to print with.
    NoBrowser,
    /// Chromium ran and gave no PDF.
    Failed(String),
}

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PdfError::NoBrowser => f.write_str(
                "no Chromium is installed to print the PDF: open the report's page in a browser and print it to PDF (or install chromium, or name one in THRIVE_CHROMIUM)",
            ),
            PdfError::Failed(why) => write!(f, "Chromium did not print the PDF: {why}"),
        }
    }
}

/// The Chromium to print with: `THRIVE_CHROMIUM` if set, else the first on the `PATH`.
pub fn browser() -> Option<PathBuf> {
    if let Some(named) = std::env::var_os("THRIVE_CHROMIUM").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(named));
    }
    let path = std::env::var_os("PATH")?;
    BROWSERS.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| is_executable(p))
    })
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    p.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// A path as a `file://` address: a `#`, `%`, `?` or space in a folder's name (a TMPDIR of
/// "/tmp/a#b") would otherwise end the path or be read as an escape.
fn file_url(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt as _;
    let mut url = String::from("file://");
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(char::from(b));
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// Chromium refuses to start its sandbox as root; only then is it turned off.
fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt as _;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// The page printed to A4 (the page's own CSS sets the size and margins).
pub fn print(html: &[u8]) -> Result<Vec<u8>, PdfError> {
    let chromium = browser().ok_or(PdfError::NoBrowser)?;
    // The page may hold names and notes: its folder is the user's alone, and named so a
    // folder left by an interrupted print is known for what it is.
    let work = tempfile::Builder::new()
        .prefix("thrive-print-")
        .permissions(std::fs::Permissions::from_mode(0o700))
        .tempdir()
        .map_err(|e| PdfError::Failed(e.to_string()))?;
    let page = work.path().join("report.html");
    let pdf = work.path().join("report.pdf");
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&page)
        .and_then(|mut f| f.write_all(html))
        .map_err(|e| PdfError::Failed(e.to_string()))?;
    let mut command = Command::new(&chromium);
    command
        .arg("--headless")
        .arg("--disable-gpu")
        .arg("--no-first-run")
        .arg("--no-default-browser-check")
        .arg("--disable-extensions")
        .arg("--disable-background-networking")
        .arg("--disable-sync")
        .arg("--no-pdf-header-footer")
        .arg("--print-to-pdf-no-header")
        .arg(format!(
            "--user-data-dir={}",
            work.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()));
    if running_as_root() {
        command.arg("--no-sandbox");
    }
    command
        .arg(file_url(&page))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        // To a file, not a pipe: a chatty Chromium never blocks on a pipe nobody reads.
        .stderr(
            std::fs::File::create(work.path().join("chromium.log"))
                .map_or_else(|_| Stdio::null(), Stdio::from),
        );
    let mut child = command.spawn().map_err(|e| {
        PdfError::Failed(format!("{} could not be started: {e}", chromium.display()))
    })?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > PRINT_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(PdfError::Failed(format!(
                    "it had not finished after {} seconds",
                    PRINT_TIMEOUT.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(PdfError::Failed(e.to_string())),
        }
    };
    let said = crate::input::read_limited(&work.path().join("chromium.log"), 1024 * 1024)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    match crate::input::read_limited(&pdf, PDF_MAX_BYTES) {
        Ok(bytes) if bytes.starts_with(b"%PDF") => Ok(bytes),
        _ => Err(PdfError::Failed(format!(
            "{status}{}",
            said.lines()
                .rfind(|l| !l.trim().is_empty())
                .map(|l| format!(": {}", crate::text::printable(l.trim())))
                .unwrap_or_default()
        ))),
    }
}
