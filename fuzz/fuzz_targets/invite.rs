#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| afterview_fuzz_targets::invite(data));
