#!/usr/bin/env python3
# Writes the seeds of fuzz_http_server (fuzz/corpus/http_server/): request streams shaped like the
# web app's and an API client's — GET with the session cookie, JSON POST/PATCH with the CSRF
# header, a chunked body, 100-continue, pipelining, bodies and heads just over the caps, and
# WebSocket upgrades followed by masked frames (text, binary, fragments, ping, pong, close).
# Run from the project root: python3 fuzz/http_server_seeds.py
import os, struct
out = 'fuzz/corpus/http_server'
H = 'Host: 127.0.0.1:8080\r\n'
UA = 'User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36\r\n'
def req(method, target, headers='', body=b''):
    head = f'{method} {target} HTTP/1.1\r\n{H}{headers}'
    if body and 'Transfer-Encoding' not in headers:
        head += f'Content-Length: {len(body)}\r\n'
    return (head + '\r\n').encode() + body
def chunked(parts):
    b = b''
    for p in parts:
        b += f'{len(p):x}\r\n'.encode() + p + b'\r\n'
    return b + b'0\r\n\r\n'
def frame(opcode, payload, mask=b'\x37\xfa\x21\x3d', fin=True):
    b0 = (0x80 if fin else 0) | opcode
    n = len(payload)
    if n < 126: hdr = bytes([b0, 0x80 | n])
    elif n < 65536: hdr = bytes([b0, 0x80 | 126]) + struct.pack('>H', n)
    else: hdr = bytes([b0, 0x80 | 127]) + struct.pack('>Q', n)
    masked = bytes(c ^ mask[i % 4] for i, c in enumerate(payload))
    return hdr + mask + masked
upgrade_headers = ('Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n'
                   'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n')
seeds = {
 'get_health': req('GET', '/api/v1/health', UA + 'Accept: application/json\r\n'),
 'get_track_bearer_query': req('GET', '/api/v1/vessels/352002193/track?from=2026-11-01T00%3A00%3A00Z&to=2026-11-02&limit=500&q=a+b%20c&flag=',
                              'Authorization: Bearer ist_analyst_token\r\nAccept: application/json\r\n'),
 'get_track_cookie': req('GET', '/api/v1/vessels/%33%35%32%30/track',
                        UA + 'Cookie: theme=dark; istmo_session=ist_analyst_token; istmo_csrf=c3JmLXZhbHVl\r\n'),
 'head_export': req('HEAD', '/api/v1/exports/encounters-2026-11.csv', 'If-None-Match: "abc"\r\n'),
 'post_login_json': req('POST', '/api/v1/auth/login', 'Content-Type: application/json; charset=utf-8\r\nOrigin: http://127.0.0.1:8080\r\n',
                        b'{"username":"pan.admin","password":"correct horse battery"}'),
 'patch_user_cookie_csrf': req('PATCH', '/api/v1/users/0192f3a4-5b6c-7d8e-9f00-112233445566',
                               'Content-Type: application/json\r\nCookie: istmo_session=ist_admin_token; istmo_csrf=Zm9vYmFy\r\nX-CSRF-Token: Zm9vYmFy\r\n',
                               b'{"display_name":"J. P\xc3\xa9rez","roles":["officer","analyst"]}'),
 'patch_user_csrf_mismatch': req('PATCH', '/api/v1/users/42',
                                 'Content-Type: application/json\r\nCookie: istmo_session=ist_admin_token; istmo_csrf="Zm9vYmFy"\r\nX-CSRF-Token: other\r\n',
                                 b'{"disabled":true}'),
 'post_note_chunked': req('POST', '/api/v1/cases/c-17/notes/n-1',
                          'Authorization: Bearer ist_admin_token\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n')
                      + chunked([b'{"text":', b'"boarded at 08:40"}']),
 'post_note_over_cap': req('POST', '/api/v1/cases/c-17/notes/n-2',
                           'Authorization: Bearer ist_admin_token\r\nContent-Type: application/json\r\n',
                           b'{"text":"' + b'x' * 80 + b'"}'),
 'put_photo_expect_continue': req('PUT', '/api/v1/encounters/e-9/photo',
                                  'Authorization: Bearer ist_analyst_token\r\nContent-Type: image/jpeg\r\nExpect: 100-continue\r\n',
                                  b'\xff\xd8\xff\xe0\x00\x10JFIF\x00' + bytes(range(64)) + b'\xff\xd9'),
 'delete_alert_bearer': req('DELETE', '/api/v1/alerts/a-1', 'Authorization: Bearer ist_analyst_token\r\nConnection: close\r\n'),
 'pipelined_three': req('GET', '/api/v1/health') + req('GET', '/api/v1/exports/x.csv?limit=1')
                    + req('POST', '/api/v1/auth/login', 'Content-Type: application/json\r\n', b'{"username":"a","password":"b"}'),
 'unrouted_and_bad_length': req('GET', '/api/v2/nothing') + b'POST /api/v1/auth/login HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n',
 'ws_upgrade_bearer_frames': req('GET', '/api/v1/stream?vessels=352002193', upgrade_headers + 'Authorization: Bearer ist_analyst_token\r\n')
                             + frame(1, b'{"subscribe":["alerts","tracks"]}') + frame(9, b'ping')
                             + frame(1, b'frag', fin=False) + frame(0, b'mented') + frame(8, b'\x03\xe8bye'),
 'ws_upgrade_cookie_origin': req('GET', '/api/v1/stream', upgrade_headers + 'Origin: http://127.0.0.1:8080\r\nCookie: istmo_session=ist_admin_token\r\n')
                             + frame(1, 'mensaje en español: ñ'.encode()) + frame(2, bytes(range(32))) + frame(8, b''),
 'ws_public_large_frame': req('GET', '/api/v1/public/stream', upgrade_headers)
                          + frame(1, b'a' * 300) + frame(10, b'') + frame(1, b'last'),
 'ws_cookie_wrong_origin': req('GET', '/api/v1/stream', upgrade_headers + 'Origin: https://evil.example\r\nCookie: istmo_session=ist_admin_token\r\n')
                           + frame(1, b'never read'),
  # The server's header cap is 16 KiB (ServerOptions::max_header_bytes): a path just under it
  # is served, a head of 17.5 KB is refused with 431 before any handler runs.
 'path_near_header_cap': req('GET', '/api/v1/vessels/' + 'a' * 16000 + '/track',
                             'Authorization: Bearer ist_analyst_token\r\n'),
 'head_over_header_cap': req('GET', '/api/v1/health', 'Cookie: ' + 'k=v; ' * 3500 + '\r\n'),
}
for name, data in seeds.items():
    with open(os.path.join(out, name), 'wb') as f:
        f.write(data)
print(len(seeds), 'seeds', sum(len(v) for v in seeds.values()), 'bytes')
