pub struct Things;

#[plugkit_remote::remote]
pub trait NoNamespace: Send + Sync {
    fn a(&self) -> u32;
}

#[plugkit_remote::remote(Things)]
pub trait Generic<T>: Send + Sync {
    fn a(&self) -> u32;
}

#[plugkit_remote::remote(Things)]
pub trait Constant: Send + Sync {
    const SIZE: usize;
}

#[plugkit_remote::remote(Things)]
pub trait Mutable: Send + Sync {
    fn a(&mut self) -> u32;
}

#[plugkit_remote::remote(Things)]
pub trait ByValue: Send + Sync {
    fn a(self) -> u32;
}

#[plugkit_remote::remote(Things)]
pub trait Asynchronous: Send + Sync {
    async fn a(&self) -> u32;
}

#[plugkit_remote::remote(Things)]
pub trait GenericMethod: Send + Sync {
    fn a<T>(&self, t: T) -> u32;
}

#[plugkit_remote::remote(Things)]
pub trait MutableArgument: Send + Sync {
    fn a(&self, out: &mut String);
}

#[plugkit_remote::remote(Things)]
pub trait ImplArgument: Send + Sync {
    fn a(&self, text: impl AsRef<str>);
}

fn main() {}
