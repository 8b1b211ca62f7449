//! A namespace as one registry holds it: its uids, indexed, and `make_instance`.

use std::fmt;
use std::marker::PhantomData;
use std::panic::{AssertUnwindSafe, catch_unwind};

use super::error::ConstructorPanicked;
use super::{
    ConstructError, Factory, Injector, InstanceError, Missing, Namespace, Registered,
    SecretDescription, Secrets, UnknownUid,
};
use crate::{Registry, Rejected, debug, panic_message};

/// The uids of the namespace `N` in one registry, sorted and indexed: look-ups, listings,
/// the missing-secrets check and `make_instance`. [`Namespace::instances`] holds the one of
/// the program-wide registry; [`Namespace::in_registry`] makes one for another registry.
///
/// ```
/// use plugkit::instances::{Namespace, Secrets, Uid};
///
/// pub trait Shape: Send + Sync { fn sides(&self) -> u32; }
/// struct Polygon(u32);
/// impl Shape for Polygon { fn sides(&self) -> u32 { self.0 } }
///
/// #[derive(Namespace)]
/// #[namespace(name = "doc_view_shapes", instance = dyn Shape)]
/// pub struct Shapes;
///
/// #[plugkit::instance(Shapes, uid = "triangle", args(sides = 3))]
/// #[plugkit::instance(Shapes, uid = "square", args(sides = 4))]
/// fn polygon(sides: u32) -> Polygon { Polygon(sides) }
///
/// let shapes = Shapes::instances();
/// let uids: Vec<&str> = shapes.list().iter().map(|r| r.uid()).collect();
/// assert_eq!(uids, ["square", "triangle"]);
/// assert_eq!(shapes.make_instance("square", &Secrets::new())?.sides(), 4);
/// # Ok::<(), plugkit::instances::InstanceError>(())
/// ```
pub struct Instances<'r, N: Namespace> {
    registry: &'r Registry,
    entries: Vec<Registered<'r, N::Instance>>,
    /// `(key of the uid, index in entries)`, sorted by key: a look-up compares integers, and
    /// compares strings only for uids longer than a key holds.
    index: Vec<(UidKey, usize)>,
    rejected: &'r [Rejected],
    namespace: PhantomData<fn() -> N>,
}

impl<'r, N: Namespace> Instances<'r, N> {
    /// Indexes the namespace's uids in `registry`. A registry without the namespace's point
    /// has no uids in it. Not public API: used by generated code; hosts call
    /// [`Namespace::in_registry`].
    #[doc(hidden)]
    pub fn new(registry: &'r Registry) -> Self {
        let slot = registry.point(N::URL);
        let mut entries: Vec<Registered<'r, N::Instance>> = slot
            .map(|p| {
                p.entries()
                    .iter()
                    .filter_map(|e| {
                        let factory = e.payload::<Factory<N::Instance>>()?;
                        Some(Registered::new(N::NAME, e, factory))
                    })
                    .collect()
            })
            .unwrap_or_default();
        entries.sort_unstable_by_key(|r| r.uid());
        let mut index: Vec<(UidKey, usize)> = entries
            .iter()
            .enumerate()
            .map(|(i, r)| (UidKey::of(r.uid()), i))
            .collect();
        index.sort_unstable();
        Instances {
            registry,
            entries,
            index,
            rejected: slot.map_or(&[], |p| p.rejected()),
            namespace: PhantomData,
        }
    }

    /// Every uid with its type, origin, arguments and secrets, sorted by uid.
    ///
    /// ```
    /// # use plugkit::instances::{Namespace, Secrets};
    /// # pub trait Shape { fn sides(&self) -> u32; }
    /// # struct Polygon(u32);
    /// # impl Shape for Polygon { fn sides(&self) -> u32 { self.0 } }
    /// # #[derive(Namespace)]
    /// # #[namespace(name = "doc_view_list_shapes", instance = dyn Shape)]
    /// # pub struct Shapes;
    /// #[plugkit::instance(Shapes, uid = "triangle", args(sides = 3))]
    /// #[plugkit::instance(Shapes, uid = "square", args(sides = 4))]
    /// fn polygon(sides: u32) -> Polygon { Polygon(sides) }
    ///
    /// assert_eq!(Shapes::instances().list()[1].to_string(), "Polygon(sides = 3)");
    /// ```
    pub fn list(&self) -> &[Registered<'r, N::Instance>] {
        &self.entries
    }

