#!/usr/bin/env python3
"""Logging MySQL-protocol proxy (127.0.0.1 only) used to see what clients send.

  capture_proxy.py --listen 33062 --upstream 33061 --log /tmp/cap-wire.log \
      [--spoof-version 8.0.11-TiDB-v8.5.8]

Logs, per connection: server greeting, the client's HandshakeResponse41
(capability flags, user, db, auth plugin, connect attributes), auth switches,
every command (COM_QUERY text, COM_INIT_DB, COM_PING, ...) and a one-line
summary of each reply (OK / ERR / result set columns + first row).
--spoof-version rewrites the greeting so clients believe they talk to TiDB:
version string replaced, capabilities masked to TiDB's default set and the
MariaDB extended-capability bytes zeroed.  No TLS, no compression.
"""
import argparse, itertools, socket, struct, sys, threading

CAPS = ["LONG_PASSWORD", "FOUND_ROWS", "LONG_FLAG", "CONNECT_WITH_DB", "NO_SCHEMA",
        "COMPRESS", "ODBC", "LOCAL_FILES", "IGNORE_SPACE", "PROTOCOL_41", "INTERACTIVE",
        "SSL", "IGNORE_SIGPIPE", "TRANSACTIONS", "RESERVED", "SECURE_CONNECTION",
        "MULTI_STATEMENTS", "MULTI_RESULTS", "PS_MULTI_RESULTS", "PLUGIN_AUTH",
        "CONNECT_ATTRS", "PLUGIN_AUTH_LENENC_CLIENT_DATA", "CAN_HANDLE_EXPIRED_PASSWORDS",
        "SESSION_TRACK", "DEPRECATE_EOF", "OPTIONAL_RESULTSET_METADATA",
        "ZSTD_COMPRESSION", "QUERY_ATTRIBUTES", "MULTI_FACTOR_AUTH", "CAPABILITY_EXT",
        "SSL_VERIFY_SERVER_CERT", "REMEMBER_OPTIONS"]
# TiDB v8 server/conn.go defaultCapability (without compression bits)
TIDB_CAPS = sum(1 << CAPS.index(n) for n in [
    "LONG_PASSWORD", "LONG_FLAG", "CONNECT_WITH_DB", "PROTOCOL_41", "TRANSACTIONS",
    "SECURE_CONNECTION", "FOUND_ROWS", "MULTI_STATEMENTS", "MULTI_RESULTS", "LOCAL_FILES",
    "CONNECT_ATTRS", "PLUGIN_AUTH", "INTERACTIVE", "DEPRECATE_EOF"])
COMMANDS = {0x01: "COM_QUIT", 0x02: "COM_INIT_DB", 0x03: "COM_QUERY", 0x04: "COM_FIELD_LIST",
            0x05: "COM_CREATE_DB", 0x06: "COM_DROP_DB", 0x07: "COM_REFRESH", 0x08: "COM_SHUTDOWN",
            0x09: "COM_STATISTICS", 0x0a: "COM_PROCESS_INFO", 0x0c: "COM_PROCESS_KILL",
            0x0d: "COM_DEBUG", 0x0e: "COM_PING", 0x11: "COM_CHANGE_USER", 0x16: "COM_STMT_PREPARE",
            0x17: "COM_STMT_EXECUTE", 0x18: "COM_STMT_SEND_LONG_DATA", 0x19: "COM_STMT_CLOSE",
            0x1a: "COM_STMT_RESET", 0x1b: "COM_SET_OPTION", 0x1c: "COM_STMT_FETCH",
            0x1f: "COM_RESET_CONNECTION", 0xfa: "COM_STMT_BULK_EXECUTE"}


def capnames(v):
    return "|".join(n for i, n in enumerate(CAPS) if v >> i & 1)


def lenenc(b, i):
    c = b[i]
    if c < 0xfb: return c, i + 1
    if c == 0xfb: return None, i + 1
    if c == 0xfc: return struct.unpack_from("<H", b, i + 1)[0], i + 3
    if c == 0xfd: return int.from_bytes(b[i + 1:i + 4], "little"), i + 4
    return struct.unpack_from("<Q", b, i + 1)[0], i + 9


def lstr(b, i):
    n, i = lenenc(b, i)
    if n is None: return None, i
    return b[i:i + n].decode("utf8", "replace"), i + n


