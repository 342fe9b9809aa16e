//! The pages, rendered on the server with maud (every value escaped): the layout, the trainee's play, its outcome, and the trainer's.

pub mod chart;
pub mod layout;
pub mod material;
pub mod outcome;
pub mod play;
pub mod trainer;
