"""The performance bench of the emulator (issue 7); run it with `scripts/bench`."""