def cstr(b, i):
    j = b.index(b"\0", i)
    return b[i:j].decode("utf8", "replace"), j + 1


class Conn:
    ids = itertools.count(1)

    def __init__(self, args, log):
        self.id, self.args, self.log = next(Conn.ids), args, log
        self.phase = "greeting"  # greeting -> response -> auth -> command
        self.client_caps = 0
        self.ext = 0  # MariaDB extended caps agreed by both sides
        self.cmd = None
        self.resp = None  # response parser state

    def out(self, msg):
        self.log(f"[c{self.id}] {msg}")

    # ---------------- server -> client ----------------
    def server_packet(self, seq, p):
        if self.phase == "greeting":
            proto = p[0]
            ver, i = cstr(p, 1)
            cid = struct.unpack_from("<I", p, i)[0]
            i += 4 + 8 + 1
            caps = struct.unpack_from("<H", p, i)[0]
            cs = p[i + 2]; st = struct.unpack_from("<H", p, i + 3)[0]
            caps |= struct.unpack_from("<H", p, i + 5)[0] << 16
            alen = p[i + 7]
            ext = struct.unpack_from("<I", p, i + 14)[0]
            self.server_ext = 0 if caps & 1 else ext
            rest = p[i + 18:]
            plugin = rest[max(13, alen - 8):].split(b"\0")[0].decode()
            self.out(f"S greeting proto={proto} version={ver!r} conn_id={cid} charset={cs} "
                     f"status=0x{st:x} caps=0x{caps:08x} mariadb_ext=0x{ext:x} plugin={plugin}")
            self.phase = "response"
            if self.args.spoof_version:
                newcaps = (caps & TIDB_CAPS) | 1  # TiDB sets LONG_PASSWORD (= "not MariaDB")
                b = bytearray(p[i:])
                struct.pack_into("<H", b, 0, newcaps & 0xffff)
                struct.pack_into("<H", b, 5, newcaps >> 16)
                struct.pack_into("<I", b, 14, 0)
                if self.args.spoof_plugin:
                    n2 = 18 + max(13, alen - 8)
                    b = b[:n2] + self.args.spoof_plugin.encode() + b"\0"
                p = bytes([proto]) + self.args.spoof_version.encode() + b"\0" + p[len(ver) + 2:i] + bytes(b)
                self.out(f"  (spoofed greeting: version={self.args.spoof_version!r} caps=0x{newcaps:08x}"
                         f" [{capnames(newcaps)}] plugin={self.args.spoof_plugin or plugin})")
            return p
        if self.phase == "auth":
            k = p[0]
            if k == 0x00:
                self.out("S auth OK"); self.phase = "command"
            elif k == 0xff:
                self.out(f"S auth ERR {self.err(p)}")
            elif k == 0xfe:
                plug, i = cstr(p, 1) if len(p) > 1 else ("", 1)
                self.out(f"S AuthSwitchRequest plugin={plug}")
            elif k == 0x01:
                self.out(f"S AuthMoreData {p[1:]!r}")
            return p
        if self.phase == "command":
            self.response(p)
        return p

    def err(self, p):
        code = struct.unpack_from("<H", p, 1)[0]
        msg = p[3:].decode("utf8", "replace")
        if msg.startswith("#"): msg = msg[6:]
        return f"{code} {msg!r}"

    def ok(self, p):
        aff, i = lenenc(p, 1); lid, i = lenenc(p, i)
        st, warn = struct.unpack_from("<HH", p, i)
        info = p[i + 4:]
        return st, f"OK affected={aff} insert_id={lid} status=0x{st:x} warnings={warn}" + (f" info={info!r}" if info else "")

    def response(self, p):
        r = self.resp
        if r is None:
            return
        deprecate = self.client_caps & (1 << 24)
        k = p[0]
        if r["state"] == "first":
            if r["cmd"] == 0x16 and k == 0x00:  # prepare OK
                sid, nc, np_ = struct.unpack_from("<IHH", p, 1)
                self.out(f"S PREPARE_OK stmt_id={sid} columns={nc} params={np_}")
                r.update(state="skip", skip=(nc and nc + (0 if deprecate else 1)) + (np_ and np_ + (0 if deprecate else 1)))
                if not r["skip"]: self.resp = None
                return
            if k == 0xfe and len(p) < 9:
                st = struct.unpack_from("<H", p, 3)[0] if len(p) >= 5 else 0
                self.out(f"S EOF status=0x{st:x}"); self.resp = None
                return
            if k == 0x00 or (k == 0xfe and deprecate):
                st, s = self.ok(p); self.out("S " + s)
                if not st & 0x08: self.resp = None
                return
            if k == 0xff:
                self.out("S ERR " + self.err(p)); self.resp = None; return
            if k == 0xfb:
                self.out("S LOCAL INFILE request"); self.resp = None; return
            if r["cmd"] == 0x04:  # COM_FIELD_LIST: column defs until EOF
                r.update(state="fields", n=0); r["n"] += 1; return
            if r["cmd"] in (0x09,):  # COM_STATISTICS: plain string
                self.out(f"S STAT {p.decode('utf8', 'replace')!r}"); self.resp = None; return
            n, _ = lenenc(p, 0)
            r.update(state="cols", n=n, cols=[], rows=0, first=None)
            return
        if r["state"] == "fields":
            if k == 0xfe and len(p) < 9 or k == 0x00 and deprecate:
                self.out(f"S FIELD_LIST {r['n']} column defs"); self.resp = None
            else:
                r["n"] += 1
            return
        if r["state"] == "skip":
            r["skip"] -= 1
            if r["skip"] <= 0: self.resp = None
            return
        if r["state"] == "cols":
            if len(r["cols"]) < r["n"]:
                i = 0
                vals = []
                for _ in range(7 if self.ext & 8 else 6):  # +extended metadata
                    s, i = lstr(p, i); vals.append(s)
                ftype = p[i + 1 + 2 + 4]
                r["cols"].append(f"{vals[4]}:t{ftype}")
                if len(r["cols"]) == r["n"] and deprecate:
                    r["state"] = "rows"
                return
            r["state"] = "rows"  # this was the EOF after column defs
            return
        if r["state"] == "rows":
            if k == 0xfe and len(p) < 0xffffff and (len(p) < 9 or deprecate):
                if len(p) < 9:  # EOF
                    st = struct.unpack_from("<H", p, 3)[0]
                else:
                    st, _ = self.ok(p)
                self.out(f"S RESULTSET cols=[{', '.join(r['cols'])}] rows={r['rows']}"
                         + (f" first={r['first']}" if r["first"] is not None else ""))
                if st & 0x08:
                    r["state"] = "first"
                else:
                    self.resp = None
                return
            if k == 0xff:
                self.out("S ERR (mid-resultset) " + self.err(p)); self.resp = None; return
            r["rows"] += 1
            if r["first"] is None:
                if r["cmd"] == 0x17:
                    r["first"] = "<binary row>"
                else:
                    i, vals = 0, []
                    try:
                        while i < len(p):
                            s, i = lstr(p, i); vals.append(s)
                    except Exception:
                        pass
                    r["first"] = repr(vals)[:200]

    # ---------------- client -> server ----------------
    def client_packet(self, seq, p):
        if self.phase == "response":
            caps = struct.unpack_from("<I", p, 0)[0]
            self.client_caps = caps
            maxp, cs = struct.unpack_from("<IB", p, 4)
            ext = struct.unpack_from("<I", p, 28)[0]
            if not self.args.spoof_version and not caps & 1:
                self.ext = ext & self.server_ext
            if len(p) == 32:
                self.out(f"C SSLRequest caps=0x{caps:08x}"); return p
            user, i = cstr(p, 32)
            if caps & (1 << 21):
                alen, i = lenenc(p, i)
            elif caps & (1 << 15):
                alen, i = p[i], i + 1
            else:
                j = p.index(b"\0", i); alen = j - i
            i += alen
            db = None
            if caps & (1 << 3) and i < len(p):
                db, i = cstr(p, i)
            plugin = None
            if caps & (1 << 19) and i < len(p):
                plugin, i = cstr(p, i)
            attrs = {}
            if caps & (1 << 20) and i < len(p):
                total, i = lenenc(p, i); end = i + total
                while i < end:
                    k2, i = lstr(p, i); v, i = lstr(p, i); attrs[k2] = v
            self.out(f"C HandshakeResponse41 user={user!r} db={db!r} charset={cs} max_packet={maxp} "
                     f"auth_len={alen} plugin={plugin} mariadb_ext=0x{ext:x}")
            self.out(f"  client caps=0x{caps:08x} [{capnames(caps)}]")
            if attrs: self.out(f"  connect_attrs={attrs}")
            self.phase = "auth"
            return p
        if self.phase == "auth":
            self.out(f"C auth data len={len(p)}")
            return p
        if seq != 0:
            self.out(f"C (continuation seq={seq} len={len(p)})"); return p
        c = p[0]
        name = COMMANDS.get(c, f"COM_0x{c:02x}")
        arg = ""
        if c in (0x02, 0x03, 0x16):
            arg = p[1:].decode("utf8", "replace")
            if c == 0x03 and self.client_caps & (1 << 27):
                arg = "(query-attrs) " + repr(p[1:])
            arg = " " + repr(arg)
        elif c == 0x04:
            arg = " " + repr(p[1:])
        elif c in (0x17, 0x19, 0x1a):
            arg = f" stmt_id={struct.unpack_from('<I', p, 1)[0]}" + (f" flags={p[5]}" if c == 0x17 else "")
        elif c == 0x1b:
            arg = f" option={struct.unpack_from('<H', p, 1)[0]} (0=MULTI_STATEMENTS_ON,1=OFF)"
        elif c == 0x11:
            user, i = cstr(p, 1)
            alen = p[i]; i += 1 + alen
            db, i = cstr(p, i)
            rest = p[i:]
            cs = struct.unpack_from("<H", rest, 0)[0] if len(rest) >= 2 else None
            plug = rest[2:].split(b"\0")[0].decode() if len(rest) > 2 else None
            arg = f" user={user!r} db={db!r} charset={cs} plugin={plug}"
            self.phase = "auth"
        self.out(f"C {name}{arg}")
        if c == 0x03:
            q = p
            for rw in self.args.rewrite:
                a, b = rw.split("=", 1); q = q.replace(a.encode(), b.encode())
            if q != p:
                self.out(f"  (proxy rewrote it to {q[1:].decode()!r} MariaDB 10.11 lacks the original)"); p = q
        self.cmd = c
        if c not in (0x01, 0x19, 0x18, 0x11):
            self.resp = {"state": "first", "cmd": c}
        return p


