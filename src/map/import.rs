//! Services from a spreadsheet export (CSV). To be written.
