//! The one way the tests run the real binary, in the manner of just's
//! `tests/test.rs`: a [`Test`] owns a temporary folder, a run is built from
//! it with arguments, environment, working folder, stdin and limits, and
//! gives a [`Run`] to assert on.
//!
//! ```ignore
//! let test = Test::new();
//! let dir = test.month_dir("2019-03");
//! // `opsreport build <dir> --out <test.out()> --partial`
//! let run = test.build(&dir).arg("--partial").run();
//! run.assert_code(0);
//! assert!(run.stderr.contains("wrote"), "{}", run.stderr);
//! // Any other command, with everything a run can be given:
//! let run = Test::new()
//!     .arg("check")
//!     .arg(&dir)
//!     .current_dir(&dir)
//!     .env("NO_COLOR", "1")
//!     .stdin("typed text")
//!     .memory_cap()
//!     .timeout(Duration::from_secs(60))
//!     .run();
//! ```
//!
//! Porting from the old launchers: `test.build(&dir, &["--x"])` is
//! `test.build(&dir).args(["--x"]).run()`; `crate::build(input, out, extra,
//! env)` is `Test::new().build_to(input, out).args(extra).run()`;
//! `opsreport(args, env)` is `Test::new().args(args).run()`; `capped(args)`
//! is `Test::new().args(args).memory_cap().run()`.

use std::ffi::{OsStr, OsString};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// A temporary folder the runs of one test share: inputs are made in it,
/// `out()` is where `build` writes by default.
pub struct Test {
    pub dir: tempfile::TempDir,
}

impl Default for Test {
    fn default() -> Self {
        Test::new()
    }
}

impl Test {
    pub fn new() -> Test {
        Test {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    /// The input folder for a month, created empty.
    pub fn month_dir(&self, name: &str) -> PathBuf {
        let dir = self.dir.path().join(name);
        std::fs::create_dir_all(&dir).expect("create input folder");
        dir
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    /// A CSV of the bundle as rows of fields (BOM dropped).
    pub fn csv(&self, name: &str) -> Vec<Vec<String>> {
        crate::read_csv(&self.out().join("csv").join(name))
    }

    /// A run of the binary, with no arguments yet.
    pub fn opsreport(&self) -> Launch<'_> {
        Launch {
            _test: self,
            args: Vec::new(),
            env: Vec::new(),
            current_dir: None,
            stdin: Input::Closed,
            memory_cap: false,
            timeout: None,
        }
    }

    /// A run starting with this argument.
    pub fn arg(&self, arg: impl AsRef<OsStr>) -> Launch<'_> {
        self.opsreport().arg(arg)
    }

    /// A run starting with these arguments.
    pub fn args<S: AsRef<OsStr>>(&self, args: impl IntoIterator<Item = S>) -> Launch<'_> {
        self.opsreport().args(args)
    }

    /// `opsreport build INPUT --out <self.out()>`; add options with `.arg`.
    pub fn build(&self, input: &Path) -> Launch<'_> {
        self.build_to(input, &self.out())
    }

    /// `opsreport build INPUT --out OUT`.
    pub fn build_to(&self, input: &Path, out: &Path) -> Launch<'_> {
        self.arg("build").arg(input).arg("--out").arg(out)
    }
}

/// What the child reads on stdin.
enum Input {
    /// Nothing: reading gives end of file at once.
    Closed,
    /// These bytes, then end of file.
    Bytes(Vec<u8>),
    /// A pipe kept open and never written to, as a console nobody types in.
    HeldOpen,
}

/// One run of the binary being set up; `run()` starts it and waits.
#[must_use = "a launch does nothing until .run()"]
pub struct Launch<'a> {
    /// The folder the run belongs to outlives it.
    _test: &'a Test,
    args: Vec<OsString>,
    env: Vec<(OsString, OsString)>,
    current_dir: Option<PathBuf>,
    stdin: Input,
    memory_cap: bool,
    timeout: Option<Duration>,
}

/// The address-space cap of `memory_cap()`, in KiB as `ulimit -v` takes it.
const MEMORY_CAP_KIB: u64 = 1024 * 1024;

