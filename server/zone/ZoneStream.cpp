// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZoneStream.h"

#include "ApiError.h"
#include "DatabaseError.h"
#include "HttpServer.h"
#include "Logging.h"
#include "MoveMessage.h"
#include "Names.h"
#include "Zone.h"
#include "ZoneSpectators.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTimer>
#include <QUrlQuery>

#include <cmath>

namespace smmo {

namespace {

constexpr qint64 maxIncomingMessageBytes = 64 * 1024;

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// The session token of a stream connection: Authorization: Bearer, cookie `user`, or ?token=
// (browsers cannot set headers on a WebSocket).
QByteArray tokenOf(const QNetworkRequest &request)
{
    const QByteArray authorization = request.rawHeader("Authorization");
    if (authorization.startsWith("Bearer ") && !authorization.mid(7).trimmed().isEmpty())
        return authorization.mid(7).trimmed();
    for (const QByteArray &part : request.rawHeader("Cookie").split(';')) {
        const QByteArray cookie = part.trimmed();
        if (cookie.startsWith("user=") && cookie.size() > 5)
            return cookie.mid(5);
    }
    return QUrlQuery(request.url()).queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded).toUtf8();
}

double component(const QJsonObject &message, const QString &key)
{
    const QJsonValue value = message.value(key);
    if (value.isUndefined() || value.isNull())
        return 0;
    if (!value.isDouble())
        throw ApiError::badRequest(QStringLiteral("%1 must be a number.").arg(key));
    return value.toDouble();
}

} // namespace

ZoneStream::ZoneStream(HttpServer &http, Zone &zone, QObject *parent)
    : QObject(parent), m_http(http), m_zone(zone),
      m_bytesOut(
          http.metrics().counter("simplemmo_zone_stream_bytes_total", "Bytes sent on the WebSocket stream.")),
      m_messagesOut(http.metrics().counter("simplemmo_zone_stream_messages_total",
                                           "Messages sent on the WebSocket stream.")),
      m_slowDrops(http.metrics().counter("simplemmo_zone_slow_clients_dropped_total",
                                         "Stream clients dropped because they did not keep up."))
{
    WebSocketConnection::Limits limits;
    limits.maxMessageBytes = maxIncomingMessageBytes;
    http.routeWebSocket(
        QStringLiteral("/stream"),
        [self = QPointer<ZoneStream>(this)](std::unique_ptr<WebSocketConnection> connection) {
            if (self)
                self->authenticate(std::move(connection));
        },
        limits);

    http.metrics().addGauge("simplemmo_zone_stream_unsent_bytes",
                            "Bytes the kernel did not take yet, waiting in the zone for slow stream clients.",
                            [this] { return double(unsentBytes()); });

    connect(&zone, &Zone::chatPosted, this, &ZoneStream::deliverChat);
    connect(&zone, &Zone::tellPosted, this, &ZoneStream::deliverTell);
    connect(&zone, &Zone::globalPosted, this, &ZoneStream::deliverGlobal);
    connect(&zone, &Zone::busEvent, this, &ZoneStream::deliverBusEvent);
    connect(&zone, &Zone::objectEvent, this, &ZoneStream::deliverObjectEvent);
    connect(&zone, &Zone::characterLeft, this, &ZoneStream::characterLeft);
}

ZoneStream::~ZoneStream()
{
    for (auto &[socket, session] : m_sessions)
        socket->disconnect(this);
}

int ZoneStream::playerConnections() const
{
    int count = 0;
    for (const auto &[socket, session] : m_sessions)
        count += session->bus ? 0 : 1;
    return count;
}

qint64 ZoneStream::unsentBytes() const
{
    qint64 bytes = 0;
    for (const auto &[socket, session] : m_sessions)
        bytes += socket->bytesToWrite();
    return bytes;
}

int ZoneStream::busConnections() const
{
    return int(m_sessions.size()) - playerConnections();
}

