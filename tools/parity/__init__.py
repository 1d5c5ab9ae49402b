"""Parity snapshots: record what an endpoint answers once, check the emulator against it forever.

Owns: the Python behind `scripts/parity` (see `tools/parity/__main__.py` for the command line).
The data lives in `parity/`: scenarios (`parity/scenarios/*.yaml`, ordered calls with
placeholders and captures), the normalising transformers (`parity/transformers.yaml`), the
emulator fixtures scenarios need (`parity/fixtures/`), the public documentation's example
exchanges (`parity/docs/`) and the committed snapshots (`parity/snapshots/`).

The modules, each importing only those above it in this list:
  template    placeholders (`{project_id}`, `{first_name|upper}`) and pointers into bodies
  scenario    scenario files: loading, validation against the spec, their steps
  normalise   the declared transformers: secrets, known values, ids, times, names, headers
  snapshot    the snapshot file format: building, writing (secret-checked), reading
  runner      running a scenario's steps against a target (`contract_tests.target`: the
              contract suite's target selection, credentials, guard and rate cap are reused,
              never a second HTTP path), or against the documentation's example exchanges
  compare     the call-by-call comparison of a snapshot with a replay, and its report
  docs        building the snapshot of the public documentation's example exchanges
Must not import: pytest, schemathesis, the emulator's internals (an emulator is driven only
through HTTP: its public API and its control plane).
"""
