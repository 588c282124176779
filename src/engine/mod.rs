//! The Monte Carlo engine: one run's lifecycle, seeding, the parallel driver, and the
//! exact aggregates that runs fold into. No IO, no user-input errors.

pub mod summary;
