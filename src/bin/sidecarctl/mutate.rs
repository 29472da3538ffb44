use sidecarctl::{Error, Result};

use crate::cli::{CloneArgs, CreateArgs, DeleteArgs, EditArgs};
use crate::session::Session;

pub fn create(_: &Session, _: CreateArgs) -> Result<u8> {
    Err(Error::failed("not yet"))
}
pub fn clone(_: &Session, _: CloneArgs) -> Result<u8> {
    Err(Error::failed("not yet"))
}
pub fn edit(_: &Session, _: EditArgs) -> Result<u8> {
    Err(Error::failed("not yet"))
}
pub fn delete(_: &Session, _: DeleteArgs) -> Result<u8> {
    Err(Error::failed("not yet"))
}
