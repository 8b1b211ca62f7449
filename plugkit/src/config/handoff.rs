//! The fast path of the document decoder: a tag's direct decoder, called without erasure.
//!
//! The tagged visitor is generic over the deserializer, so it cannot call a type's direct
//! decoder on plugkit's own [`ValueDe`] by itself. Instead, it leaves the tag's decoder here
//! before asking for the rest of the table; plugkit's decoder takes it, decodes the rest with
//! it, and hands the result back through here to the visitor's seed. Every slot is taken as
//! soon as it is read, so nothing is left behind for another decode.

use std::any::Any;
use std::cell::{Cell, RefCell};

use super::conf::{ConfType, Kind};
use super::error::DecodeError;
use super::flatten;
use super::path::Path;
use super::value::Value;

/// A tag's direct decoder, with its kind erased.
pub(crate) trait ErasedDirect: Sync {
    /// Whether the type has a direct decoder.
    fn has_direct(&self) -> bool;

    /// Decodes the rest of a table (the keys beside `type`) into a `Box<Box<K>>`, as `Any`.
    fn decode_any(&self, rest: Value<'_>, path: Path<'_>) -> Result<Box<dyn Any>, DecodeError>;
}

impl<K: ?Sized + Kind> ErasedDirect for ConfType<K> {
    fn has_direct(&self) -> bool {
        self.has_direct()
    }

    fn decode_any(&self, rest: Value<'_>, path: Path<'_>) -> Result<Box<dyn Any>, DecodeError> {
        match self.direct() {
            Some(direct) => flatten::decode_direct(self, direct, rest, path)
                .map(|conf| Box::new(conf) as Box<dyn Any>),
            None => Err(serde::de::Error::custom(
                "the type has no direct decoder (a plugkit bug)",
            )),
        }
    }
}

thread_local! {
    static PENDING: Cell<Option<&'static dyn ErasedDirect>> = const { Cell::new(None) };
    static RESULT: RefCell<Option<Box<dyn Any>>> = const { RefCell::new(None) };
}

/// Leaves the decoder for the table about to be decoded.
pub(crate) fn offer(conf_type: &'static dyn ErasedDirect) {
    PENDING.with(|p| p.set(Some(conf_type)));
}

/// Takes the decoder left by [`offer`], if any.
pub(crate) fn take_offer() -> Option<&'static dyn ErasedDirect> {
    PENDING.with(Cell::take)
}

/// Leaves a decoded value for the seed.
pub(crate) fn put_result(value: Box<dyn Any>) {
    RESULT.with(|r| *r.borrow_mut() = Some(value));
}

/// Takes the decoded value, if it is a `Box<K>`.
pub(crate) fn take_result<K: ?Sized + 'static>() -> Option<Box<K>> {
    let value = RESULT.with(|r| r.borrow_mut().take())?;
    value.downcast::<Box<K>>().ok().map(|b| *b)
}

/// The newtype name by which the seed asks for a value handed over (answered with
/// `visit_unit` after [`put_result`]); other deserializers see an ordinary newtype.
pub(crate) const HANDOFF: &str = "$plugkit::config::Handoff";
