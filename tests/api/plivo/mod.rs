//! Plivo's phone-number Compliance API, served over the same compliance core.

mod applications;
mod identity;
mod numbers;
mod requirements;
mod review;
mod validation;