    /// Every secret any uid of the namespace uses, sorted, once each.
    ///
    /// ```
    /// use plugkit::instances::{Namespace, Secret, SecretDescription, SecretValue};
    /// pub trait Tool {}
    /// struct Drill;
    /// impl Tool for Drill {}
    /// pub struct Licence;
    /// impl Secret for Licence {
    ///     const DESCRIPTION: SecretDescription = SecretDescription::new("drills", "licence", "On the box");
    /// }
    /// #[derive(Namespace)]
    /// #[namespace(name = "doc_view_secrets_tools", instance = dyn Tool)]
    /// pub struct Tools;
    /// #[plugkit::instance(Tools, uid = "drill")]
    /// #[plugkit::instance(Tools, uid = "big_drill")]
    /// fn drill(_licence: SecretValue<Licence>) -> Drill { Drill }
    ///
    /// assert_eq!(Tools::instances().secrets(), [Licence::DESCRIPTION]);
    /// ```
    pub fn secrets(&self) -> Vec<SecretDescription> {
        let mut all: Vec<SecretDescription> = self
            .entries
            .iter()
            .flat_map(|r| r.secrets().iter().map(|used| used.secret))
            .collect();
        all.sort_unstable();
        all.dedup_by(|a, b| (a.scope, a.key) == (b.scope, b.key));
        all
    }

    /// The uid's registration, or why it cannot be used: unknown (with the known uids and a
    /// suggestion), set aside when the registry was built (a duplicate), or a requirement unmet.
    ///
    /// ```
    /// use plugkit::instances::{InstanceError, Namespace};
    /// pub trait Tool {}
    /// struct Saw;
    /// impl Tool for Saw {}
    /// #[derive(Namespace)]
    /// #[namespace(name = "doc_view_get_tools", instance = dyn Tool)]
    /// pub struct Tools;
    /// #[plugkit::instance(Tools, uid = "saw")]
    /// fn saw() -> Saw { Saw }
    ///
    /// assert_eq!(Tools::instances().get("saw")?.type_name(), "Saw");
    /// assert!(matches!(Tools::instances().get("sa"), Err(InstanceError::UnknownUid(_))));
    /// # Ok::<(), InstanceError>(())
    /// ```
    pub fn get(&self, uid: &str) -> Result<&Registered<'r, N::Instance>, InstanceError> {
        let Some(registered) = self.find(uid) else {
            return Err(self.not_found(uid));
        };
        let entry = registered.entry();
        if !entry.requirements().is_empty()
            && let Some(unmet) = self.registry.unmet(entry)
        {
            return Err(InstanceError::Unavailable {
                namespace: N::NAME,
                uid: registered.uid(),
                origin: Box::new(*entry.origin()),
                unmet: Box::new(unmet),
            });
        }
        Ok(registered)
    }

    #[inline]
    fn find(&self, uid: &str) -> Option<&Registered<'r, N::Instance>> {
        let key = UidKey::of(uid);
        let at = self.index.binary_search_by(|(k, _)| k.cmp(&key)).ok()?;
        if key.is_whole() {
            return Some(&self.entries[self.index[at].1]);
        }
        // Longer uids may share a key: look at every entry that has it.
        let first = self.index.partition_point(|(k, _)| *k < key);
        self.index[first..]
            .iter()
            .take_while(|(k, _)| *k == key)
            .map(|&(_, i)| &self.entries[i])
            .find(|r| r.uid() == uid)
    }

    #[cold]
    fn not_found(&self, uid: &str) -> InstanceError {
        if let Some(r) = self.rejected.iter().find(|r| r.entry.id() == uid) {
            return InstanceError::Rejected {
                namespace: N::NAME,
                uid: uid.to_owned(),
                problem: Box::new(r.problem.clone()),
            };
        }
        UnknownUid::new(
            N::NAME,
            uid,
            self.entries.iter().map(Registered::uid).collect(),
        )
        .into()
    }

    /// The required secrets that `uid` needs and `secrets` does not set, without constructing
    /// anything (ModelGauge's `get_missing_dependencies`). Gather them for every object a run
    /// builds and pass them to [`Secrets::check`] for one error that lists them all.
    ///
    /// ```
    /// use plugkit::instances::{Namespace, Secret, SecretDescription, SecretValue, Secrets};
    /// pub trait Tool {}
    /// struct Drill;
    /// impl Tool for Drill {}
    /// pub struct Licence;
    /// impl Secret for Licence {
    ///     const DESCRIPTION: SecretDescription = SecretDescription::new("drills", "licence", "On the box");
    /// }
    /// #[derive(Namespace)]
    /// #[namespace(name = "doc_view_missing_tools", instance = dyn Tool)]
    /// pub struct Tools;
    /// #[plugkit::instance(Tools, uid = "drill")]
    /// fn drill(_licence: SecretValue<Licence>) -> Drill { Drill }
    ///
    /// let missing = Tools::instances().missing_dependencies("drill", &Secrets::new())?;
    /// assert_eq!(missing[0].to_string(), "`drills.licence`, needed by `drill` (doc_view_missing_tools)");
    /// let secrets = Secrets::new().with("drills", "licence", "L-1");
    /// assert!(Tools::instances().missing_dependencies("drill", &secrets)?.is_empty());
    /// # Ok::<(), plugkit::instances::InstanceError>(())
    /// ```
    pub fn missing_dependencies(
        &self,
        uid: &str,
        secrets: &Secrets,
    ) -> Result<Vec<Missing>, InstanceError> {
        Ok(self.get(uid)?.missing(secrets))
    }

    /// Makes the instance registered as `uid`: checks that every required secret is set
    /// (nothing is constructed otherwise, and the error lists them all with the TOML to add),
    /// then runs the constructor with its arguments and injected secrets. A constructor's error,
    /// or its panic, comes back as [`InstanceError::Construct`] with the uid.
    ///
    /// ```
    /// # use plugkit::instances::{Namespace, Secrets};
    /// # pub trait Shape { fn sides(&self) -> u32; }
    /// # struct Polygon(u32);
    /// # impl Shape for Polygon { fn sides(&self) -> u32 { self.0 } }
    /// # #[derive(Namespace)]
    /// # #[namespace(name = "doc_view_make_shapes", instance = dyn Shape)]
    /// # pub struct Shapes;
    /// #[plugkit::instance(Shapes, uid = "triangle", args(sides = 3))]
    /// #[plugkit::instance(Shapes, uid = "square", args(sides = 4))]
    /// fn polygon(sides: u32) -> Polygon { Polygon(sides) }
    ///
    /// let square = Shapes::instances().make_instance("square", &Secrets::new())?;
    /// assert_eq!(square.sides(), 4);
    /// # Ok::<(), plugkit::instances::InstanceError>(())
    /// ```
    pub fn make_instance(
        &self,
        uid: &str,
        secrets: &Secrets,
    ) -> Result<Box<N::Instance>, InstanceError> {
        let registered = self.get(uid)?;
        let trace = debug::enabled();
        if trace {
            debug::trace!(
                "plugkit::instances",
                "make_instance `{}` ({}): {registered} from {}",
                registered.uid(),
                N::NAME,
                registered.origin()
            );
        }
        if !registered.secrets().is_empty() {
            secrets.check(registered.missing(secrets))?;
        }
        let injector = Injector::new(N::NAME, registered.uid(), secrets);
        let made = catch_unwind(AssertUnwindSafe(|| {
            registered.factory().construct(&injector)
        }));
        let failed =
            |source| ConstructError::new(N::NAME, registered.uid(), *registered.origin(), source);
        match made {
            Ok(Ok(instance)) => {
                if trace {
                    debug::trace!("plugkit::instances", "  made `{}`", registered.uid());
                }
                Ok(instance)
            }
            Ok(Err(e)) => Err(failed(e).into()),
            Err(panic) => {
                Err(failed(Box::new(ConstructorPanicked(panic_message(panic.as_ref())))).into())
            }
        }
    }
}

