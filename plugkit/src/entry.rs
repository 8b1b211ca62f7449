//! Entries: what plugins register into a point.

use std::any::Any;
use std::fmt;

use serde::Serialize;

use crate::{Origin, Requirement};

/// Where an entry stands before numeric priorities are compared: `tryfirst` entries come before
/// every other, `trylast` entries after every other. Not public API: the ranking is taught on
/// [`Entry`] and set with `#[plugin]`'s arguments.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// `tryfirst`: before every normal entry.
    First,
    /// Neither `tryfirst` nor `trylast`.
    #[default]
    Normal,
    /// `trylast`: after every normal entry; a fallback.
    Last,
}

/// The order an entry asks for: its tier, its priority and its `before`/`after` constraints. Not
/// public API: the ranking is taught on [`Entry`] and set with `#[plugin]`'s arguments.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Order {
    /// `tryfirst`, `trylast`, or neither.
    pub tier: Tier,
    /// Higher runs first within a tier; 0 by default.
    pub priority: i32,
    /// Entries (ids or crate names) this one must come before.
    pub before: &'static [&'static str],
    /// Entries (ids or crate names) this one must come after.
    pub after: &'static [&'static str],
}

/// One registration of a plugin into an extension point: its id, its origin, the order it asks
/// for and its requirements.
///
/// Entries are constant descriptors that the attribute macros place in statics, which the
/// linker gathers into one section (`linkme`) without running any plugin code; the registry
/// holds them in order.
///
/// # Order
///
/// A point's entries are ranked by tier (`tryfirst`, then neither, then `trylast`), then
/// `priority` (higher first, 0 by default), then crate name, then id; then the `before`/`after`
/// constraints apply: the order is built from the end, and among the entries that no remaining
/// entry must follow, the worst ranked goes last. An entry that must come before another is
/// thus pulled forward to just before it, rather than the other pushed back. The order is the
/// same in every build profile; a cycle of constraints is a
/// [`Problem::OrderCycle`](crate::Problem::OrderCycle).
///
/// ```
/// #[plugkit::pluggable]
/// pub fn order_doc() -> &'static str { "default" }
///
/// #[plugkit::plugin(order_doc, name = "a", priority = 3)]
/// fn a_order_doc() -> &'static str { "a" }
///
/// #[plugkit::plugin(order_doc, name = "b", priority = 2)]
/// fn b_order_doc() -> &'static str { "b" }
///
/// #[plugkit::plugin(order_doc, name = "c", priority = 1, before = ["a"])]
/// fn c_order_doc() -> &'static str { "c" }
///
/// #[plugkit::plugin(order_doc, name = "d", tryfirst)]
/// fn d_order_doc() -> &'static str { "d" }
///
/// #[plugkit::plugin(order_doc, name = "e", trylast, priority = 9)]
/// fn e_order_doc() -> &'static str { "e" }
///
/// // Ranked d, a, b, c, e; c must come before a, so it is pulled forward to just before it.
/// let point = plugkit::registry().point(order_doc::URL)?;
/// let ids: Vec<&str> = point.entries().iter().map(|e| e.id()).collect();
/// assert_eq!(ids, ["d", "c", "a", "b", "e"]);
/// # Ok::<(), plugkit::UnknownPoint>(())
/// ```
///
/// A name in `before`/`after` matches an entry whose id is that name, or every entry of the
/// crate of that name; in both, `-` and `_` are the same. Names that match nothing are ignored: the
/// plugin they name may simply not be installed.
#[derive(Clone, Copy)]
pub struct Entry {
    point: &'static str,
    id: &'static str,
    origin: Origin,
    order: Order,
    requires: &'static [Requirement],
    recheck_each_call: bool,
    default_id: bool,
    payload: &'static (dyn Any + Send + Sync),
}

