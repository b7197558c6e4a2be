//! Rebuilds when a message file under `locales/` changes or is added: the files are
//! compiled into the binary (src/i18n), and a new file is not otherwise noticed (cargo
//! scans a directory named here for any change below it).
fn main() {
    println!("cargo:rerun-if-changed=locales");
}
