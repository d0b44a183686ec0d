"""pprof's profile.proto (Apache-2.0, github.com/google/pprof/proto) and the module protoc
generates from it; see golint_mem/pgo.py. Regenerate with `python -m grpc_tools.protoc -I.
--python_out=. --pyi_out=. profile.proto` in this folder (tests/test_pgo.py checks it is current).
"""
