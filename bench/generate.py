"""Deterministic generator of big, realistic device logs for the benchmark.

    python bench/generate.py --size 1G --kind hilog -o /tmp/big-hilog.log
    python bench/generate.py --size 200M --kind logcat -o /tmp/big-logcat.log

Same seed, same bytes. The noise is modelled on real hilog and logcat output (NETSTACK
HTTP lines with ``RespCode:200``, window manager and ArkCompiler chatter, TPush and
OkHttp lines) and deliberately full of the hard negatives the engine must ignore:
``uid=10008``, ``bytes=1008001``, ``blk_2101007907134483259``, ``2100002us``,
``.2302999Z`` fractions, versions, hex, prices and HTTP 200s. About one line in
``--event-every`` (default 2,000) is a real catalog event in its proper context, and
about one in ``--unknown-every`` (default 250, so 0.4%) an error record no catalog entry
explains: loghub's real Android sample (Android_2k) has 8 error records in 2,000 lines
by the analyzer's definition (level E/F or an error word), also 0.4%.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

HILOG_NOISE = [
    "I C015b0/{app}/NETSTACK: [http_exec.cpp:418] taskid={n}, errCode:0, RespCode:200, url:https://api.example.com/v1/items?page={n}",
    "D C015b0/{app}/NETSTACK: [http_exec.cpp:512] HTTP/1.1 200 OK, size={n} bytes",
    "I C015b0/{app}/NETSTACK: [napi_utils.cpp:759] newId = {n}, id = {m}",
    "I C04208/{app}/WMSLayout: UpdateViewportConfig: Id: {m}, reason: 23, windowRect: [0 0 1320 2856]",
    "I C03900/{app}/Ace: [(100000:100000:scope)] Update application state , state: ON_ACTIVE",
    "I C01515/{app}/NetConnManager: RegisterNetConnCallback uid=10008 callback count {m}",
    "I A03d00/{app}/JSAPP: forecast loaded in 2100002us, items={m}, price=$200.00",
    "I A03d00/{app}/JSAPP: cache block blk_2101007907134483259 evicted, version 2.100002.1",
    "I A03d00/{app}/JSAPP: trace id 2302999 scheduled at 2026-11-23T09:14:06.2302999Z",
    "D C05a01/{app}/ATM: [IsDynamicRequest:439]Permission: ohos.permission.INTERNET: state: 1, errorReason: 0",
    "I C01317/{app}/AppKit: [main_thread.cpp:2561]App main thread create, pid:{n}",
    "I C057c1/{app}/IPCWorkThread: ThreadHandler 124: proto:0 policy:1 name:OS_IPC_0_{n} invoker:4768192",
    "D C01d02/{app}/accessibility_asacfwk: [(SubscribeStateObserver:551)]Observer has subscribed!",
    "I A03d00/{app}/JSAPP: upload done bytes=1008001 crc=0x2100002 took {m}ms",
    "I C015b0/{app}/NETSTACK: [websocket_exec.cpp:466] lws callback reason is {m}",
]

HILOG_EVENTS = [
    "E A03d00/{app}/JSAPP: getDefaultNet failed, errCode=2100002",
    "E A03d00/{app}/JSAPP: Code: <private>, message: Failed to connect to the service.",
    "E C01515/{app}/NetConnManager: Over the max request number, uid=10008",
    "E A03d00/{app}/JSAPP: register net callback failed, Code: 2101022, message: The number of requests exceeded the maximum allowed.",
    'E A03d00/{app}/JSAPP: ws onError: {{"code":200,"message":"Websocket connect failed"}}',
    'E A03d00/{app}/JSAPP: ws.connect failed, err: {{"code":2302998,"message":"It is not allowed to access this domain."}}',
    "E C01599/{app}/VpnExt: setUp VPN failed, errCode: 2203001",
    "E A03d00/{app}/JSAPP: requestPermissions failed, BusinessError 201: Permission verification failed.",
    "E A03d00/{app}/JSAPP: createServer failed, error code: 32390203",
]

LOGCAT_NOISE = [
    "D TPush  : [XGPushManager] TYPE_RSP - operation:0, opType:0",
    "I OkHttp : <-- 200 OK https://shop.example.com/api/cart ({m}ms, {n}-byte body)",
    "D ShopApp: cart total price=10008 cents, uid=10008, pid=10101",
    "I ActivityManager: Start proc {n}:com.example.shop/u0a{m} for activity",
    'D PowerManagerService: acquire lock=233570404, flags=0x1, tag="View Lock", ws=null, uid=1000, pid={n}',
    "W ShopApp: slow frame {m}ms, budget 16ms, version 2.100002.1",
    "I XgStat : report stat ok, size={n}",
    "D ShopApp: order {m} confirmed, code=2 items",
]

LOGCAT_EVENTS = [
    "E TPush  : [XGPushManager] register push failed, errCode=-502, msg=get guid failed",
    "E TPush  : [XGPushManager] Action -> Register to TPNS server failed, ret_code=10008, AccessKey or AccessId is wrong",
    "E XINGE  : [XGRemoteService] OnRegisterFailed errCode: -1102 errMsg: mqtt exception",
    "E TPush  : [XGPushManager] bind account failed, errCode=10115",
]

HILOG_UNKNOWN = [
    "W C03f00/{app}/ArkCompiler: [ecmascript] set label failed! level: s1, file: /data/storage/ark-profile/rt_entry.ap",
    "E C01406/{app}/OHOS::RS: RSRenderServiceClient::CreateNode failed, id={n}",
    "E A03d00/{app}/JSAPP: image decode failed for /data/storage/el2/base/cache/{n}.jpg",
]

LOGCAT_UNKNOWN = [
    "E OkHttp : java.net.SocketTimeoutException: connect to /10.0.{m}.2 (port 443) timed out after {n}ms",
    "W ShopApp: image load failed: https://cdn.example.com/p/{n}.webp",
    "E BufferQueueProducer: [SurfaceView - com.example.shop#{m}] dequeueBuffer: BufferQueue has been abandoned",
]
"""Error records no catalog entry explains (one line in ``--unknown-every``)."""

APPS = ["com.example.weather", "com.example.shop", "com.example.photos"]


def _parse_size(text: str) -> int:
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = text.strip().upper()
    if text[-1:] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def _pool(templates: list[str], rng: random.Random, size: int) -> list[str]:
    return [
        rng.choice(templates).format(
            app=rng.choice(APPS), n=rng.randint(1, 99999), m=rng.randint(1, 999)
        )
        for _ in range(size)
    ]


def generate(
    out: Path, size: int, kind: str, seed: int, event_every: int, unknown_every: int = 250
) -> tuple[int, int]:
    """Write ``size`` bytes (rounded up to a whole line); returns (lines, events)."""
    rng = random.Random(seed)
    noise_t, event_t, unknown_t = (
        (HILOG_NOISE, HILOG_EVENTS, HILOG_UNKNOWN)
        if kind == "hilog"
        else (LOGCAT_NOISE, LOGCAT_EVENTS, LOGCAT_UNKNOWN)
    )
    noise = _pool(noise_t, rng, 8192)
    events = _pool(event_t, rng, 256)
    unknown = _pool(unknown_t, rng, 1024)
    written = lines = hits = 0
    second = 0
    with out.open("w", encoding="utf-8", newline="\n") as handle:
        batch: list[str] = []
        while written < size:
            second += 1
            hh, mm, ss = (second // 3600) % 24, (second // 60) % 60, second % 60
            for ms in range(0, 1000, 4):
                if rng.randrange(event_every) == 0:
                    body = events[rng.randrange(len(events))]
                    hits += 1
                elif rng.randrange(unknown_every) == 0:
                    body = unknown[rng.randrange(len(unknown))]
                else:
                    body = noise[rng.randrange(len(noise))]
                pid = 4410 + (ms % 3)
                if kind == "hilog":
                    line = f"11-23 {hh:02d}:{mm:02d}:{ss:02d}.{ms:03d}  {pid}  {pid + 27} {body}\n"
                else:
                    level, rest = body[0], body[2:]
                    line = f"11-23 {hh:02d}:{mm:02d}:{ss:02d}.{ms:03d}  {pid}  {pid + 27} {level} {rest}\n"
                batch.append(line)
                written += len(line.encode("utf-8"))
                lines += 1
                if written >= size:
                    break
            if len(batch) >= 4096:
                handle.write("".join(batch))
                batch.clear()
        handle.write("".join(batch))
    return lines, hits


def main(argv: list[str] | None = None) -> int:
    """Command line: size, kind, seed, output."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="100M", help="e.g. 200M, 1G (default 100M)")
    parser.add_argument("--kind", choices=["hilog", "logcat"], default="hilog")
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--event-every", type=int, default=2000)
    parser.add_argument("--unknown-every", type=int, default=250)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    lines, hits = generate(
        args.output,
        _parse_size(args.size),
        args.kind,
        args.seed,
        args.event_every,
        args.unknown_every,
    )
    print(f"{args.output}: {lines} lines, {hits} catalog events", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
