"""`xtkjs serve`: Campaign's SOAP router (xtk:session, xtk:queryDef), WSDL, the ingestion REST
API of Campaign's ingestion API, per-client throttling. Reference: docs/server.md.

    from runtime.server.app import create_app, ServerConfig
"""
