//! A namespace: a host's extension point of named instances.

use super::Instances;
use crate::{Point, Registry};

/// A namespace of named instances (ModelGauge's `SUTS`, `TESTS`): plugins register uids, each
/// with a constructor and its arguments, and the host makes an instance by uid with
/// [`make_instance`](Instances::make_instance) on its
/// [`instances`](Namespace::instances). Nothing is constructed before that.
///
/// Declare one with the derive, on a unit struct; `instance` is the type each uid makes a
/// `Box` of, usually a trait object:
///
/// ```
/// use plugkit::instances::{Namespace, Secrets};
///
/// /// A system under test: answers a prompt.
/// pub trait Sut: Send + Sync {
///     fn answer(&self, prompt: &str) -> String;
/// }
///
/// /// The systems under test.
/// #[derive(Namespace)]
/// #[namespace(name = "doc_namespace_suts", instance = dyn Sut)]
/// pub struct Suts;
///
/// // In a plugin crate:
/// struct Echo;
/// impl Sut for Echo {
///     fn answer(&self, prompt: &str) -> String { prompt.to_owned() }
/// }
///
/// #[plugkit::instance(Suts, uid = "echo")]
/// fn echo() -> Echo { Echo }
///
/// let sut = Suts::instances().make_instance("echo", &Secrets::default())?;
/// assert_eq!(sut.answer("hi"), "hi");
/// assert_eq!(Suts::URL, "plugkit://plugkit-framework/doc_namespace_suts");
/// # Ok::<(), plugkit::instances::InstanceError>(())
/// ```
///
/// The derive's options: `name = "..."` (required; the namespace's name, the last segment of
/// its URL), `instance = Type` (required), and `domain = "..."` (the URL's authority, as for
/// [`#[pluggable]`](crate::pluggable); the crate's name by default).
///
/// Its provided functions read the program-wide [`registry()`](crate::registry()) through
/// [`instances`](Namespace::instances); [`in_registry`](Namespace::in_registry) reads another.
pub trait Namespace: Sized + 'static {
    /// What each uid makes a `Box` of.
    ///
    /// ```
    /// use plugkit::instances::Namespace;
    /// pub trait Tool {}
    /// #[derive(Namespace)]
    /// #[namespace(name = "doc_instance_tools", instance = dyn Tool)]
    /// pub struct Tools;
    /// let made: Option<Box<<Tools as Namespace>::Instance>> = None; // a `Box<dyn Tool>`
    /// # let _ = made;
    /// ```
    type Instance: ?Sized + 'static;

    /// The namespace's name, for messages and listings (`suts`).
    ///
    /// ```
    /// use plugkit::instances::Namespace;
    /// pub trait Tool {}
    /// #[derive(Namespace)]
    /// #[namespace(name = "doc_name_tools", instance = dyn Tool)]
    /// pub struct Tools;
    /// assert_eq!(Tools::NAME, "doc_name_tools");
    /// ```
    const NAME: &'static str;

    /// The namespace's point: its URL and what its uids make, for
    /// [`RegistryBuilder::point`](crate::RegistryBuilder::point) when a registry is built by
    /// hand.
    ///
    /// ```
    /// use plugkit::instances::Namespace;
    /// pub trait Tool {}
    /// #[derive(Namespace)]
    /// #[namespace(name = "doc_point_tools", instance = dyn Tool)]
    /// pub struct Tools;
    /// assert_eq!(Tools::POINT.style.noun, "namespace");
    /// assert_eq!(Tools::POINT.signature, "dyn Tool");
    /// ```
    const POINT: Point;

    /// The point's URL, its identity.
    ///
    /// ```
    /// use plugkit::instances::Namespace;
    /// pub trait Tool {}
    /// #[derive(Namespace)]
    /// #[namespace(name = "doc_url_tools", domain = "tools.example.org", instance = dyn Tool)]
    /// pub struct Tools;
    /// assert_eq!(Tools::URL, "plugkit://tools.example.org/doc_url_tools");
    /// ```
    const URL: &'static str = Self::POINT.url;

    /// The namespace in the program-wide [`registry()`](crate::registry()), indexed once, on
    /// the first call (the derive keeps it in a `static`).
    ///
    /// ```
    /// use plugkit::instances::Namespace;
    /// pub trait Tool {}
    /// #[derive(Namespace)]
    /// #[namespace(name = "doc_instances_tools", instance = dyn Tool)]
    /// pub struct Tools;
    /// assert!(std::ptr::eq(Tools::instances(), Tools::instances()));
    /// ```
    fn instances() -> &'static Instances<'static, Self>;

    /// The namespace in another registry (tests, registries built by hand).
    ///
    /// ```
    /// use plugkit::instances::{Namespace, Secrets};
    /// pub trait Tool {}
    /// #[derive(Namespace)]
    /// #[namespace(name = "doc_in_registry_tools", instance = dyn Tool)]
    /// pub struct Tools;
    ///
    /// let empty = plugkit::Registry::builder().build()?;
    /// assert!(Tools::in_registry(&empty).list().is_empty());
    /// # Ok::<(), plugkit::BuildError>(())
    /// ```
    fn in_registry(registry: &Registry) -> Instances<'_, Self> {
        Instances::new(registry)
    }
}