void ZoneStream::authenticate(std::unique_ptr<WebSocketConnection> socket)
{
    if (!socket)
        return;
    const auto verified = SessionToken::verify(tokenOf(socket->request()), m_http.secret());
    if (!verified) {
        const QString reason =
            verified.error == SessionToken::Error::Malformed && tokenOf(socket->request()).isEmpty()
                ? QStringLiteral("no session token")
                : verified.reason;
        socket->sendText(compact({{QStringLiteral("type"), QStringLiteral("error")},
                                  {QStringLiteral("code"), QStringLiteral("unauthorized")},
                                  {QStringLiteral("message"),
                                   QStringLiteral("A valid session token is required: %1.").arg(reason)}}));
        socket->close(websocket::ClosePolicyViolated, QStringLiteral("unauthorized: %1").arg(reason));
        WebSocketConnection *raw = socket.release();
        connect(raw, &WebSocketConnection::disconnected, raw, &QObject::deleteLater);
        return;
    }
    if (m_spectators && ZoneSpectators::wantsToSpectate(socket->request())) {
        m_spectators->adopt(std::move(socket), *verified.claims);
        return;
    }

    auto session = std::make_unique<Session>();
    session->claims = *verified.claims;
    session->bus = session->claims.hasRole(QStringLiteral("service"));
    session->flood = StreamFlood(m_zone.settings().maxStreamMessagesPerSecond);
    session->delta = QUrlQuery(socket->request().url()).queryItemValue(QStringLiteral("updates")) ==
                     QLatin1String("delta");
    WebSocketConnection *raw = socket.get();
    session->socket = std::move(socket);
    connect(raw, &WebSocketConnection::textMessageReceived, this,
            [this, raw](const QString &text) { receive(raw, text); });
    connect(raw, &WebSocketConnection::binaryMessageReceived, this,
            [this, raw](const QByteArray &bytes) { receive(raw, QString::fromUtf8(bytes)); });
    // Queued: sessions are only ever removed from the event loop, never while a loop walks them.
    connect(
        raw, &WebSocketConnection::disconnected, this, [this, raw] { disconnected(raw); },
        Qt::QueuedConnection);
    Session &added = *m_sessions.emplace(raw, std::move(session)).first->second;
    if (added.bus)
        m_zone.setBusConnections(busConnections());
    else
        m_zone.noteActivity();

    QJsonObject hello{
        {QStringLiteral("type"), QStringLiteral("hello")},
        {QStringLiteral("zone"), m_zone.id()},
        {QStringLiteral("role"), added.bus ? QStringLiteral("bus") : QStringLiteral("player")},
        {QStringLiteral("user"), added.claims.userName},
        {QStringLiteral("updates"), added.delta ? QStringLiteral("delta") : QStringLiteral("full")},
        {QStringLiteral("tick_hz"), m_zone.settings().tickHz},
        {QStringLiteral("aoi_radius"), m_zone.settings().aoiRadius}};
    if (added.bus) {
        // The bus sees the whole zone: it starts from a full snapshot.
        QJsonArray objects;
        for (const auto &object : m_zone.world().objects())
            objects.append(object.toBusJson());
        hello.insert(QStringLiteral("objects"), objects);
    }
    sendJson(added, hello);
    if (added.bus)
        for (const QJsonObject &activation : m_zone.pendingActivations())
            sendJson(added, activation);
    qCInfo(lcZone, "%s connected to the %s stream", qPrintable(added.claims.userName),
           added.bus ? "bus" : "player");
}

ZoneStream::Session *ZoneStream::find(WebSocketConnection *socket)
{
    const auto it = m_sessions.find(socket);
    return it == m_sessions.end() ? nullptr : it->second.get();
}

ZoneStream::Session *ZoneStream::sessionOf(const QString &character)
{
    return m_byCharacter.value(nameKey(character));
}