impl Entry {
    /// An entry of `point` (the point's URL) with the given id, origin and payload, in the
    /// normal tier with priority 0 and no requirements.
    #[doc(hidden)]
    pub const fn new(
        point: &'static str,
        id: &'static str,
        origin: Origin,
        payload: &'static (dyn Any + Send + Sync),
    ) -> Self {
        Entry {
            point,
            id,
            origin,
            order: Order {
                tier: Tier::Normal,
                priority: 0,
                before: &[],
                after: &[],
            },
            requires: &[],
            recheck_each_call: false,
            default_id: false,
            payload,
        }
    }

    /// Puts the entry before every entry that is not `tryfirst`.
    #[doc(hidden)]
    pub const fn tryfirst(mut self) -> Self {
        self.order.tier = Tier::First;
        self
    }

    /// Puts the entry after every entry that is not `trylast`: a fallback.
    #[doc(hidden)]
    pub const fn trylast(mut self) -> Self {
        self.order.tier = Tier::Last;
        self
    }

    /// Sets the numeric priority within the entry's tier; higher comes first.
    #[doc(hidden)]
    pub const fn priority(mut self, priority: i32) -> Self {
        self.order.priority = priority;
        self
    }

    /// Requires this entry to come before the named entries (ids or crate names).
    #[doc(hidden)]
    pub const fn before(mut self, names: &'static [&'static str]) -> Self {
        self.order.before = names;
        self
    }

    /// Requires this entry to come after the named entries (ids or crate names).
    #[doc(hidden)]
    pub const fn after(mut self, names: &'static [&'static str]) -> Self {
        self.order.after = names;
        self
    }

    /// Sets what the entry needs in order to be available.
    #[doc(hidden)]
    pub const fn requires(mut self, requirements: &'static [Requirement]) -> Self {
        self.requires = requirements;
        self
    }

    /// Evaluates this entry's [`Requirement::Check`]s on every call rather than once, for checks
    /// whose answer changes while the program runs.
    #[doc(hidden)]
    pub const fn recheck_each_call(mut self) -> Self {
        self.recheck_each_call = true;
        self
    }

    /// Marks the id as one a macro made up (`#[plugin]` without `name = "..."`: the function's
    /// path), rather than one the user gave. When two such ids of one crate clash and the two
    /// come from distinct source locations, the registry keeps both and adds the location to
    /// each id (`my_plugin::f@src/lib.rs:12`); a clash of given ids stays a
    /// [`Problem::Duplicate`](crate::Problem::Duplicate).
    #[doc(hidden)]
    pub const fn id_is_default(mut self) -> Self {
        self.default_id = true;
        self
    }

    /// Whether the id was made up by a macro; see [`id_is_default`](Entry::id_is_default).
    pub(crate) const fn has_default_id(&self) -> bool {
        self.default_id
    }

    /// The same entry under another id (the registry's disambiguation of default ids).
    pub(crate) const fn renamed(mut self, id: &'static str) -> Self {
        self.id = id;
        self
    }

    /// The URL of the point this entry fills.
    ///
    /// ```
    /// #[plugkit::pluggable]
    /// pub fn entry_point_doc() -> u8 { 0 }
    ///
    /// #[plugkit::plugin(entry_point_doc)]
    /// fn seven_entry_point_doc() -> u8 { 7 }
    ///
    /// let entry = plugkit::registry().point(entry_point_doc::URL).unwrap().entries()[0];
    /// assert_eq!(entry.point(), entry_point_doc::URL);
    /// ```
    pub const fn point(&self) -> &'static str {
        self.point
    }

    /// The entry's id, unique within its point (for `#[plugin]`, the function's path).
    ///
    /// ```
    /// #[plugkit::pluggable]
    /// pub fn entry_id_doc() -> u8 { 0 }
    ///
    /// #[plugkit::plugin(entry_id_doc)]
    /// fn seven_entry_id_doc() -> u8 { 7 }
    ///
    /// let entry = plugkit::registry().point(entry_id_doc::URL).unwrap().entries()[0];
    /// assert!(entry.id().ends_with("::seven_entry_id_doc"));
    /// ```
    pub const fn id(&self) -> &'static str {
        self.id
    }

    /// Where the entry was registered.
    ///
    /// ```
    /// #[plugkit::pluggable]
    /// pub fn entry_origin_doc() -> u8 { 0 }
    ///
    /// #[plugkit::plugin(entry_origin_doc)]
    /// fn seven_entry_origin_doc() -> u8 { 7 }
    ///
    /// let entry = plugkit::registry().point(entry_origin_doc::URL).unwrap().entries()[0];
    /// assert_eq!(entry.origin().item, "seven_entry_origin_doc");
    /// ```
    pub const fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The order the entry asks for.
    #[doc(hidden)]
    pub const fn order(&self) -> &Order {
        &self.order
    }

    /// What the entry needs in order to be available.
    ///
    /// ```
    /// fn always() -> bool { true }
    ///
    /// #[plugkit::pluggable]
    /// pub fn entry_requirements_doc() -> u8 { 0 }
    ///
    /// #[plugkit::plugin(entry_requirements_doc, requires = [always])]
    /// fn seven_entry_requirements_doc() -> u8 { 7 }
    ///
    /// let entry = plugkit::registry().point(entry_requirements_doc::URL).unwrap().entries()[0];
    /// assert_eq!(entry.requirements().len(), 1);
    /// ```
    pub const fn requirements(&self) -> &'static [Requirement] {
        self.requires
    }

    /// Whether the entry's checks run on every call.
    pub(crate) const fn rechecks_each_call(&self) -> bool {
        self.recheck_each_call
    }

    /// The payload, if it is a `T` (for a pluggable function, the function).
    #[doc(hidden)]
    pub fn payload<T: Any>(&self) -> Option<&'static T> {
        self.payload.downcast_ref::<T>()
    }

    pub(crate) fn payload_type_id(&self) -> std::any::TypeId {
        // Deref first: `&'static dyn Any` is itself `Any`, and would report its own type.
        (*self.payload).type_id()
    }
}

