//! `demo_network`: a SUT that waits, as a call over the network would.

use std::time::Duration;

use modelgauge_like::{Sut, SutError, Suts};

use crate::YesNo;

/// Answers as [`YesNo`] does, after waiting `delay` on a timer: it stands for a SUT behind a
/// network API, whose calls `run-test --parallel N` overlaps. The wait is awaited in
/// [`respond_async`](Sut::respond_async) (a timer that needs no particular runtime) and slept
/// in [`respond`](Sut::respond).
///
/// ```
/// use modelgauge_like::Sut;
/// let sut = modelgauge_like_demo::Network::new(std::time::Duration::from_millis(5));
/// assert_eq!(sut.respond("one two")?, "Yes");
/// assert_eq!(futures::executor::block_on(sut.respond_async("one two three"))?, "No");
/// # Ok::<(), modelgauge_like::SutError>(())
/// ```
#[derive(Debug)]
pub struct Network {
    delay: Duration,
}

impl Network {
    /// A SUT that waits `delay` per prompt.
    ///
    /// ```
    /// let sut = modelgauge_like_demo::Network::new(std::time::Duration::from_millis(50));
    /// assert_eq!(sut.delay(), std::time::Duration::from_millis(50));
    /// ```
    pub fn new(delay: Duration) -> Self {
        Network { delay }
    }

    /// How long it waits per prompt.
    ///
    /// ```
    /// assert_eq!(modelgauge_like_demo::Network::new(std::time::Duration::ZERO).delay().as_millis(), 0);
    /// ```
    pub fn delay(&self) -> Duration {
        self.delay
    }
}

#[async_trait::async_trait]
impl Sut for Network {
    fn respond(&self, prompt: &str) -> Result<String, SutError> {
        std::thread::sleep(self.delay);
        YesNo.respond(prompt)
    }

    async fn respond_async(&self, prompt: &str) -> Result<String, SutError> {
        futures_timer::Delay::new(self.delay).await;
        YesNo.respond(prompt)
    }
}

#[plugkit::instance(Suts, uid = "demo_network", args(delay_ms = 50))]
fn network(delay_ms: u64) -> Network {
    Network::new(Duration::from_millis(delay_ms))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn both_forms_wait_then_answer_as_yes_no() {
        let sut = Network::new(Duration::from_millis(20));
        let started = Instant::now();
        assert_eq!(sut.respond("a b").unwrap(), "Yes");
        assert!(started.elapsed() >= Duration::from_millis(20));
        let started = Instant::now();
        let answer = futures::executor::block_on(sut.respond_async("a b c"));
        assert!(started.elapsed() >= Duration::from_millis(20));
        assert_eq!(answer.unwrap(), "No");
    }
}