impl Launch<'_> {
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    pub fn args<S: AsRef<OsStr>>(mut self, args: impl IntoIterator<Item = S>) -> Self {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Self {
        self.env
            .push((key.as_ref().to_owned(), value.as_ref().to_owned()));
        self
    }

    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.current_dir = Some(dir.as_ref().to_owned());
        self
    }

    /// Give the run these bytes on stdin, then end of file.
    pub fn stdin(mut self, bytes: impl AsRef<[u8]>) -> Self {
        self.stdin = Input::Bytes(bytes.as_ref().to_vec());
        self
    }

    /// Keep stdin an open pipe nobody writes to: a run that waits for
    /// Enter waits until its timeout.
    pub fn stdin_held_open(mut self) -> Self {
        self.stdin = Input::HeldOpen;
        self
    }

    /// Run under a 1 GiB address-space cap, as `ulimit -v` sets it, so that
    /// an input that would take more memory fails the test instead of the
    /// machine.
    pub fn memory_cap(mut self) -> Self {
        self.memory_cap = true;
        self
    }

    /// Kill the run and fail the test if it takes longer than this.
    pub fn timeout(mut self, limit: Duration) -> Self {
        self.timeout = Some(limit);
        self
    }

    /// The command line as a person would type it, for failure messages.
    fn shown(&self) -> String {
        let mut shown = String::from("opsreport");
        for arg in &self.args {
            shown.push(' ');
            shown.push_str(&arg.to_string_lossy());
        }
        shown
    }

    fn command(&self) -> Command {
        let binary = env!("CARGO_BIN_EXE_opsreport");
        let mut command = if self.memory_cap {
            let mut script = format!("ulimit -v {MEMORY_CAP_KIB}; exec \"$0\"");
            for i in 0..self.args.len() {
                script.push_str(&format!(" \"${}\"", i + 1));
            }
            let mut sh = Command::new("sh");
            sh.arg("-c").arg(script).arg(binary);
            sh
        } else {
            Command::new(binary)
        };
        command.args(&self.args);
        command.envs(self.env.iter().map(|(k, v)| (k, v)));
        if let Some(dir) = &self.current_dir {
            command.current_dir(dir);
        }
        command.stdin(match self.stdin {
            Input::Closed => Stdio::null(),
            Input::Bytes(_) | Input::HeldOpen => Stdio::piped(),
        });
        command.stdout(Stdio::piped()).stderr(Stdio::piped());
        command
    }

    /// Start the run, wait for it (within the timeout, if one is set) and
    /// give what it printed and returned.
    pub fn run(self) -> Run {
        let shown = self.shown();
        let mut child = self
            .command()
            .spawn()
            .unwrap_or_else(|e| panic!("could not start `{shown}`: {e}"));
        // Held open until the child ends; bytes written from a thread so a
        // child that prints before it reads cannot block on a full pipe.
        let mut held = child.stdin.take();
        let writer = match (&self.stdin, held.take()) {
            (Input::Bytes(bytes), Some(mut pipe)) => {
                let bytes = bytes.clone();
                Some(std::thread::spawn(move || {
                    let _ = pipe.write_all(&bytes);
                }))
            }
            (_, pipe) => {
                held = pipe;
                None
            }
        };
        let stdout = drain(child.stdout.take());
        let stderr = drain(child.stderr.take());
        let status = wait(&mut child, self.timeout, &shown);
        drop(held);
        if let Some(writer) = writer {
            let _ = writer.join();
        }
        Run {
            command: shown,
            code: status.code().unwrap_or(-1),
            stdout: stdout.join().expect("stdout reader"),
            stderr: stderr.join().expect("stderr reader"),
        }
    }
}

/// Read a child's pipe to its end on a thread of its own.
fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).to_string()
    })
}

fn wait(child: &mut Child, timeout: Option<Duration>, shown: &str) -> ExitStatus {
    let Some(limit) = timeout else {
        return child.wait().expect("wait for opsreport");
    };
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait for opsreport") {
            return status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`{shown}` did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// What a run printed and returned.
pub struct Run {
    /// The command line, for failure messages.
    pub command: String,
    /// The exit code, or -1 when a signal ended the run.
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Fail, showing the command, its exit code, stdout and stderr, unless
    /// it exited with `code`.
    #[track_caller]
    pub fn assert_code(&self, code: i32) -> &Self {
        if self.code != code {
            panic!("expected exit code {code}, got {}\n{self}", self.code);
        }
        self
    }

    /// Fail, showing the run, unless `text` is in its stderr.
    #[track_caller]
    pub fn assert_stderr_contains(&self, text: &str) -> &Self {
        if !self.stderr.contains(text) {
            panic!("stderr does not contain {text:?}\n{self}");
        }
        self
    }

    /// Fail, showing the run, unless `text` is in its stdout.
    #[track_caller]
    pub fn assert_stdout_contains(&self, text: &str) -> &Self {
        if !self.stdout.contains(text) {
            panic!("stdout does not contain {text:?}\n{self}");
        }
        self
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "command: {}", self.command)?;
        writeln!(f, "exit code: {}", self.code)?;
        writeln!(f, "--- stdout ---\n{}", self.stdout)?;
        write!(f, "--- stderr ---\n{}", self.stderr)
    }
}