impl fmt::Debug for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entry")
            .field("point", &self.point)
            .field("id", &self.id)
            .field("origin", &self.origin)
            .field("order", &self.order)
            .field("requires", &self.requires)
            .field("recheck_each_call", &self.recheck_each_call)
            .field("default_id", &self.default_id)
            .finish_non_exhaustive()
    }
}

impl Serialize for Entry {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Entry", 5)?;
        s.serialize_field("id", self.id)?;
        s.serialize_field("origin", &self.origin)?;
        s.serialize_field("order", &self.order)?;
        s.serialize_field("requires", self.requires)?;
        s.serialize_field("recheck_each_call", &self.recheck_each_call)?;
        s.end()
    }
}

/// A name that [`Requirement::Present`] can require: a feature of the environment that is
/// not a crate ("rhino", "gpu"). Declared by a crate with [`capability!`](crate::capability!).
///
/// ```
/// plugkit::capability!("fast-math");
///
/// let registry = plugkit::Registry::builder().discovered().build().unwrap();
/// assert!(registry.has_capability("fast-math"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Capability {
    /// The capability's name.
    pub name: &'static str,
    /// Who declared it.
    pub origin: Origin,
}

/// Declares a [`Capability`] from this crate, so that entries requiring it are available.
///
/// ```
/// plugkit::capability!("rhino");
/// # let registry = plugkit::Registry::builder().discovered().build().unwrap();
/// # assert!(registry.has_capability("rhino"));
/// ```
#[macro_export]
macro_rules! capability {
    ($name:expr) => {
        const _: () = {
            #[$crate::__private::linkme::distributed_slice($crate::__private::PLUGKIT_CAPABILITIES)]
            #[linkme(crate = $crate::__private::linkme)]
            static __PLUGKIT_CAPABILITY: $crate::Capability = $crate::Capability {
                name: $name,
                origin: $crate::origin!($name),
            };
        };
    };
}
