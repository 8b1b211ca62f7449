//! A namespace as one registry holds it: its uids, indexed, and `make_instance`.

use std::fmt;
use std::marker::PhantomData;
use std::panic::{AssertUnwindSafe, catch_unwind};

use super::error::ConstructorPanicked;
use super::inject::Resolved;
use super::key::{HashedSecretKey, KeyTable, StrKey, hashed_secret_key};
use super::{
    ConstructError, Factory, Injector, InstanceError, Missing, Namespace, Registered,
    SecretDescription, Secrets, UnknownUid,
};
use crate::registry::Rejected;
use crate::{BoxError, Registry, debug, panic_message};

/// How many secrets of a constructor `make_instance` hands from its check to the injection
/// (kept on the stack); a constructor's further secrets, if any, are looked up again.
const RESOLVED: usize = 4;

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
/// assert_eq!(shapes.make_instance("square", &Secrets::default())?.sides(), 4);
/// # Ok::<(), plugkit::instances::InstanceError>(())
/// ```
pub struct Instances<'r, N: Namespace> {
    registry: &'r Registry,
    entries: Vec<Registered<'r, N::Instance>>,
    /// The position in `entries` of each uid, by key: a look-up hashes the uid's key and
    /// compares integers, and compares strings only for uids longer than a key holds.
    index: KeyTable<StrKey>,
    /// What `make_instance` reads of each entry (in the order of `entries`), prepared here.
    prepared: Vec<Prepared>,
    rejected: &'r [Rejected],
    namespace: PhantomData<fn() -> N>,
}

impl<'r, N: Namespace> Instances<'r, N> {
    /// Indexes the namespace's uids in `registry`. A registry without the namespace's point
    /// has no uids in it. Not public API: used by generated code; hosts call
    /// [`Namespace::in_registry`].
    #[doc(hidden)]
    pub fn new(registry: &'r Registry) -> Self {
        let slot = registry.find_point(N::URL);
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
        let index = KeyTable::new(entries.iter().map(|r| StrKey::of(r.uid())));
        let prepared = entries
            .iter()
            .map(|r| Prepared {
                requirements: !r.entry().requirements().is_empty(),
                keys: r
                    .secrets()
                    .iter()
                    .map(|u| hashed_secret_key(&u.secret))
                    .collect(),
            })
            .collect();
        Instances {
            registry,
            entries,
            index,
            prepared,
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
        self.get_prepared(uid).map(|(registered, _)| registered)
    }

    /// [`get`](Instances::get), with what was prepared for `make_instance`.
    #[inline]
    fn get_prepared(
        &self,
        uid: &str,
    ) -> Result<(&Registered<'r, N::Instance>, &Prepared), InstanceError> {
        let found = self
            .index
            .find(&StrKey::of(uid), |at| {
                self.entries.get(at).is_some_and(|r| r.uid() == uid)
            })
            .and_then(|at| Some((self.entries.get(at)?, self.prepared.get(at)?)));
        let Some((registered, prepared)) = found else {
            return Err(self.not_found(uid));
        };
        if prepared.requirements
            && let Some(unmet) = self.registry.unmet(registered.entry())
        {
            return Err(InstanceError::Unavailable {
                namespace: N::NAME,
                uid: registered.uid(),
                origin: Box::new(*registered.origin()),
                unmet: Box::new(unmet),
            });
        }
        Ok((registered, prepared))
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
    /// let missing = Tools::instances().missing_dependencies("drill", &Secrets::default())?;
    /// assert_eq!(missing[0].to_string(), "`drills.licence`, needed by `drill` (doc_view_missing_tools)");
    /// let secrets = Secrets::default().with("drills", "licence", "L-1");
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
    /// let square = Shapes::instances().make_instance("square", &Secrets::default())?;
    /// assert_eq!(square.sides(), 4);
    /// # Ok::<(), plugkit::instances::InstanceError>(())
    /// ```
    pub fn make_instance(
        &self,
        uid: &str,
        secrets: &Secrets,
    ) -> Result<Box<N::Instance>, InstanceError> {
        let (registered, prepared) = self.get_prepared(uid)?;
        let trace = debug::enabled();
        if trace {
            trace_making::<N>(registered);
        }
        // Every secret is looked up once: the check that the required ones are set keeps the
        // values, and the injection takes them from there.
        let uses = registered.secrets();
        let mut found = [None; RESOLVED];
        let mut resolved = Resolved {
            uses: &[],
            keys: &[],
            values: &[],
        };
        if !uses.is_empty() {
            let mut missing = false;
            for (i, (used, key)) in uses.iter().zip(&prepared.keys).enumerate() {
                let value = secrets.get_keyed(key, &used.secret);
                missing |= value.is_none() && !used.optional;
                if let Some(slot) = found.get_mut(i) {
                    *slot = value;
                }
            }
            if missing {
                missing_secrets(registered, secrets)?;
            }
            let n = uses.len().min(RESOLVED);
            resolved = Resolved {
                uses: uses.get(..n).unwrap_or_default(),
                keys: prepared.keys.get(..n).unwrap_or_default(),
                values: found.get(..n).unwrap_or_default(),
            };
        }
        let injector = Injector::with_resolved(N::NAME, registered.uid(), secrets, resolved, trace);
        let made = catch_unwind(AssertUnwindSafe(|| {
            registered.factory().construct(&injector)
        }));
        match made {
            Ok(Ok(instance)) => {
                if trace {
                    trace_made::<N>(registered);
                }
                Ok(instance)
            }
            Ok(Err(e)) => Err(construct_failed::<N>(registered, e)),
            Err(panic) => Err(construct_failed::<N>(
                registered,
                Box::new(ConstructorPanicked(panic_message(panic.as_ref()))),
            )),
        }
    }
}

// The paths `make_instance` rarely takes, out of its way.

#[cold]
#[inline(never)]
fn trace_making<N: Namespace>(registered: &Registered<'_, N::Instance>) {
    debug::trace!(
        "plugkit::instances",
        "make_instance `{}` ({}): {registered} from {}",
        registered.uid(),
        N::NAME,
        registered.origin()
    );
}

#[cold]
#[inline(never)]
fn trace_made<N: Namespace>(registered: &Registered<'_, N::Instance>) {
    debug::trace!("plugkit::instances", "  made `{}`", registered.uid());
}

/// The error that lists the required secrets of `registered` that `secrets` does not set.
#[cold]
#[inline(never)]
fn missing_secrets<T: ?Sized>(
    registered: &Registered<'_, T>,
    secrets: &Secrets,
) -> Result<(), InstanceError> {
    Ok(secrets.check(registered.missing(secrets))?)
}

#[cold]
#[inline(never)]
fn construct_failed<N: Namespace>(
    registered: &Registered<'_, N::Instance>,
    source: BoxError,
) -> InstanceError {
    ConstructError::new(N::NAME, registered.uid(), *registered.origin(), source).into()
}

/// What `make_instance` reads of an entry, prepared when the namespace is indexed, so that it
/// neither reads the registry's entry nor hashes the names of the constructor's secrets.
struct Prepared {
    /// Whether the entry has requirements to check.
    requirements: bool,
    /// The keys of the secrets its constructor uses, in the order of its factory's list.
    keys: Box<[HashedSecretKey]>,
}

impl<N: Namespace> fmt::Debug for Instances<'_, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Instances")
            .field("namespace", &N::NAME)
            .field("entries", &self.entries)
            .finish_non_exhaustive()
    }
}
