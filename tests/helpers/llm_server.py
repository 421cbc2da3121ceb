"""Serve a GGUF model on loopback with llama.cpp's OpenAI-compatible server (xllamacpp), for tests.

python tests/helpers/llm_server.py MODEL.gguf PORT
"""

import sys
import time

import xllamacpp as xlc

params = xlc.CommonParams()
params.model.path = sys.argv[1]
params.n_ctx = 4096
params.port = int(sys.argv[2])
params.hostnames = ["127.0.0.1"]
params.n_parallel = 1
params.cpuparams.n_threads = 2
server = xlc.Server(params)
print("listening", server.listening_address, flush=True)
while True:
    time.sleep(3600)
