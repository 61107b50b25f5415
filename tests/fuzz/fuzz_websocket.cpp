// SPDX-License-Identifier: AGPL-3.0-or-later
// Fuzz target: what a zone reads from a WebSocket client before any game code sees it
// (common/WebSocketHandshake, common/WebSocketFrames). The input is a request head, the blank
// line, then client frames, delivered in pieces whose size the first byte picks. Properties: the
// handshake is accepted only with a well-formed key (and then answers its accept key) or refused
// with 400, 405, 413 or 426; the frame reader never takes more than it was given, hands out no
// message over its limit, and stops at its first error. The same frames then go through the
// reader the bots use for a server's frames (unmasked, text as bytes), with the same properties.
#include "FuzzCheck.h"
#include "WebSocketFrames.h"
#include "WebSocketHandshake.h"

#include <QByteArray>

#include <cstdint>

using namespace smmo;
using namespace smmo::websocket;

namespace {
constexpr qint64 maxMessage = 1024;

// Feeds `frames` to the reader `step` bytes at a time and checks what comes out.
void readFrames(FrameReader &reader, QByteArrayView frames, qsizetype step)
{
    QByteArray pending;
    for (qsizetype at = 0; at < frames.size(); at += step) {
        pending += frames.sliced(at, qMin(step, frames.size() - at));
        for (;;) {
            qsizetype consumed = -1;
            const auto received = reader.next(pending, consumed);
            FUZZ_CHECK(consumed >= 0 && consumed <= pending.size(), "consumed %lld of %lld", qint64(consumed),
                       qint64(pending.size()));
            pending.remove(0, consumed);
            if (received) {
                if (received->kind == Received::Kind::Error)
                    return;
                FUZZ_CHECK(received->payload.size() <= maxMessage &&
                               received->text.toUtf8().size() <= maxMessage,
                           "a message over the limit");
                if (received->kind == Received::Kind::Text)
                    FUZZ_CHECK(QString::fromUtf8(received->text.toUtf8()) == received->text,
                               "text round trip");
            }
            if (consumed == 0)
                break;
        }
    }
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const qsizetype step = 1 + data[0] % 64;
    const QByteArray input(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));

    QByteArrayView frames = input;
    const qsizetype end = WebSocketHandshake::headEnd(input);
    if (end >= 0) {
        const WebSocketHandshake handshake = WebSocketHandshake::read(QByteArrayView(input).first(end));
        if (handshake.accepted()) {
            const QByteArray key = handshake.request.rawHeader("Sec-WebSocket-Key");
            FUZZ_CHECK(QByteArray::fromBase64(key).size() == 16, "accepted key \"%s\"", key.constData());
            FUZZ_CHECK(
                handshake.response.contains("Sec-WebSocket-Accept: " + WebSocketHandshake::acceptKey(key)),
                "101 without the accept key");
        } else {
            const int status = handshake.refusal.status;
            FUZZ_CHECK(status == 400 || status == 405 || status == 413 || status == 426, "refused with %d",
                       status);
        }
        frames = QByteArrayView(input).sliced(end);
    }

    // The frames as a zone reads them (a client's), then as the bots read them (a server's).
    FrameReader fromClient(maxMessage);
    readFrames(fromClient, frames, step);
    FrameReader fromServer(maxMessage, Sender::Server, TextAs::Bytes);
    readFrames(fromServer, frames, step);
    return 0;
}
