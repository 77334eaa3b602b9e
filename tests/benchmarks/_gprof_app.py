import atexit, cProfile, os
from tests.benchmarks import bench_pages
prof = cProfile.Profile()
def application(environ, start_response):
    if environ.get("PATH_INFO") == "/estimates/" and environ.get("REQUEST_METHOD") == "POST":
        prof.enable()
        try:
            return bench_pages.application(environ, start_response)
        finally:
            prof.disable()
    return bench_pages.application(environ, start_response)
atexit.register(lambda: prof.dump_stats(f"/tmp/perfwork/gp/{os.getpid()}.prof"))
