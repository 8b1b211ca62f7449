//! The program-wide registry that pluggable functions read.

use std::sync::OnceLock;

use crate::{AlreadyInitialized, BuildError, Registry};

static GLOBAL: OnceLock<Registry> = OnceLock::new();

/// The program-wide registry, built on first use from everything the linked crates registered.
///
/// Pluggable functions read it. If the registrations have problems (a duplicate id, a cycle),
/// the entries concerned are set aside, a warning goes to stderr once, and the rest works; call
/// [`init`] at the start of `main` to treat problems as errors instead.
///
/// ```
/// let registry = plugkit::registry();
/// assert!(std::ptr::eq(registry, plugkit::registry()));
/// ```
pub fn registry() -> &'static Registry {
    GLOBAL.get_or_init(|| {
        let registry = Registry::builder().discovered().build_partial();
        if !registry.problems().is_empty() {
            eprintln!(
                "warning: {}\n  (the entries concerned are set aside; the others work)",
                BuildError::new(registry.problems().to_vec())
            );
        }
        registry
    })
}

/// Builds the program-wide registry from the linked crates' registrations and fails if they
/// have problems. Call it once at the start of `main`; later calls return the same registry.
///
/// ```
/// let registry = plugkit::init()?;
/// assert!(registry.problems().is_empty());
/// # Ok::<(), plugkit::BuildError>(())
/// ```
pub fn init() -> Result<&'static Registry, BuildError> {
    let registry = registry();
    match registry.problems() {
        [] => Ok(registry),
        problems => Err(BuildError::new(problems.to_vec())),
    }
}

/// Makes `registry` the program-wide registry (tests, or hosts that register plugins by hand).
/// Fails if it was already set, by an earlier `install`, by [`init`], or by a call through a
/// pluggable function.
///
/// ```
/// let registry = plugkit::Registry::builder().discovered().build()?;
/// let installed = plugkit::install(registry)?;
/// assert!(plugkit::install(plugkit::Registry::builder().build()?).is_err());
/// assert!(std::ptr::eq(installed, plugkit::registry()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn install(registry: Registry) -> Result<&'static Registry, AlreadyInitialized> {
    let mut offered = Some(registry);
    let installed = GLOBAL.get_or_init(|| {
        offered
            .take()
            .unwrap_or_else(|| Registry::builder().build_partial())
    });
    match offered {
        None => Ok(installed),
        Some(_) => Err(AlreadyInitialized),
    }
}
