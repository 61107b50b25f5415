// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "HttpReply.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QNetworkRequest>

namespace smmo {

/// The server's side of the WebSocket opening handshake (RFC 6455 §4.2): reads the client's
/// request head and says either how to accept it (the 101 response) or how to refuse it (an
/// HTTP error in the project's envelope: 426 for a plain request to a WebSocket endpoint, 400
/// for a broken upgrade).
struct WebSocketHandshake
{
    /// Where the head ends (the index just past the blank line), or -1 if it has not all come.
    static qsizetype headEnd(QByteArrayView received);
    /// Reads a request head (request line and headers, up to the blank line).
    static WebSocketHandshake read(QByteArrayView head);
    /// Sec-WebSocket-Accept for a Sec-WebSocket-Key.
    static QByteArray acceptKey(QByteArrayView key);

    bool accepted() const { return refusal.status == 0; }

    /// The request: its URL (path and query, host from the Host header) and its headers.
    QNetworkRequest request;
    /// What to send to accept (the 101 response), when accepted.
    QByteArray response;
    /// Why not, when refused (status 0 when accepted).
    HttpReply refusal{0, {}, {}, {}};
};

} // namespace smmo
