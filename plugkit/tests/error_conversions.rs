//! Every error a plugkit function returns converts into `plugkit::Error`, keeping its message,
//! so that a host propagates them all with `?` (docs/concepts.md, "Errors").

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

/// Compiles only when `E` converts into `plugkit::Error`.
fn converts<E: Into<plugkit::Error>>() {}

#[test]
fn every_returned_error_type_converts() {
    converts::<plugkit::BuildError>();
    converts::<plugkit::UnknownPoint>();
    converts::<plugkit::AlreadyInitialized>();
    converts::<plugkit::BoxError>();
    converts::<plugkit::fns::NoPlugin>();
    #[cfg(feature = "config")]
    {
        converts::<plugkit::config::DecodeError>();
        converts::<plugkit::config::FormatError>();
        converts::<plugkit::config::SectionError>();
    }
    #[cfg(feature = "clap")]
    converts::<plugkit::config::CommandConflict>();
    #[cfg(feature = "instances")]
    {
        converts::<plugkit::instances::InstanceError>();
        converts::<plugkit::instances::SecretsError>();
        converts::<plugkit::instances::UnknownUid>();
        converts::<plugkit::instances::MissingSecrets>();
        converts::<plugkit::instances::ConstructError>();
    }
}

#[test]
fn a_converted_error_keeps_its_message_and_debug_is_the_message() {
    let registry = plugkit::Registry::builder().build().unwrap();
    let unknown = registry.point("plugkit://error-conversions/f").unwrap_err();
    let message = unknown.to_string();
    let err: plugkit::Error = unknown.into();
    assert_eq!(err.to_string(), message);
    assert_eq!(format!("{err:?}"), message);

    let plugin: plugkit::BoxError = "the plugin's own failure".into();
    let err: plugkit::Error = plugin.into();
    assert!(matches!(err, plugkit::Error::Plugin(_)));
    assert_eq!(format!("{err:?}"), "the plugin's own failure");

    #[cfg(feature = "config")]
    {
        let decode = plugkit::config::Decoder::default()
            .file("app.toml")
            .toml_str::<u8>("= 1")
            .unwrap_err();
        let message = decode.to_string();
        let err: plugkit::Error = decode.into();
        assert!(matches!(err, plugkit::Error::Decode(_)));
        assert_eq!(err.to_string(), message);
    }
}
