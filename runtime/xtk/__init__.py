"""The staging layer and the xtk data APIs (schemas, stores, Ingest/IngestExt/Write/lookup).

Python API for other parts of xtkjs (the sync job, the SOAP server): see docs/staging.md.
Modules import SQLAlchemy lazily so that `xtkjs run` of a script without data calls stays lean.
"""
