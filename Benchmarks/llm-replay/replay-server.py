#!/usr/bin/env python3
"""A loopback OpenAI-compatible chat server that replays recorded model answers, so that rule quality
with a model (--rerank, --extractor local) can be measured again without credentials or network.

  replay-server.py PORT_FILE ANSWERS.json.gz...

Binds 127.0.0.1 on a free port and writes the port to PORT_FILE. POST /v1/chat/completions: the answer
recorded for sha256(system + "\\0" + user)[:16] of the request's messages is returned as the assistant
message; a prompt with no recorded answer gets HTTP 404 and a "missing <key>" line on stderr (the
prompt changed since the answers were recorded: the figures are then not comparable).
"""
import gzip, hashlib, json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ANSWERS = {}
for path in sys.argv[2:]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        ANSWERS.update(json.load(f))


def key(messages):
    system = "\n".join(m["content"] for m in messages if m["role"] == "system")
    user = "\n".join(m["content"] for m in messages if m["role"] != "system")
    return hashlib.sha256((system + "\x00" + user).encode()).hexdigest()[:16]


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        k = key(body.get("messages", []))
        if k in ANSWERS:
            content = ANSWERS[k]
            out = {"id": k, "object": "chat.completion", "model": body.get("model", "recorded"),
                   "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
                   "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}}
            status = 200
        else:
            print(f"missing {k}", file=sys.stderr, flush=True)
            out = {"error": {"message": f"no recorded answer for prompt {k}", "type": "not_found"}}
            status = 404
        data = json.dumps(out).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[1], "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
