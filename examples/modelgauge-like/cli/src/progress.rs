//! The progress bar of `run-test`, on stderr.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar on stderr. indicatif draws it only when stderr is a terminal, so a
/// redirected or captured stderr gets no control characters.
pub(crate) struct Progress(Option<ProgressBar>);

impl Progress {
    /// A bar, or nothing when `enabled` is false (`--no-progress-bar`).
    pub(crate) fn new(enabled: bool) -> Self {
        if !enabled {
            return Progress(None);
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} items") {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message("Processing test items");
        Progress(Some(bar))
    }

    /// `done` of `total` items.
    pub(crate) fn update(&self, done: usize, total: usize) {
        if let Some(bar) = &self.0 {
            bar.set_length(u64::try_from(total).unwrap_or(u64::MAX));
            bar.set_position(u64::try_from(done).unwrap_or(u64::MAX));
        }
    }

    /// Removes the bar, so that what follows starts on a clean line.
    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
