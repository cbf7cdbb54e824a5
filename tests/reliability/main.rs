//! Nothing lost, no one let in: the real binary killed mid-sync, and hostile inputs for
//! every reader. (The access matrix runs through the fake Bot API in tests/telegram.)

mod crash;
mod fuzz;
mod hostile;
mod litestream;
