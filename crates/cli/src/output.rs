//! The one place the CLI writes to the terminal. Results go to stdout, as text or, with `--json`,
//! as one JSON object; progress and warnings go to stderr; `--quiet` keeps only errors and JSON.

#![allow(clippy::print_stdout, clippy::print_stderr, reason = "this module is the CLI's output")]

use std::{
    io::IsTerminal,
    time::{Duration, Instant},
};

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::Value;
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
            println!("{}", serde_json::to_string_pretty(&json()).unwrap_or_default());
        } else if !self.quiet {
            let text = human();
            if !text.is_empty() {
                println!("{}", text.trim_end());
            }
        }
    }

    /// A note on stderr (suppressed by `--quiet` and `--json`).
    pub(crate) fn note(self, text: &str) {
        if !self.quiet && !self.json {
            eprintln!("{text}");
        }
    }

    /// A warning on stderr (suppressed only by `--quiet`).
    pub(crate) fn warn(self, text: &str) {
        if !self.quiet {
            eprintln!("warning: {text}");
        }
    }

    /// An error on stderr, and as `{"error": ...}` on stdout with `--json`.
    pub(crate) fn error(self, report: &eyre::Report) {
        let top = report.to_string();
        eprintln!("error: {top}");
        // Our error messages already carry their source's text; print only causes that add to it.
        let mut shown = top;
        for cause in report.chain().skip(1) {
            let text = cause.to_string();
            if !shown.contains(&text) {
                eprintln!("  caused by: {text}");
                shown.push_str(&text);
            }
        }
        if self.json {
            let chain: Vec<String> = report.chain().map(ToString::to_string).collect();
            println!("{}", serde_json::json!({ "error": report.to_string(), "causes": chain }));
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