def pump(src, dst, conn, from_server):
    buf = b""
    try:
        while True:
            d = src.recv(65536)
            if not d: break
            buf += d
            out = b""
            while len(buf) >= 4:
                n = int.from_bytes(buf[:3], "little")
                if len(buf) < 4 + n: break
                seq, p = buf[3], buf[4:4 + n]
                buf = buf[4 + n:]
                try:
                    p2 = conn.server_packet(seq, p) if from_server else conn.client_packet(seq, p)
                except Exception as e:  # never break the stream because of the logger
                    conn.out(f"! parse error {e!r}"); p2 = p
                out += len(p2).to_bytes(3, "little") + bytes([seq]) + p2
            dst.sendall(out)
    except OSError:
        pass
    finally:
        if not from_server: conn.out("C <disconnect>")
        for s in (src, dst):
            try: s.shutdown(socket.SHUT_RDWR)
            except OSError: pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--listen", type=int, default=33062)
    ap.add_argument("--upstream", type=int, default=33061)
    ap.add_argument("--log", default="/tmp/cap-wire.log")
    ap.add_argument("--spoof-version")
    ap.add_argument("--spoof-plugin", help="auth plugin named in the greeting, e.g. caching_sha2_password")
    ap.add_argument("--rewrite", action="append", default=[],
                    help="FROM=TO text substitution in COM_QUERY (e.g. utf8mb4_0900_ai_ci=utf8mb4_general_ci)")
    args = ap.parse_args()
    lock = threading.Lock()
    f = open(args.log, "a", buffering=1)

    def log(msg):
        with lock: f.write(msg + "\n")

    ls = socket.socket(); ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", args.listen)); ls.listen(64)
    print(f"proxy 127.0.0.1:{args.listen} -> 127.0.0.1:{args.upstream} log={args.log}", flush=True)
    while True:
        c, _ = ls.accept()
        s = socket.create_connection(("127.0.0.1", args.upstream))
        for x in (c, s): x.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        conn = Conn(args, log)
        threading.Thread(target=pump, args=(s, c, conn, True), daemon=True).start()
        threading.Thread(target=pump, args=(c, s, conn, False), daemon=True).start()


if __name__ == "__main__":
    main()
