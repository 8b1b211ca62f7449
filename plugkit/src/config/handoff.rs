//! The fast path of the document decoder: a tag's direct decoder, called without erasure.
//!
//! The tagged visitor is generic over the deserializer, so it cannot call a type's direct
//! decoder on plugkit's own [`ValueDe`] by itself. Instead, it leaves the tag's decoder here
//! before asking for the rest of the table; plugkit's decoder takes it, decodes the rest with
//! it, and hands the result back through here to the visitor's seed. Every slot is taken as
//! soon as it is read, so nothing is left behind for another decode.

use std::any::Any;
use std::cell::{Cell, RefCell};

use super::error::DecodeError;
use super::path::Path;
use super::value::Value;

/// A tag's direct decoder, with its kind erased.
pub(crate) trait ErasedDirect: Sync {
    /// Whether the type has a direct decoder.
    fn has_direct(&self) -> bool;

    /// Decodes the rest of a table (the keys beside `type`) and leaves the `Box<K>` for the
    /// seed ([`take_result`]).
    fn decode_put(&self, rest: Value<'_>, path: Path<'_>) -> Result<(), DecodeError>;
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

/// Leaves a decoded value for the seed. The slot, an `Option<Box<K>>`, stays allocated
/// from one configuration of the kind to the next.
pub(crate) fn put_result<K: ?Sized + 'static>(value: Box<K>) {
    RESULT.with(|r| {
        let mut r = r.borrow_mut();
        match r
            .as_mut()
            .and_then(|slot| slot.downcast_mut::<Option<Box<K>>>())
        {
            Some(slot) => *slot = Some(value),
            None => *r = Some(Box::new(Some(value))),
        }
    });
}

/// Takes the decoded value, if it is a `Box<K>`.
pub(crate) fn take_result<K: ?Sized + 'static>() -> Option<Box<K>> {
    RESULT.with(|r| {
        r.borrow_mut()
            .as_mut()?
            .downcast_mut::<Option<Box<K>>>()?
            .take()
    })
}

/// The newtype name by which the seed asks for a value handed over (answered with
/// `visit_unit` after [`put_result`]); other deserializers see an ordinary newtype.
pub(crate) const HANDOFF: &str = "$plugkit::config::Handoff";
