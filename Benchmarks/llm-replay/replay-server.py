#!/usr/bin/env python3
"""A loopback OpenAI-compatible chat server that replays recorded model answers, so that rule quality
with a model (--rerank, --extractor local) can be measured again without credentials or network.

  replay-server.py PORT_FILE ANSWERS.json.gz...
  DROP_CONDENSED=1 replay-server.py …   # answers without their "condensed" wordings (rankings only)
  RECORD_DIR=DIR replay-server.py …     # also store each prompt without an answer as DIR/<key>.json

Binds 127.0.0.1 on a free port and writes the port to PORT_FILE. POST /v1/chat/completions: the answer
recorded for sha256(system + "\\0" + user)[:16] of the request's messages is returned as the assistant
message; a prompt with no recorded answer gets HTTP 404 and a "missing <key>" line on stderr (the
prompt changed since the answers were recorded: the figures are then not comparable); a request it cannot
read gets HTTP 500 and an "error …" line.
"""
import gzip, hashlib, json, os, sys
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
        try:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
            k = key(body.get("messages", []))
        except Exception as e:  # an unreadable request is reported, never a reset connection
            print(f"error {type(e).__name__}: {e}", file=sys.stderr, flush=True)
            self.reply(500, {"error": {"message": "unreadable request", "type": "server_error"}})
            return
        if k in ANSWERS:
            content = ANSWERS[k]
            if os.environ.get("DROP_CONDENSED") == "1":
                try:
                    answer = json.loads(content)
                    answer.pop("condensed", None)
                    content = json.dumps(answer)
                except ValueError:
                    pass
            out = {"id": k, "object": "chat.completion", "model": body.get("model", "recorded"),
                   "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
                   "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}}
            status = 200
        else:
            print(f"missing {k}", file=sys.stderr, flush=True)
            record = os.environ.get("RECORD_DIR")
            if record:
                # The prompt to answer, as sent: its system and user parts (what the key is made of).
                messages = body.get("messages", [])
                prompt = {"key": k, "system": "\n".join(m["content"] for m in messages if m["role"] == "system"),
                          "user": "\n".join(m["content"] for m in messages if m["role"] != "system")}
                with open(os.path.join(record, k + ".json"), "w", encoding="utf-8") as f:
                    json.dump(prompt, f, ensure_ascii=False, indent=1)
            out = {"error": {"message": f"no recorded answer for prompt {k}", "type": "not_found"}}
            status = 404
        self.reply(status, out)

    def reply(self, status, out):
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