void ZoneStream::disconnected(WebSocketConnection *socket)
{
    const auto it = m_sessions.find(socket);
    if (it == m_sessions.end())
        return;
    std::unique_ptr<Session> session = std::move(it->second);
    m_sessions.erase(it);
    const QString character = session->character;
    unjoin(*session);
    if (!character.isEmpty())
        m_zone.leave(character, QStringLiteral("disconnected"));
    if (session->bus)
        m_zone.setBusConnections(busConnections());
    // Deleting a socket inside its own signal is not allowed.
    session->socket->disconnect(this);
    session->socket.release()->deleteLater();
}

void ZoneStream::receive(WebSocketConnection *socket, const QString &text)
{
    Session *session = find(socket);
    if (!session || session->dropped)
        return;
    if (!session->bus && !admitMessage(*session))
        return;
    // Moves, ten a second from every player, skip the general parser (MoveMessage). One that
    // fails goes the general way below, which refuses it the same way (nothing changed) and
    // answers with the request's ref.
    if (!session->character.isEmpty()) {
        if (const auto step = MoveMessage::parse(text)) {
            try {
                m_zone.noteActivity();
                move(*session, step->dx, step->dy, step->dz);
                return;
            } catch (const std::exception &) {
            }
        }
    }
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        sendError(*session, QStringLiteral("bad_request"), QStringLiteral("A message must be a JSON object."),
                  {});
        return;
    }
    const QJsonObject message = document.object();
    const QString type = message.value(QStringLiteral("type")).toString();
    try {
        if (session->bus && (type == QLatin1String("correct") || type == QLatin1String("action"))) {
            const QJsonValue answer = m_zone.busMessage(message);
            if (answer.isObject())
                sendJson(*session, answer.toObject());
        } else {
            handlePlayer(*session, type, message);
        }
    } catch (const ApiError &error) {
        if (Session *still = find(socket))
            sendError(*still, error.code().isEmpty() ? ApiError::defaultCode(error.status()) : error.code(),
                      error.message(), message);
    } catch (const DatabaseError &error) {
        // Not stored, so not acknowledged: the client hears why (unavailable while the database
        // is down, insufficient_storage when its disk is full) and may try again.
        qCWarning(lcZone, "stream message %s: database error: %s", qPrintable(type), error.what());
        if (Session *still = find(socket))
            sendError(*still, ApiError::defaultCode(error.httpStatus()), error.publicMessage(), message);
    } catch (const std::exception &error) {
        qCWarning(lcZone, "stream message %s: %s", qPrintable(type), error.what());
        if (Session *still = find(socket))
            sendError(*still, QStringLiteral("internal_error"), QStringLiteral("Internal error."), message);
    }
}

bool ZoneStream::admitMessage(Session &session)
{
    const int limit = m_zone.settings().maxStreamMessagesPerSecond;
    switch (session.flood.take(QDeadlineTimer::current().deadline())) {
    case StreamFlood::Verdict::Accept:
        return true;
    case StreamFlood::Verdict::RefuseAndWarn:
        sendError(session, QStringLiteral("rate_limited"),
                  QStringLiteral("More than %1 messages a second: the rest of this second's are ignored; "
                                 "twice as many close the connection.")
                      .arg(limit),
                  {});
        return false;
    case StreamFlood::Verdict::Refuse:
        return false;
    case StreamFlood::Verdict::Close:
        drop(session, websocket::ClosePolicyViolated,
             QStringLiteral("message flood: more than %1 messages a second").arg(2 * limit));
        return false;
    }
    return false;
}

