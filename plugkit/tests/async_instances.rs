//! Instances with async methods: a namespace whose instance trait is async (through
//! `#[async_trait]`, and through hand-written boxed futures) works with `make_instance`,
//! secrets and listings as a sync one does, and its instances are awaited under a minimal
//! executor (`futures::executor`) and under tokio. plugkit itself depends on no runtime.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use std::future::Future;
use std::pin::Pin;

use async_trait::async_trait;
use plugkit::instances::{Namespace, Secret, SecretDescription, SecretValue, Secrets, Uid};

// ---- a host: models answered over the network ----------------------------------------------

/// What the namespace makes: `async fn`s, boxed by `#[async_trait]` so that `dyn Model` exists.
/// `Send + Sync` on the trait, and `#[async_trait]`'s default `Send` futures, let a runtime move
/// the calls between threads.
#[async_trait]
pub trait Model: Send + Sync {
    /// The completion of `prompt`.
    async fn complete(&self, prompt: &str) -> Result<String, String>;
    /// A provided async method, as a trait can have.
    async fn complete_twice(&self, prompt: &str) -> Result<String, String> {
        let once = self.complete(prompt).await?;
        self.complete(&once).await
    }
}

/// The namespace: declared exactly as for a sync trait.
#[derive(Namespace)]
#[namespace(name = "async_models", instance = dyn Model)]
pub struct Models;

/// The same with hand-written boxed futures, for a host that takes no `async-trait`.
pub trait Store: Send + Sync {
    /// The value under `key`.
    fn get<'a>(&'a self, key: &'a str)
    -> Pin<Box<dyn Future<Output = Option<String>> + Send + 'a>>;
}

/// Stores, made by uid.
#[derive(Namespace)]
#[namespace(name = "async_stores", instance = dyn Store)]
pub struct Stores;

/// A trait whose futures are not `Send` (`?Send`): awaited on the thread that made them.
#[async_trait(?Send)]
pub trait Counter {
    /// The count after adding `n`.
    async fn add(&self, n: u32) -> u32;
}

/// Counters, made by uid.
#[derive(Namespace)]
#[namespace(name = "async_counters", instance = dyn Counter)]
pub struct Counters;

struct Cell(std::rc::Rc<std::cell::Cell<u32>>);

#[async_trait(?Send)]
impl Counter for Cell {
    async fn add(&self, n: u32) -> u32 {
        // An `Rc` held across an await: this future is not `Send`.
        let shared = std::rc::Rc::clone(&self.0);
        yield_once().await;
        shared.set(shared.get() + n);
        shared.get()
    }
}

#[plugkit::instance(Counters, uid = "cell")]
fn cell() -> Cell {
    Cell(std::rc::Rc::default())
}

// ---- a plugin: two models, one behind an API key, and a store ------------------------------

/// The key of the remote model.
pub struct ApiKey;
impl Secret for ApiKey {
    const DESCRIPTION: SecretDescription =
        SecretDescription::new("remote_models", "api_key", "Ask the models team");
}

struct Shout;

#[async_trait]
impl Model for Shout {
    async fn complete(&self, prompt: &str) -> Result<String, String> {
        // A point where the task yields to the executor, as a network call would.
        yield_once().await;
        Ok(prompt.to_uppercase())
    }
}

#[plugkit::instance(Models, uid = "shout")]
fn shout() -> Shout {
    Shout
}

struct Keyed {
    uid: Uid,
    key: String,
}

#[async_trait]
impl Model for Keyed {
    async fn complete(&self, prompt: &str) -> Result<String, String> {
        yield_once().await;
        match prompt {
            "" => Err(format!("`{}` needs a prompt", self.uid)),
            _ => Ok(format!("{prompt} (signed {})", self.key)),
        }
    }
}

#[plugkit::instance(Models, uid = "keyed")]
fn keyed(uid: Uid, key: SecretValue<ApiKey>) -> Keyed {
    Keyed {
        uid,
        key: key.expose().to_owned(),
    }
}

struct Fixed;

impl Store for Fixed {
    fn get<'a>(
        &'a self,
        key: &'a str,
    ) -> Pin<Box<dyn Future<Output = Option<String>> + Send + 'a>> {
        Box::pin(async move {
            yield_once().await;
            (key == "answer").then(|| "42".to_owned())
        })
    }
}

#[plugkit::instance(Stores, uid = "fixed")]
fn fixed() -> Fixed {
    Fixed
}

