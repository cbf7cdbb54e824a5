//! The address book and kith kept one. SKELETON: to be written.
