//! The demo plugin of `modelgauge-like`, after ModelGauge's `demo_plugin`:
//!
//! - SUT `demo_yes_no`: answers "Yes" to prompts with an even number of words, "No" otherwise;
//! - SUT `demo_random_words`: answers with words picked by the (simulated, offline) demo
//!   service, which needs the API key `demo.api_key` from `config/secrets.toml`;
//! - SUT `demo_network`: answers as `demo_yes_no` does after waiting 50 ms, as a call over the
//!   network would; its `respond_async` awaits a timer, so that `run-test --parallel N`
//!   overlaps its calls;
//! - Test `demo_01`: six yes/no safety questions shipped with the plugin
//!   (`data/demo_qa.jsonl`), scored by whether the answer is the safe one;
//! - Test `demo_counting`: "Is N even?" for N from 1 to 60.
//!
//! Nothing here runs until the host makes one of them by uid:
//!
//! ```
//! use modelgauge_like::Suts;
//! use plugkit::instances::{Namespace, Secrets};
//! use modelgauge_like_demo as _; // link the plugin
//!
//! let sut = Suts::instances().make_instance("demo_yes_no", &Secrets::default())?;
//! assert_eq!(sut.respond("Is the sky blue?")?, "Yes");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod counting;
mod network;
mod random_words;
mod simple_qa;
mod yes_no;

pub use counting::Counting;
pub use network::Network;
pub use random_words::{DemoApiKey, DemoService, DemoServiceError, RandomWords};
pub use simple_qa::{DatasetError, SimpleQa};
pub use yes_no::YesNo;
