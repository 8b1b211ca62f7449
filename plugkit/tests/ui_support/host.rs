// Shared by the UI tests: a host with one pluggable.
pub mod host {
    #[plugkit::pluggable(category = "ui")]
    pub fn scale(x: u32, by: u32) -> u32 {
        x * by
    }
}
