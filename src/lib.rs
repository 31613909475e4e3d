//! opsreport: a month's folder of SECAS workbooks → the Operations Report's
//! tables. The pipeline is discover → read (`inputs`) → aggregate (`report`)
//! → render (`render`), driven by `pipeline` and configured by the report
//! definition in `template`.

pub mod cli;
pub mod cmd;
pub mod findings;
pub mod hours;
pub mod inputs;
pub mod month;
pub mod output;
pub mod pipeline;
pub mod read;
pub mod render;
pub mod report;
pub mod template;
pub mod text;
