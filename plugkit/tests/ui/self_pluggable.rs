pub struct Meter;

impl Meter {
    #[plugkit::pluggable]
    pub fn read(&self) -> u32 {
        0
    }
}

fn main() {}
