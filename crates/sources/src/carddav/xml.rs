//! The WebDAV XML kith writes (PROPFIND, REPORT bodies) and reads (multistatus). SKELETON.