void ZoneStream::handlePlayer(Session &session, const QString &type, const QJsonObject &message)
{
    if (type == QLatin1String("join")) {
        join(session, message.value(QStringLiteral("character")).toString());
        return;
    }
    static const QStringList known = {QStringLiteral("move"),   QStringLiteral("say"),
                                      QStringLiteral("tell"),   QStringLiteral("activate"),
                                      QStringLiteral("global"), QStringLiteral("leave")};
    if (!known.contains(type))
        throw ApiError(
            400,
            QStringLiteral("Unknown message type \"%1\"; expected join, move, say, tell, activate, global "
                           "or leave%2.")
                .arg(type, session.bus ? QStringLiteral(", correct or action") : QString()),
            QStringLiteral("unknown_type"));
    if (session.character.isEmpty())
        throw ApiError(409,
                       QStringLiteral("Join a character first: {\"type\": \"join\", \"character\": ...}."),
                       QStringLiteral("not_joined"));
    m_zone.noteActivity();
    const QString character = session.character;
    QPointer<WebSocketConnection> socket(session.socket.get());
    // Answers that arrive later go to the session only if it is still there.
    const auto answer = [this, socket, message](int status, const QJsonValue &, const QString &error) {
        Session *still = socket ? find(socket) : nullptr;
        if (still && status != 200)
            sendError(*still, ApiError::defaultCode(status), error, message);
    };

    if (type == QLatin1String("move")) {
        move(session, component(message, QStringLiteral("dx")), component(message, QStringLiteral("dy")),
             component(message, QStringLiteral("dz")));
    } else if (type == QLatin1String("say")) {
        m_zone.say(character, message.value(QStringLiteral("text")).toString());
    } else if (type == QLatin1String("tell")) {
        m_zone.tell(character, message.value(QStringLiteral("to")).toString(),
                    message.value(QStringLiteral("text")).toString(), answer);
    } else if (type == QLatin1String("global")) {
        m_zone.sendGlobal(character, message.value(QStringLiteral("text")).toString(), answer);
    } else if (type == QLatin1String("activate")) {
        const QJsonValue idValue = message.value(QStringLiteral("id"));
        if (!idValue.isDouble() || idValue.toDouble() < 1)
            throw ApiError::badRequest(QStringLiteral("activate needs the object's id."));
        const qint64 id = qint64(idValue.toDouble());
        m_zone.activate(id, character, [this, socket, id](const QJsonValue &result) {
            if (Session *still = socket ? find(socket) : nullptr)
                sendJson(*still, {{QStringLiteral("type"), QStringLiteral("event")},
                                  {QStringLiteral("event"), QStringLiteral("activated")},
                                  {QStringLiteral("id"), id},
                                  {QStringLiteral("result"), result}});
        });
    } else if (type == QLatin1String("leave")) {
        m_zone.leave(character, QStringLiteral("left"));
    }
}

void ZoneStream::move(Session &session, double dx, double dy, double dz)
{
    if (!m_zone.move(session.character, dx, dy, dz))
        sendJson(session, {{QStringLiteral("type"), QStringLiteral("event")},
                           {QStringLiteral("event"), QStringLiteral("blocked")},
                           {QStringLiteral("id"), session.objectId}});
}

void ZoneStream::join(Session &session, const QString &name)
{
    if (session.bus)
        throw ApiError(400, QStringLiteral("The bus does not join characters."),
                       QStringLiteral("bad_request"));
    const Character character = m_zone.requireOwnCharacter(session.claims, name);
    if (!session.character.isEmpty() && nameKey(session.character) != nameKey(character.name)) {
        const QString previous = session.character;
        unjoin(session);
        m_zone.leave(previous, QStringLiteral("joined another character"));
    }
    // The same character joined from another connection: the newer one takes over.
    if (Session *other = sessionOf(character.name); other && other != &session) {
        unjoin(*other);
        sendJson(*other, {{QStringLiteral("type"), QStringLiteral("event")},
                          {QStringLiteral("event"), QStringLiteral("left")},
                          {QStringLiteral("character"), character.name},
                          {QStringLiteral("reason"), QStringLiteral("joined from another connection")}});
    }
    const ZoneObject &self = m_zone.enter(character);
    session.character = self.owner;
    session.objectId = self.id;
    m_byCharacter.insert(nameKey(self.owner), &session);

    m_zone.world().nearest(self.locX, self.locY, m_zone.settings().aoiRadius, m_zone.settings().aoiMaxObjects,
                           m_nowVisible);
    keepVisible(session, m_nowVisible);
    QJsonArray objects;
    for (const qint64 id : session.visible)
        objects.append(m_zone.world().find(id)->toJson());
    sendJson(session, {{QStringLiteral("type"), QStringLiteral("joined")},
                       {QStringLiteral("character"), self.owner},
                       {QStringLiteral("id"), self.id},
                       {QStringLiteral("self"), self.toJson()},
                       {QStringLiteral("objects"), objects}});
}

