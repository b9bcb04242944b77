//! The one place the CLI writes to the terminal. Results go to stdout, as text or, with `--json`,
//! as one JSON object; progress and warnings go to stderr; `--quiet` keeps only errors and JSON.

use std::{
    io::{IsTerminal, Write},
    time::{Duration, Instant},
};

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::Value;
use zkp_ledger_config::redact_urls_in;
use zkp_ledger_prover::Progress;

/// Output settings from the global flags.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Output {
    /// Machine-readable output.
    pub(crate) json: bool,
    /// Print nothing but errors (and JSON).
    pub(crate) quiet: bool,
}

impl Output {
    /// Prints a command's result: `human()` as text, or `json()` with `--json`.
    pub(crate) fn result(self, human: impl FnOnce() -> String, json: impl FnOnce() -> Value) {
        if self.json {
            out(&serde_json::to_string_pretty(&json()).unwrap_or_default());
        } else if !self.quiet {
            let text = human();
            if !text.is_empty() {
                out(text.trim_end());
            }
        }
    }

    /// A note on stderr (suppressed by `--quiet` and `--json`).
    pub(crate) fn note(self, text: &str) {
        if !self.quiet && !self.json {
            err(text);
        }
    }

    /// A warning on stderr (suppressed only by `--quiet`).
    pub(crate) fn warn(self, text: &str) {
        if !self.quiet {
            err(&format!("warning: {text}"));
        }
    }

    /// An error on stderr, and as `{"error": ...}` on stdout with `--json`.
    pub(crate) fn error(self, report: &eyre::Report) {
        // Errors are redacted where they are made; this is the last line of defence for a URL
        // (and its API key) that a cause carries.
        let top = redact_urls_in(&report.to_string());
        err(&format!("error: {top}"));
        // Our error messages already carry their source's text; print only causes that add to it.
        let mut shown = top;
        for cause in report.chain().skip(1) {
            let text = redact_urls_in(&cause.to_string());
            if !shown.contains(&text) {
                err(&format!("  caused by: {text}"));
                shown.push_str(&text);
            }
        }
        if self.json {
            let chain: Vec<String> =
                report.chain().map(|c| redact_urls_in(&c.to_string())).collect();
            out(&serde_json::json!({ "error": redact_urls_in(&report.to_string()), "causes": chain })
                .to_string());
        }
    }

    /// A spinner for long steps, shown only on a terminal and without `--quiet`/`--json`.
    pub(crate) fn spinner(self) -> Spinner {
        let bar = (!self.quiet && !self.json && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar
        });
        Spinner { bar, started: std::sync::Mutex::new(None) }
    }
}

/// Writes a line to stdout. A closed stdout (`zkp-ledger ... | head`, EPIPE) or a full disk is
/// not a reason to panic or to change the command's outcome: the line is dropped, and the
/// command's exit status still says what it did.
fn out(line: &str) {
    let mut w = std::io::stdout().lock();
    let _ = writeln!(w, "{line}").and_then(|()| w.flush());
}

/// Writes a line to stderr; like [`out`], a closed stderr is ignored.
fn err(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// The log writer: stderr, with every URL in a log line redacted ([`redact_urls_in`]), so that
/// no log line shows an RPC URL's path, query or credentials whatever a library put in it.
pub(crate) struct RedactingStderr;

impl Write for RedactingStderr {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        let _ = std::io::stderr().lock().write_all(redact_urls_in(&text).as_bytes());
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}

/// Shows the current step of a long operation.
pub(crate) struct Spinner {
    bar: Option<ProgressBar>,
    started: std::sync::Mutex<Option<Instant>>,
}

impl Spinner {
    /// Runs `f` as the step `step`.
    pub(crate) fn step<T>(&self, step: &str, f: impl FnOnce() -> T) -> T {
        self.start(step);
        let t = Instant::now();
        let out = f();
        self.finish(step, t.elapsed());
        out
    }
}

impl Progress for Spinner {
    fn start(&self, step: &str) {
        if let Ok(mut s) = self.started.lock() {
            *s = Some(Instant::now());
        }
        if let Some(bar) = &self.bar {
            bar.set_message(step.to_string());
            bar.enable_steady_tick(Duration::from_millis(100));
        }
    }

    fn finish(&self, step: &str, elapsed: Duration) {
        if let Some(bar) = &self.bar {
            bar.disable_steady_tick();
            bar.println(format!("  done: {step} ({})", fmt_duration(elapsed)));
            bar.set_message(String::new());
        }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// `1.23 s`, `45.6 ms` or `789 µs`.
pub(crate) fn fmt_duration(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 1e-3 {
        format!("{:.1} ms", s * 1e3)
    } else {
        format!("{:.0} µs", s * 1e6)
    }
}

/// Milliseconds as a float, for JSON.
pub(crate) fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e6).round() / 1e3
}

/// `12.3 MB` style sizes.
pub(crate) fn fmt_bytes(n: u64) -> String {
    let n = n as f64;
    if n >= 1e9 {
        format!("{:.2} GB", n / 1e9)
    } else if n >= 1e6 {
        format!("{:.1} MB", n / 1e6)
    } else if n >= 1e3 {
        format!("{:.1} kB", n / 1e3)
    } else {
        format!("{n} B")
    }
}
