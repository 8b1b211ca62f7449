//! The command line, as clap parses it.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Polygon unions and areas in COMPAS style: the host declares pluggable functions and
/// whichever plugin crate is available computes them. PLUGKIT_DEBUG=1 traces the selection on
/// stderr.
#[derive(Debug, Parser)]
#[command(name = "compas-like", version)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Prints the union of two polygons as a JSON array of polygons.
    Union {
        /// The first polygon: a JSON file like {"exterior": [[0, 0], [1, 0], [1, 1]]}.
        a: PathBuf,
        /// The second polygon.
        b: PathBuf,
    },
    /// Prints the area of a polygon.
    Area {
        /// The polygon: a JSON file like {"exterior": [[0, 0], [1, 0], [1, 1]]}.
        file: PathBuf,
    },
    /// Lists the packages an installer should set up, each with the plugin that named it.
    Installable,
    /// Lists every extension point and its plugins, in order, with what each does now.
    Plugins {
        /// Prints the whole registry as JSON, for tools.
        #[arg(long)]
        json: bool,
    },
    /// Explains which plugin of an extension point runs, and why each other one does not.
    Explain {
        /// The point's URL, as `compas-like plugins` lists it.
        url: String,
    },
}