/// Returns `Pending` once (waking itself), then `Ready`: a future that needs its executor.
async fn yield_once() {
    let mut yielded = false;
    std::future::poll_fn(|cx| match yielded {
        true => std::task::Poll::Ready(()),
        false => {
            yielded = true;
            cx.waker().wake_by_ref();
            std::task::Poll::Pending
        }
    })
    .await;
}

fn secrets() -> Secrets {
    Secrets::default().with("remote_models", "api_key", "k-123")
}

// ---- the tests -----------------------------------------------------------------------------

#[test]
fn an_async_namespace_lists_and_checks_secrets_as_a_sync_one_does() {
    let uids: Vec<&str> = Models::instances().list().iter().map(|r| r.uid()).collect();
    assert_eq!(uids, ["keyed", "shout"]);
    let keyed = Models::instances().get("keyed").unwrap();
    assert_eq!(keyed.type_name(), "Keyed");
    assert_eq!(
        Models::instances().secrets()[0].to_string(),
        "remote_models.api_key"
    );
    // A missing secret is reported before anything is built, with the TOML to add.
    let Err(err) = Models::instances().make_instance("keyed", &Secrets::default()) else {
        panic!("made without its secret");
    };
    assert_eq!(
        err.to_string(),
        "missing secrets:\n  - `remote_models.api_key`, needed by `keyed` (async_models)\n  \
         fix: add these lines to your secrets file, with the real values:\n\n\
         [remote_models]\n# Ask the models team\napi_key = \"<value>\""
    );
    let Err(err) = Models::instances().make_instance("shuot", &secrets()) else {
        panic!("made an unknown uid");
    };
    assert!(
        err.to_string()
            .starts_with("no uid `shuot` in namespace `async_models`"),
        "{err}"
    );
}

#[test]
fn async_instances_are_awaited_under_a_minimal_executor() {
    let shout = Models::instances()
        .make_instance("shout", &secrets())
        .unwrap();
    let keyed = Models::instances()
        .make_instance("keyed", &secrets())
        .unwrap();
    futures::executor::block_on(async {
        assert_eq!(shout.complete("hi").await.unwrap(), "HI");
        assert_eq!(shout.complete_twice("hi").await.unwrap(), "HI");
        assert_eq!(keyed.complete("hi").await.unwrap(), "hi (signed k-123)");
        assert_eq!(
            keyed.complete("").await.unwrap_err(),
            "`keyed` needs a prompt"
        );
        // Several calls in flight at once, on one thread.
        let all = futures::future::join_all(["a", "b", "c"].map(|p| shout.complete(p))).await;
        assert_eq!(all, [Ok("A".into()), Ok("B".into()), Ok("C".into())]);
    });
    let store = Stores::instances()
        .make_instance("fixed", &Secrets::default())
        .unwrap();
    assert_eq!(
        futures::executor::block_on(store.get("answer")),
        Some("42".to_owned())
    );
    assert_eq!(futures::executor::block_on(store.get("other")), None);
}

#[test]
fn async_instances_are_awaited_under_tokio_across_threads() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    runtime.block_on(async {
        let keyed: std::sync::Arc<dyn Model> = Models::instances()
            .make_instance("keyed", &secrets())
            .unwrap()
            .into();
        // `tokio::spawn` needs `Send` futures: the instance and its calls move between threads.
        let tasks: Vec<_> = (0..8)
            .map(|i| {
                let keyed = std::sync::Arc::clone(&keyed);
                tokio::spawn(async move { keyed.complete(&format!("p{i}")).await })
            })
            .collect();
        let mut answers = Vec::new();
        for task in tasks {
            answers.push(task.await.unwrap().unwrap());
        }
        assert_eq!(answers[0], "p0 (signed k-123)");
        assert_eq!(answers[7], "p7 (signed k-123)");
        let store = Stores::instances()
            .make_instance("fixed", &Secrets::default())
            .unwrap();
        assert_eq!(
            tokio::spawn(async move { store.get("answer").await })
                .await
                .unwrap(),
            Some("42".to_owned())
        );
    });
}

#[test]
fn instances_whose_futures_are_not_send_are_awaited_on_one_thread() {
    let counter = Counters::instances()
        .make_instance("cell", &Secrets::default())
        .unwrap();
    assert_eq!(futures::executor::block_on(counter.add(2)), 2);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    assert_eq!(runtime.block_on(counter.add(3)), 5);
}
