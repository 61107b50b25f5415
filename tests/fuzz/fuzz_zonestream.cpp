// SPDX-License-Identifier: AGPL-3.0-or-later
// Fuzz target: the zone's WebSocket message handler (ZoneStream with its Zone), as a client
// reaches it: a real HttpServer on a loopback port, a Zone loaded from scripts/zones on an
// in-memory SQLite database, and two real WebSocket connections, a player (joined as its own
// character) and the bus (a service token). Each input is one message: the first byte picks the
// connection and text or binary frame, the rest is sent as it is; then a marker message is sent
// and the input counts as handled once the zone answered the marker (messages are handled in
// order). A tick is published after each, so the changes a message made are delivered too.
// Properties: the zone answers every message (no hang) and never drops the connection over
// what a client sent, within the limits the harness sets; sanitizers catch the rest.
#include "AccountStore.h"
#include "CharacterStore.h"
#include "Database.h"
#include "FuzzApplication.h"
#include "FuzzCheck.h"
#include "HttpServer.h"
#include "Migrations.h"
#include "SessionToken.h"
#include "Zone.h"
#include "ZoneStream.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QWebSocket>

#include <cstdint>
#include <memory>
#include <utility>

using namespace smmo;

namespace {

const QByteArray secret = "fuzz-zone-secret-0123456789abcdef";
constexpr int answerTimeoutMs = 10000;
constexpr int maxObjects = 2000; ///< the harness starts over when spawns made the zone this big
// SIMPLEMMO_FUZZ_VERBOSE=1 prints what the zone answers (to look at a reproducer).
const bool verbose = qEnvironmentVariableIsSet("SIMPLEMMO_FUZZ_VERBOSE");

// One end of a stream connection: what it received, and whether the marker came back.
struct Peer
{
    std::unique_ptr<QWebSocket> socket = std::make_unique<QWebSocket>();
    qint64 markerSent = 0;
    qint64 markerAnswered = 0;
    bool left = false; ///< the player's character left the zone (a `leave`): join again
    bool closed = false;

    void open(quint16 port, const QByteArray &token)
    {
        QObject::connect(socket.get(), &QWebSocket::textMessageReceived, [this](const QString &text) {
            if (verbose)
                std::fprintf(stderr, "  <- %s\n", qPrintable(text.left(300)));
            const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
            if (message.value(QStringLiteral("code")) == QLatin1String("unknown_type") &&
                message.value(QStringLiteral("request")) == QLatin1String("fuzz_marker"))
                markerAnswered = qint64(message.value(QStringLiteral("ref")).toDouble());
            if (message.value(QStringLiteral("event")) == QLatin1String("left") ||
                message.value(QStringLiteral("code")) == QLatin1String("not_joined"))
                left = true;
        });
        QObject::connect(socket.get(), &QWebSocket::disconnected, [this] { closed = true; });
        QNetworkRequest request(QUrl(QStringLiteral("ws://127.0.0.1:%1/stream").arg(port)));
        request.setRawHeader("Authorization", "Bearer " + token);
        socket->open(request);
        // QWebSocket drops what is sent before it is connected.
        QElapsedTimer timer;
        timer.start();
        while (socket->state() != QAbstractSocket::ConnectedState && !closed &&
               timer.elapsed() < answerTimeoutMs)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        FUZZ_CHECK(socket->state() == QAbstractSocket::ConnectedState, "cannot connect to the zone's stream");
    }
    /// Sends the marker and runs the event loop until the zone answered it.
    bool roundTrip()
    {
        ++markerSent;
        socket->sendTextMessage(QStringLiteral("{\"type\":\"fuzz_marker\",\"ref\":%1}").arg(markerSent));
        QElapsedTimer timer;
        timer.start();
        while (markerAnswered < markerSent && !closed && timer.elapsed() < answerTimeoutMs)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        return markerAnswered >= markerSent;
    }
};

// The zone and its two connections, built once and again whenever the zone grew too big.
struct Harness
{
    std::unique_ptr<Database> database;
    std::unique_ptr<HttpServer> http;
    std::unique_ptr<Zone> zone;
    std::unique_ptr<ZoneStream> stream;
    Peer player, bus;
    qint64 tick = 0;

    Harness()
    {
        database = std::make_unique<Database>(*DatabaseUrl::parse(QStringLiteral("sqlite::memory:")));
        Migrations().migrate(*database);
        AccountStore accounts(*database);
        CharacterStore characters(*database, QStringLiteral("GhibliHills"));
        const Account fuzzer = accounts.create(QStringLiteral("fuzzer"), QStringLiteral("x"), QString(), {});
        const Account other = accounts.create(QStringLiteral("other"), QStringLiteral("x"), QString(), {});
        characters.create(QStringLiteral("Fuzzer"), fuzzer.id);
        characters.create(QStringLiteral("Fuzzother"), other.id);

        ZoneSettings settings;
        settings.zone = *ZoneId::parse(QStringLiteral("public-GhibliHills-fuzz"));
        settings.zonesDir = QStringLiteral(SIMPLEMMO_FUZZ_SOURCE_DIR "/scripts/zones");
        settings.idleTimeoutSeconds = 0;
        settings.maxMovesPerSecond = 1000000;
        settings.maxChatPerSecond = 1000000;
        settings.maxStreamMessagesPerSecond = 1000000;
        http = std::make_unique<HttpServer>(QStringLiteral("zoneserver"));
        http->setSecret(secret);
        zone = std::make_unique<Zone>(settings, *database, secret);
        zone->load();
        stream = std::make_unique<ZoneStream>(*http, *zone);
        const quint16 port = http->listen(QHostAddress::LocalHost, 0);
        FUZZ_CHECK(port != 0, "cannot listen");

        player.open(port, SessionToken::issue(SessionToken::makeClaims(fuzzer.id, QStringLiteral("fuzzer"),
                                                                       {}, std::chrono::hours(24 * 365)),
                                              secret));
        bus.open(port, SessionToken::issue(SessionToken::makeClaims(0, QStringLiteral("physics:fuzz"),
                                                                    {QStringLiteral("service")},
                                                                    std::chrono::hours(24 * 365)),
                                           secret));
        join();
        FUZZ_CHECK(player.roundTrip() && bus.roundTrip(), "the zone does not answer its connections");
    }
    ~Harness()
    {
        player.socket->abort();
        bus.socket->abort();
        stream->closeAll(QStringLiteral("fuzzing starts over"));
        zone->writer().waitForIdle();
    }
    void join()
    {
        player.socket->sendTextMessage(QStringLiteral("{\"type\":\"join\",\"character\":\"Fuzzer\"}"));
        player.left = false;
    }
    void publish() { stream->publish(++tick, zone->worldForTick().takeTickChanges()); }
};

// Made and destroyed while the application exists (a static would be destroyed after it).
Harness *harness = nullptr;

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    startFuzzApplication(argc, argv, [] { delete std::exchange(harness, nullptr); });
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    if (!harness || harness->zone->world().size() > maxObjects || harness->player.closed ||
        harness->bus.closed) {
        delete std::exchange(harness, nullptr);
        harness = new Harness;
    }
    Peer &peer = (data[0] & 1) ? harness->bus : harness->player;
    const QByteArray message(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    if (data[0] & 2)
        peer.socket->sendBinaryMessage(message);
    else
        peer.socket->sendTextMessage(QString::fromUtf8(message));
    FUZZ_CHECK(peer.roundTrip(), "the zone did not answer within %d ms (connection %s)", answerTimeoutMs,
               peer.closed ? "closed" : "open");
    harness->publish();
    if (harness->player.left)
        harness->join();
    return 0;
}
