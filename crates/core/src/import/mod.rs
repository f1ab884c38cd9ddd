//! Importers: pure readers that turn a file a job seeker already has into
//! the facts afterview would record, without recording anything. Each takes
//! bytes and gives proposals (or an error naming where the file is wrong);
//! the use cases in `afterview-app` show them and write them in one
//! transaction.

pub mod csv;
pub mod email;
pub mod invite;
