"""The load test client's own HTTP/1.1: what it sends and how it reads an answer. (The whole
client against a real gunicorn: test_loadtest.py.)"""

import asyncio
import concurrent.futures

import pytest

from devtools.loadtest.client import HttpClient, HttpError, response_parse


def _run(coroutine):
    """asyncio.run in a thread of its own: a test process may already run a loop in this one
    (the browser tests' Playwright), where asyncio.run refuses to start."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_a_response_is_read_with_its_headers_in_order():
    raw = (
        b"HTTP/1.1 302 Found\r\nLocation: /form/2/\r\nSet-Cookie: a=1; Secure\r\n"
        b"Set-Cookie: b=2; Secure\r\nContent-Length: 5\r\n\r\nhello"
    )
    response = response_parse("POST", "http://127.0.0.1:1/form/1/", raw)
    assert response.status_code == 302
    assert response.header("location") == "/form/2/"
    assert response.header_list("set-cookie") == ["a=1; Secure", "b=2; Secure"]
    assert response.text == "hello"
    assert response.method == "POST"


def test_a_chunked_body_is_put_together():
    raw = (
        b"HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n"
        b'4\r\n{"a"\r\n3\r\n:1}\r\n0\r\n\r\n'
    )
    assert response_parse("POST", "http://x/", raw).json() == {"a": 1}


@pytest.mark.parametrize(
    "raw",
    [
        b"",  # the server closed without answering
        b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",  # cut off
        b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n",  # no end of the headers
        b"SSH-2.0-OpenSSH\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    ],
)
def test_a_broken_answer_is_an_error_not_a_response(raw):
    with pytest.raises(HttpError):
        response_parse("GET", "http://x/", raw)


def test_the_request_sent_over_a_real_socket():
    """A JSON POST and a form POST as a server sees them, and its answer read to the end."""
    seen: list[bytes] = []

    async def main():
        async def answer(reader, writer):
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(
                next(
                    line.split(b":")[1]
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length")
                )
            )
            seen.append(head + await reader.readexactly(length))
            writer.write(
                b"HTTP/1.1 201 Created\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
            )
            await writer.drain()
            writer.close()

        server = await asyncio.start_server(answer, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        client = HttpClient(limit=2, timeout_s=10)
        base = f"http://127.0.0.1:{port}"
        async with server:
            first = await client.request(
                "POST", base + "/api/v1/cases/", headers={"X-A": "1"}, json_body={"é": [1]}
            )
            second = await client.request(
                "POST", base + "/form/?x=1", headers={}, data={"a": "b c", "many": ["1", "2"]}
            )
        return first, second

    first, second = _run(main())
    assert (first.status_code, first.json(), second.status_code) == (201, {}, 201)
    json_request, form_request = seen
    assert json_request.startswith(b"POST /api/v1/cases/ HTTP/1.1\r\n")
    assert b"\r\nConnection: close\r\n" in json_request
    assert b"\r\nX-A: 1\r\n" in json_request
    assert b"\r\nContent-Type: application/json\r\n" in json_request
    assert json_request.endswith('{"é":[1]}'.encode())
    assert form_request.startswith(b"POST /form/?x=1 HTTP/1.1\r\n")
    assert form_request.endswith(b"a=b+c&many=1&many=2")


def test_nobody_listening_is_an_error():
    async def main():
        await HttpClient(limit=1, timeout_s=5).request("GET", "http://127.0.0.1:9/", headers={})

    with pytest.raises(HttpError):
        _run(main())
