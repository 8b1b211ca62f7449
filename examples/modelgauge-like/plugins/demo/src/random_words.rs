//! `demo_random_words`: a SUT behind an API key, and the demo service it calls.
//!
//! The service is simulated in-process (no network), but it checks the key as a real one
//! would: the constructor connects with the key from `secrets.toml`, and a wrong key fails the
//! construction, with the uid.

use modelgauge_like::{Sut, SutError, Suts};
use plugkit::instances::{Secret, SecretDescription, SecretValue};
use thiserror::Error;

/// The demo service's API key: `[demo] api_key` in `secrets.toml`.
///
/// ```
/// use plugkit::instances::Secret;
/// assert_eq!(modelgauge_like_demo::DemoApiKey::DESCRIPTION.to_string(), "demo.api_key");
/// ```
#[derive(Debug)]
pub struct DemoApiKey;

impl Secret for DemoApiKey {
    const DESCRIPTION: SecretDescription =
        SecretDescription::new("demo", "api_key", "The password is 12345");
}

/// The demo service refused the connection.
///
/// ```
/// use modelgauge_like_demo::{DemoApiKey, DemoService};
/// use plugkit::instances::{SecretString, SecretValue};
/// let err = DemoService::connect(&SecretValue::<DemoApiKey>::from(SecretString::from("wrong"))).unwrap_err();
/// assert!(err.to_string().starts_with("the demo service rejected the API key in `demo.api_key`"));
/// ```
#[derive(Debug, Error, PartialEq, Eq)]
pub enum DemoServiceError {
    /// The key is not the one the service expects. The message never shows it.
    #[error(
        "the demo service rejected the API key in `demo.api_key`\n  \
         fix: set it to the password that `modelgauge-like list-secrets` gives"
    )]
    KeyRejected,
}

/// A connection to the demo service, which picks words for a prompt. Simulated: it runs in
/// this process, deterministically, and accepts one key.
///
/// ```
/// use modelgauge_like_demo::{DemoApiKey, DemoService};
/// use plugkit::instances::{SecretString, SecretValue};
/// let service = DemoService::connect(&SecretValue::<DemoApiKey>::from(SecretString::from("12345")))?;
/// assert_eq!(service.complete("apples and pears", 3), service.complete("apples and pears", 3));
/// # Ok::<(), modelgauge_like_demo::DemoServiceError>(())
/// ```
#[derive(Debug)]
pub struct DemoService {
    _connected: (),
}

const STOCK_WORDS: [&str; 12] = [
    "the", "be", "to", "of", "and", "a", "in", "that", "have", "it", "for", "not",
];

impl DemoService {
    /// Connects with an API key; the service accepts only the password of the instructions.
    ///
    /// ```
    /// use modelgauge_like_demo::{DemoApiKey, DemoService};
    /// use plugkit::instances::{SecretString, SecretValue};
    /// assert!(DemoService::connect(&SecretValue::<DemoApiKey>::from(SecretString::from("12345"))).is_ok());
    /// assert!(DemoService::connect(&SecretValue::<DemoApiKey>::from(SecretString::from("1234"))).is_err());
    /// ```
    pub fn connect(key: &SecretValue<DemoApiKey>) -> Result<Self, DemoServiceError> {
        match key.expose() == "12345" {
            true => Ok(DemoService { _connected: () }),
            false => Err(DemoServiceError::KeyRejected),
        }
    }

    /// `n` words picked from the prompt's words and a stock of common ones, seeded by the
    /// prompt: the same prompt gets the same answer.
    ///
    /// ```
    /// use modelgauge_like_demo::{DemoApiKey, DemoService};
    /// use plugkit::instances::{SecretString, SecretValue};
    /// let service = DemoService::connect(&SecretValue::<DemoApiKey>::from(SecretString::from("12345")))?;
    /// assert_eq!(service.complete("Tell me about the weather today", 8), "have a have me the of the weather");
    /// # Ok::<(), modelgauge_like_demo::DemoServiceError>(())
    /// ```
    pub fn complete(&self, source_text: &str, n: usize) -> String {
        let mut choices: Vec<&str> = source_text.split_whitespace().collect();
        choices.extend(STOCK_WORDS);
        let mut state = source_text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        let mut picked = Vec::with_capacity(n);
        for _ in 0..n {
            // splitmix64
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^= z >> 31;
            let len = u64::try_from(choices.len()).unwrap_or(u64::MAX);
            let i = usize::try_from(z % len).unwrap_or(0);
            picked.push(choices[i]);
        }
        picked.join(" ")
    }
}

/// Answers with `words` words from the demo service.
///
/// ```
/// use modelgauge_like::Sut;
/// use modelgauge_like_demo::{DemoApiKey, DemoService, RandomWords};
/// use plugkit::instances::{SecretString, SecretValue};
/// let key = SecretValue::<DemoApiKey>::from(SecretString::from("12345"));
/// let sut = RandomWords::new(DemoService::connect(&key)?, 4);
/// assert_eq!(sut.respond("tell me a story")?.split(' ').count(), 4);
/// assert!(sut.respond("   ").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct RandomWords {
    service: DemoService,
    words: usize,
}

impl RandomWords {
    /// A SUT answering with `words` words from `service`.
    ///
    /// ```
    /// use modelgauge_like::Sut;
    /// use modelgauge_like_demo::{DemoApiKey, DemoService, RandomWords};
    /// use plugkit::instances::{SecretString, SecretValue};
    /// let key = SecretValue::<DemoApiKey>::from(SecretString::from("12345"));
    /// let sut = RandomWords::new(DemoService::connect(&key)?, 2);
    /// assert_eq!(sut.respond("hello")?.split(' ').count(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(service: DemoService, words: usize) -> Self {
        RandomWords { service, words }
    }
}

impl Sut for RandomWords {
    fn respond(&self, prompt: &str) -> Result<String, SutError> {
        if prompt.split_whitespace().next().is_none() {
            return Err(SutError::new(
                "the demo service needs a prompt with at least one word",
            ));
        }
        Ok(self.service.complete(prompt, self.words))
    }
}

#[plugkit::instance(Suts, uid = "demo_random_words", args(words = 8))]
fn random_words(
    api_key: SecretValue<DemoApiKey>,
    words: usize,
) -> Result<RandomWords, DemoServiceError> {
    Ok(RandomWords::new(DemoService::connect(&api_key)?, words))
}
