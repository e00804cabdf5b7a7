"""The Django shell around the domain core: storage now, web pages later.

One app per bounded context (catalogue, figures), each with models, services (writes, in
transactions) and queries (reads returning domain objects).
"""