void ZoneStream::unjoin(Session &session)
{
    if (session.character.isEmpty())
        return;
    const QString key = nameKey(session.character);
    if (m_byCharacter.value(key) == &session)
        m_byCharacter.remove(key);
    session.character.clear();
    session.objectId = 0;
    session.visible.clear();
}

void ZoneStream::characterLeft(const QString &name, const QString &reason)
{
    Session *session = sessionOf(name);
    if (!session)
        return;
    unjoin(*session);
    sendJson(*session, {{QStringLiteral("type"), QStringLiteral("event")},
                        {QStringLiteral("event"), QStringLiteral("left")},
                        {QStringLiteral("character"), name},
                        {QStringLiteral("reason"), reason}});
}

// Sending ----------------------------------------------------------------------------------------

void ZoneStream::send(Session &session, const QByteArray &json)
{
    if (session.dropped || !session.socket || !session.socket->isOpen())
        return;
    // What is still queued from earlier messages: a client that keeps up has drained it by now
    // (a tick later), one that does not is dropped rather than buffered without bound.
    const qint64 queued = session.socket->bytesToWrite();
    if (queued > m_zone.settings().maxClientBuffer) {
        ++m_slowDrops;
        drop(session, websocket::ClosePolicyViolated,
             QStringLiteral("too slow: %1 bytes waiting to be sent").arg(queued));
        return;
    }
    session.socket->sendText(json);
    m_bytesOut += quint64(json.size());
    ++m_messagesOut;
}

void ZoneStream::queue(Session &session, const QByteArray &json)
{
    if (!session.dropped)
        session.queued.push_back(json); // shared, not copied
}

void ZoneStream::sendQueued()
{
    for (auto &[socket, session] : m_sessions) {
        for (const QByteArray &json : session->queued)
            send(*session, json);
        session->queued.clear();
    }
}

void ZoneStream::sendJson(Session &session, const QJsonObject &message)
{
    send(session, compact(message));
}

void ZoneStream::sendError(Session &session, const QString &code, const QString &message,
                           const QJsonObject &request)
{
    QJsonObject error{{QStringLiteral("type"), QStringLiteral("error")},
                      {QStringLiteral("code"), code},
                      {QStringLiteral("message"), message}};
    if (request.contains(QStringLiteral("ref")))
        error.insert(QStringLiteral("ref"), request.value(QStringLiteral("ref")));
    if (request.contains(QStringLiteral("type")))
        error.insert(QStringLiteral("request"), request.value(QStringLiteral("type")));
    sendJson(session, error);
}

void ZoneStream::drop(Session &session, quint16 code, const QString &reason)
{
    if (session.dropped)
        return;
    session.dropped = true;
    qCWarning(lcZone, "dropping %s: %s", qPrintable(session.claims.userName), qPrintable(reason));
    // The close frame queues behind what the client did not read; abort if it never gets there.
    WebSocketConnection *socket = session.socket.get();
    socket->close(code, reason.left(120));
}

void ZoneStream::closeAll(const QString &reason)
{
    for (auto &[socket, session] : m_sessions) {
        socket->disconnect(this);
        socket->close(websocket::CloseGoingAway, reason.left(120));
    }
    m_byCharacter.clear();
    m_sessions.clear();
}

} // namespace smmo
