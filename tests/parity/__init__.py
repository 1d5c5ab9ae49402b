"""Tests of parity snapshots (tools/parity, parity/)."""
