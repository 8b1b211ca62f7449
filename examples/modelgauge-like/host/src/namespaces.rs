//! The host's two namespaces.

use plugkit::instances::Namespace;

use crate::{Sut, Test};

/// The systems under test: each uid makes a `Box<dyn Sut>`. ModelGauge's `SUTS`.
///
/// ```
/// use modelgauge_like::Suts;
/// use plugkit::instances::Namespace;
/// assert_eq!(Suts::URL, "plugkit://modelgauge-like/suts");
/// ```
#[derive(Namespace)]
#[namespace(name = "suts", instance = dyn Sut)]
pub struct Suts;

/// The tests: each uid makes a `Box<dyn Test>`. ModelGauge's `TESTS`.
///
/// ```
/// use modelgauge_like::Tests;
/// use plugkit::instances::Namespace;
/// assert_eq!(Tests::URL, "plugkit://modelgauge-like/tests");
/// ```
#[derive(Namespace)]
#[namespace(name = "tests", instance = dyn Test)]
pub struct Tests;