impl<N: Namespace> fmt::Debug for Instances<'_, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Instances")
            .field("namespace", &N::NAME)
            .field("entries", &self.entries)
            .finish_non_exhaustive()
    }
}

/// A uid as three integers: its length and its first sixteen bytes. Two uids of at most
/// sixteen bytes are equal when their keys are; longer ones also need their bytes compared.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct UidKey(usize, u64, u64);

impl UidKey {
    #[inline]
    fn of(uid: &str) -> Self {
        let bytes = uid.as_bytes();
        let (head, tail) = bytes.split_at(bytes.len().min(8));
        UidKey(bytes.len(), word(head), word(&tail[..tail.len().min(8)]))
    }

    fn is_whole(&self) -> bool {
        self.0 <= 16
    }
}

/// Up to eight bytes as one little-endian integer.
#[inline]
fn word(bytes: &[u8]) -> u64 {
    match <[u8; 8]>::try_from(bytes) {
        Ok(eight) => u64::from_le_bytes(eight),
        Err(_) => bytes.iter().rev().fold(0, |w, &b| (w << 8) | u64::from(b)),
    }
}

#[cfg(test)]
mod tests {
    use super::{UidKey, word};

    #[test]
    fn keys_are_equal_exactly_when_short_uids_are() {
        assert_eq!(word(b"ab"), 0x6261);
        assert_eq!(word(b"abcdefgh"), u64::from_le_bytes(*b"abcdefgh"));
        let uids = [
            "",
            "a",
            "a\0",
            "model_small",
            "model_keyed",
            "exactly16bytes!!",
            "seventeen-bytes!!",
        ];
        for a in uids {
            for b in uids {
                assert_eq!(UidKey::of(a) == UidKey::of(b), a == b, "{a:?} {b:?}");
            }
        }
        assert!(UidKey::of("exactly16bytes!!").is_whole());
        assert!(!UidKey::of("seventeen-bytes!!").is_whole());
        // Longer uids share a key when they share their length and first sixteen bytes.
        assert!(UidKey::of("a-very-long-uid-number-1") == UidKey::of("a-very-long-uid-number-2"));
    }
}
