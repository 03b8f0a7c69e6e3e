//! Coverage grids and the gaps list. To be written.
