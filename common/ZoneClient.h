// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <QUrl>
#include <QWebSocket>

namespace smmo {

/// The one client of a zone's WebSocket stream (docs/protocol.md): it connects with a session
/// token, joins as a character or acts as the zone's bus with a service token, sends moves, chat
/// and actions, and turns what the zone sends into signals while mirroring the objects the client
/// currently sees. The CLI, the admin console, the load bots, the ScriptServer and the
/// PhysicsServer all talk to zones through it.
class ZoneClient : public QObject
{
    Q_OBJECT
public:
    explicit ZoneClient(QObject *parent = nullptr);
    ~ZoneClient() override;

    /// Connects to the zone at zoneUrl (its HTTP base URL, e.g. http://127.0.0.1:1300) with the
    /// token sent as `Authorization: Bearer` (none when empty; a `?token=` in zoneUrl is kept).
    /// Messages sent before the connection is up are kept and sent once it is.
    void open(const QUrl &zoneUrl, const QByteArray &token);
    void close();
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    /// ws(s)://host:port/stream for a zone's http(s) base URL.
    static QUrl streamUrl(const QUrl &zoneUrl);

    // Player messages.
    void join(const QString &character);
    void leave();
    /// Each of dx, dy, dz in [-1, 1]; the zone multiplies by the character's speed.
    void move(double dx, double dy, double dz = 0);
    void say(const QString &text);
    void tell(const QString &to, const QString &text);
    void activate(qint64 id);
    void sendGlobal(const QString &text);

    // Bus messages (service token).
    void correct(qint64 id, double x, double y, double z);
    /// {"type": "action", "action": action, ...fields}.
    void sendAction(const QString &action, QJsonObject fields = {});

    void send(const QJsonObject &message);
    /// Sends text as it is (tests use it for malformed messages).
    void sendText(const QString &text);

    /// From the zone's hello: "player" or "bus".
    QString role() const { return m_role; }
    QString zone() const { return m_zone; }
    /// The joined character and its object id; empty / 0 when not joined.
    QString character() const { return m_character; }
    qint64 selfId() const { return m_selfId; }
    /// The objects this client currently sees (its area of interest; everything for the bus).
    const QHash<qint64, QJsonObject> &objects() const { return m_objects; }
    QJsonObject object(qint64 id) const { return m_objects.value(id); }
    quint64 bytesReceived() const { return m_bytesReceived; }
    quint64 messagesReceived() const { return m_messagesReceived; }
    QWebSocket &socket() { return m_socket; }

signals:
    void connected();
    void hello(const QJsonObject &message);
    void joined(const QJsonObject &self, const QJsonArray &objects);
    /// changed and entered hold whole objects: the zone sends only the changed fields of objects
    /// the client knows, which the client completes from objects() (so does messageReceived's
    /// copy of the update).
    void updated(qint64 tick, const QJsonArray &changed, const QJsonArray &entered, const QJsonArray &left);
    void chatReceived(const QJsonObject &message);
    void eventReceived(const QJsonObject &event);
    void errorReceived(const QString &code, const QString &message, const QJsonObject &error);
    void disconnected(int closeCode, const QString &reason);
    /// Every message, after the specific signal.
    void messageReceived(const QJsonObject &message);

private:
    void received(const QString &text);
    void store(const QJsonArray &objects);
    /// Applies changes (objects' changed fields) to the mirror; returns the whole objects.
    QJsonArray merge(const QJsonArray &changes);

    QWebSocket m_socket;
    QStringList m_pending;
    QString m_role;
    QString m_zone;
    QString m_character;
    qint64 m_selfId = 0;
    bool m_delta = false; ///< the zone's hello said updates=delta
    QHash<qint64, QJsonObject> m_objects;
    quint64 m_bytesReceived = 0;
    quint64 m_messagesReceived = 0;
};

} // namespace smmo
