// SPDX-License-Identifier: AGPL-3.0-or-later
// play, look, map, detail, move, n/s/e/w, say, tell, shout, activate, who, zones, expect: the
// commands that need a zone. Moves and what happens nearby travel on the zone's live stream
// (ZoneClient); say, tell and activate use the zone's HTTP API, which answers each one.
#include "CliApp.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <cmath>

namespace smmo::cli {

namespace {

constexpr int answerTimeoutMs = 10000;

double distanceBetween(const QJsonObject &a, const QJsonObject &b)
{
    return std::hypot(a.value(QStringLiteral("loc_x")).toDouble() - b.value(QStringLiteral("loc_x")).toDouble(),
                      a.value(QStringLiteral("loc_y")).toDouble() - b.value(QStringLiteral("loc_y")).toDouble());
}

// Compass direction from `from` to `to`; north is +y.
QString direction(const QJsonObject &from, const QJsonObject &to)
{
    const double dx = to.value(QStringLiteral("loc_x")).toDouble() - from.value(QStringLiteral("loc_x")).toDouble();
    const double dy = to.value(QStringLiteral("loc_y")).toDouble() - from.value(QStringLiteral("loc_y")).toDouble();
    if (std::hypot(dx, dy) < 0.5)
        return QCoreApplication::translate("cli", "here", "direction in look: no distance");
    // Marked here, translated when shown (German writes O for east).
    struct Name
    {
        const char *text;
        const char *comment;
    };
    static const Name names[] = {QT_TRANSLATE_NOOP3("cli", "E", "compass direction"),
                                 QT_TRANSLATE_NOOP3("cli", "NE", "compass direction"),
                                 QT_TRANSLATE_NOOP3("cli", "N", "compass direction"),
                                 QT_TRANSLATE_NOOP3("cli", "NW", "compass direction"),
                                 QT_TRANSLATE_NOOP3("cli", "W", "compass direction"),
                                 QT_TRANSLATE_NOOP3("cli", "SW", "compass direction"),
                                 QT_TRANSLATE_NOOP3("cli", "S", "compass direction"),
                                 QT_TRANSLATE_NOOP3("cli", "SE", "compass direction")};
    const double angle = std::atan2(dy, dx);
    const int sector = int(std::lround(angle / (M_PI / 4))) & 7;
    return QCoreApplication::translate("cli", names[sector].text, names[sector].comment);
}

bool isPlayer(const QJsonObject &object)
{
    return object.value(QStringLiteral("states")).toArray().contains(QStringLiteral("player"));
}

QString label(const QJsonObject &object)
{
    return QStringLiteral("%1 #%2").arg(object.value(QStringLiteral("name")).toString())
        .arg(qint64(object.value(QStringLiteral("id")).toDouble()));
}

} // namespace

const QJsonObject *CliApp::findVisible(const QString &nameOrId, QString *error) const
{
    const auto &objects = m_session.stream().objects();
    bool isId = false;
    const qint64 id = nameOrId.toLongLong(&isId);
    if (isId && objects.contains(id))
        return &*objects.constFind(id);
    const QJsonObject self = m_session.stream().object(m_session.stream().selfId());
    const QJsonObject *best = nullptr;
    for (auto it = objects.constBegin(); it != objects.constEnd(); ++it) {
        if (it.key() == m_session.stream().selfId())
            continue;
        if (it->value(QStringLiteral("name")).toString().compare(nameOrId, Qt::CaseInsensitive) != 0)
            continue;
        if (!best || distanceBetween(self, *it) < distanceBetween(self, *best))
            best = &*it;
    }
    if (!best && error)
        *error = tr("Nothing called %1 is in view.").arg(nameOrId);
    return best;
}

bool CliApp::requirePlaying(const Done &done)
{
    if (!m_session.character.isEmpty() && m_session.stream().isConnected())
        return true;
    printError(m_session.character.isEmpty() ? tr("You are not in the world: play <character> first.")
                                             : tr("The connection to the zone is gone: play %1 again.")
                                                   .arg(m_session.character));
    done(false);
    return false;
}

void CliApp::awaitStream(int timeoutMs, std::function<std::optional<bool>(const QJsonObject &)> verdict, Done done,
                         const QString &timeoutText)
{
    // Whichever comes first decides: a message the verdict accepts or rejects, or the timeout.
    auto finished = std::make_shared<bool>(false);
    auto connection = std::make_shared<QMetaObject::Connection>();
    auto timer = new QTimer(this);
    timer->setSingleShot(true);
    const auto end = [finished, connection, timer, done](bool ok) {
        if (*finished)
            return;
        *finished = true;
        QObject::disconnect(*connection);
        timer->deleteLater();
        done(ok);
    };
    *connection = connect(&m_session.stream(), &ZoneClient::messageReceived, this, [verdict, end](const QJsonObject &m) {
        if (const auto result = verdict(m))
            end(*result);
    });
    connect(timer, &QTimer::timeout, this, [this, end, timeoutText] {
        printError(timeoutText);
        end(false);
    });
    timer->start(timeoutMs);
}

void CliApp::connectStream()
{
    ZoneClient &stream = m_session.stream();
    connect(&stream, &ZoneClient::chatReceived, this, [this](const QJsonObject &m) {
        const QString scope = m.value(QStringLiteral("scope")).toString();
        const QString sender = m.value(QStringLiteral("sender")).toString();
        const QString body = m.value(QStringLiteral("body")).toString();
        if (scope == QLatin1String("tell"))
            live(m.value(QStringLiteral("to")).toString().compare(m_session.character, Qt::CaseInsensitive) == 0
                     ? tr("[tell] %1 tells you: %2").arg(sender, body)
                     : tr("[tell] you tell %1: %2").arg(m.value(QStringLiteral("to")).toString(), body));
        else if (scope == QLatin1String("global"))
            live(tr("[global] %1: %2").arg(sender, body));
        else
            live(tr("[%1] %2: %3").arg(m_session.zoneId.section(QLatin1Char('-'), 1, 1), sender, body));
    });
    connect(&stream, &ZoneClient::updated, this, [this](qint64, const QJsonArray &, const QJsonArray &entered,
                                                         const QJsonArray &) {
        for (const auto &value : entered) {
            const QJsonObject object = value.toObject();
            if (isPlayer(object) && object.value(QStringLiteral("owner")).toString() != m_session.character)
                live(tr("%1 comes into view.").arg(object.value(QStringLiteral("name")).toString()));
        }
        updatePrompt();
    });
    connect(&stream, &ZoneClient::eventReceived, this, [this](const QJsonObject &event) {
        const QString kind = event.value(QStringLiteral("event")).toString();
        if (kind == QLatin1String("left") && event.value(QStringLiteral("reason")).toString().contains(QStringLiteral("another")))
            live(tr("You were taken over by another connection."));
    });
    connect(&stream, &ZoneClient::disconnected, this, [this](int, const QString &reason) {
        if (!m_session.character.isEmpty())
            live(reason.isEmpty() ? tr("The zone closed the connection.") : tr("The zone closed the connection: %1").arg(reason));
        updatePrompt();
    });
}

void CliApp::live(const QString &line)
{
    m_liveLines.append(line);
    if (m_liveLines.size() > 500) {
        m_liveLines.removeFirst();
        m_expectFrom = std::max(0, m_expectFrom - 1);
    }
    print(line);
    emit liveLine();
}

void CliApp::registerZoneCommands()
{
    m_commands.add({QStringLiteral("play"), QStringLiteral("play <character>"),
                    tr("Enter the world as one of your characters."), QStringLiteral("play Groxnor"), 1, 1,
                    [this](const QStringList &args, Done done) { play(args.first(), done); }});

    m_commands.add({QStringLiteral("look"), QStringLiteral("look"),
                    tr("List what is in view, nearest first, with distance and direction."), {}, 0, 0,
                    [this](const QStringList &, Done done) {
                        if (!requirePlaying(done))
                            return;
                        const QJsonObject self = m_session.stream().object(m_session.stream().selfId());
                        QList<QJsonObject> seen;
                        for (const auto &object : m_session.stream().objects())
                            if (qint64(object.value(QStringLiteral("id")).toDouble()) != m_session.stream().selfId())
                                seen << object;
                        std::sort(seen.begin(), seen.end(), [&](const QJsonObject &a, const QJsonObject &b) {
                            return distanceBetween(self, a) < distanceBetween(self, b);
                        });
                        print(tr("You are at (%1, %2). %n thing(s) in view.", nullptr, int(seen.size()))
                                  .arg(self.value(QStringLiteral("loc_x")).toDouble(), 0, 'f', 1)
                                  .arg(self.value(QStringLiteral("loc_y")).toDouble(), 0, 'f', 1));
                        for (const auto &object : seen.mid(0, 30))
                            print(QStringLiteral("  %1  %2 m %3%4")
                                      .arg(label(object).leftJustified(24))
                                      .arg(distanceBetween(self, object), 6, 'f', 1)
                                      .arg(direction(self, object).leftJustified(4),
                                           isPlayer(object) ? tr(" (player)") : QString()));
                        done(true);
                    }});

    m_commands.add({QStringLiteral("map"), QStringLiteral("map [size]"),
                    tr("Draw the area around you: @ is you, letters are objects (first letter of their kind)."),
                    QStringLiteral("map 31"), 0, 1, [this](const QStringList &args, Done done) {
                        if (!requirePlaying(done))
                            return;
                        const int size = args.isEmpty() ? 21 : args.first().toInt();
                        if (size < 5 || size > 101) {
                            printError(tr("The map size is a number from 5 to 101."));
                            return done(false);
                        }
                        const QJsonObject self = m_session.stream().object(m_session.stream().selfId());
                        const double cell = 2.0; // metres per character cell
                        const int half = size / 2;
                        QList<QString> rows(size, QString(size, QLatin1Char('.')));
                        for (const auto &object : m_session.stream().objects()) {
                            const int col = half + int(std::lround((object.value(QStringLiteral("loc_x")).toDouble()
                                                                    - self.value(QStringLiteral("loc_x")).toDouble()) / cell));
                            const int row = half - int(std::lround((object.value(QStringLiteral("loc_y")).toDouble()
                                                                    - self.value(QStringLiteral("loc_y")).toDouble()) / cell));
                            if (col < 0 || col >= size || row < 0 || row >= size)
                                continue;
                            QString kind = object.value(QStringLiteral("resource")).toString();
                            if (kind.isEmpty())
                                kind = object.value(QStringLiteral("name")).toString();
                            const QChar letter = kind.isEmpty() ? QLatin1Char('?') : kind.at(0);
                            rows[row][col] = isPlayer(object) ? letter.toUpper() : letter.toLower();
                        }
                        rows[half][half] = QLatin1Char('@');
                        print(tr("North is up; one cell is %1 m.").arg(cell));
                        for (const auto &row : rows)
                            print(row);
                        done(true);
                    }});

    m_commands.add({QStringLiteral("detail"), QStringLiteral("detail <name or id>"),
                    tr("Show everything known about an object in view."), QStringLiteral("detail Chicken"), 1, 1,
                    [this](const QStringList &args, Done done) {
                        if (!requirePlaying(done))
                            return;
                        QString error;
                        const QJsonObject *object = findVisible(args.first(), &error);
                        if (!object) {
                            printError(error);
                            return done(false);
                        }
                        print(QString::fromUtf8(QJsonDocument(*object).toJson(QJsonDocument::Indented)).trimmed());
                        done(true);
                    }});

    const auto move = [this](double dx, double dy, Done done) {
        if (!requirePlaying(done))
            return;
        if (std::abs(dx) > 1 || std::abs(dy) > 1) {
            printError(tr("Each step is at most 1 in x and y (times your speed)."));
            return done(false);
        }
        const qint64 self = m_session.stream().selfId();
        awaitStream(answerTimeoutMs, [this, self](const QJsonObject &m) -> std::optional<bool> {
            const QString type = m.value(QStringLiteral("type")).toString();
            if (type == QLatin1String("update")) {
                for (const auto &changed : m.value(QStringLiteral("changed")).toArray())
                    if (qint64(changed.toObject().value(QStringLiteral("id")).toDouble()) == self) {
                        const QJsonObject me = changed.toObject();
                        print(tr("You are at (%1, %2).").arg(me.value(QStringLiteral("loc_x")).toDouble(), 0, 'f', 1)
                                  .arg(me.value(QStringLiteral("loc_y")).toDouble(), 0, 'f', 1));
                        return true;
                    }
            } else if (type == QLatin1String("event") && m.value(QStringLiteral("event")).toString() == QLatin1String("blocked")) {
                print(tr("Something blocks your way."));
                return true;
            } else if (type == QLatin1String("error")) {
                printError(m.value(QStringLiteral("message")).toString());
                return false;
            }
            return std::nullopt;
        }, done, tr("The zone did not answer the move."));
        m_session.stream().move(dx, dy, 0);
    };
    m_commands.add({QStringLiteral("move"), QStringLiteral("move <dx> <dy>"),
                    tr("Walk by (dx, dy), each from -1 to 1, times your speed; north is +y."), QStringLiteral("move 1 0.5"),
                    2, 2, [this, move](const QStringList &args, Done done) {
                        bool okX = false, okY = false;
                        const double dx = args[0].toDouble(&okX), dy = args[1].toDouble(&okY);
                        if (!okX || !okY) {
                            printError(tr("move takes two numbers."));
                            return done(false);
                        }
                        move(dx, dy, done);
                    }});
    const QList<std::tuple<QString, QString, double, double>> steps = {
        {QStringLiteral("n"), tr("Step north."), 0, 1}, {QStringLiteral("s"), tr("Step south."), 0, -1},
        {QStringLiteral("e"), tr("Step east."), 1, 0},  {QStringLiteral("w"), tr("Step west."), -1, 0}};
    for (const auto &[name, summary, dx, dy] : steps)
        m_commands.add({name, name, summary, {}, 0, 0,
                        [move, dx, dy](const QStringList &, Done done) { move(dx, dy, done); }});

    m_commands.add({QStringLiteral("say"), QStringLiteral("say <text>"), tr("Say something to everyone in the zone."),
                    QStringLiteral("say Hello there!"), 1, -1, [this](const QStringList &args, Done done) {
                        if (!requirePlaying(done))
                            return;
                        zoneCall(QStringLiteral("/say"),
                                 {{QStringLiteral("character"), m_session.character},
                                  {QStringLiteral("text"), args.join(QLatin1Char(' '))}},
                                 done, nullptr);
                    }});

    m_commands.add({QStringLiteral("tell"), QStringLiteral("tell <character> <text>"),
                    tr("Whisper to a character anywhere in the world."), QStringLiteral("tell Linnea Hi!"), 2, -1,
                    [this](const QStringList &args, Done done) {
                        if (!requirePlaying(done))
                            return;
                        zoneCall(QStringLiteral("/tell"),
                                 {{QStringLiteral("character"), m_session.character},
                                  {QStringLiteral("to"), args.first()},
                                  {QStringLiteral("text"), args.mid(1).join(QLatin1Char(' '))}},
                                 done, nullptr);
                    }});

    m_commands.add({QStringLiteral("shout"), QStringLiteral("shout <text>"), tr("Say something to the whole world."),
                    QStringLiteral("shout Anyone for a dungeon?"), 1, -1, [this](const QStringList &args, Done done) {
                        if (!requirePlaying(done))
                            return;
                        m_session.master().post(QStringLiteral("/chat/global"),
                                                {{QStringLiteral("character"), m_session.character},
                                                 {QStringLiteral("text"), args.join(QLatin1Char(' '))}},
                                                this, [this, done](const ServiceResult &r) {
                                                    if (!r.ok)
                                                        printError(r.error);
                                                    done(r.ok);
                                                });
                    }});

    m_commands.add({QStringLiteral("activate"), QStringLiteral("activate <name or id>"),
                    tr("Use an object in view; its answer is printed."), QStringLiteral("activate Linnea"), 1, 1,
                    [this](const QStringList &args, Done done) {
                        if (!requirePlaying(done))
                            return;
                        QString error;
                        const QJsonObject *object = findVisible(args.first(), &error);
                        if (!object) {
                            printError(error);
                            return done(false);
                        }
                        const QString name = object->value(QStringLiteral("name")).toString();
                        const qint64 id = qint64(object->value(QStringLiteral("id")).toDouble());
                        zoneCall(QStringLiteral("/activate/%1").arg(id), {{QStringLiteral("character"), m_session.character}},
                                 done, [this, name](const ServiceResult &r) {
                                     const QJsonArray answers = r.json.isArray() ? r.json.array() : QJsonArray();
                                     if (answers.isEmpty())
                                         print(tr("%1 does not react.").arg(name));
                                     for (const auto &answer : answers)
                                         print(tr("%1: %2").arg(name, answer.isString() ? answer.toString()
                                                                     : QString::fromUtf8(QJsonDocument(QJsonArray{answer}).toJson(QJsonDocument::Compact)).mid(1).chopped(1)));
                                 });
                    }});

    m_commands.add({QStringLiteral("who"), QStringLiteral("who"), tr("List the players in view."), {}, 0, 0,
                    [this](const QStringList &, Done done) {
                        if (!requirePlaying(done))
                            return;
                        QStringList players;
                        for (const auto &object : m_session.stream().objects())
                            if (isPlayer(object))
                                players << object.value(QStringLiteral("name")).toString();
                        players.sort(Qt::CaseInsensitive);
                        print(tr("In view: %1").arg(players.join(QStringLiteral(", "))));
                        done(true);
                    }});

    m_commands.add({QStringLiteral("zones"), QStringLiteral("zones"), tr("Administrators: list the running zones."), {},
                    0, 0, [this](const QStringList &, Done done) {
                        m_session.master().get(QStringLiteral("/zones"), this, [this, done](const ServiceResult &r) {
                            if (!r.ok) {
                                printError(r.error);
                                return done(false);
                            }
                            const QJsonArray zones = r.json.isArray() ? r.json.array()
                                                                      : r.object().value(QStringLiteral("zones")).toArray();
                            if (zones.isEmpty())
                                print(tr("No zone is running."));
                            for (const auto &value : zones) {
                                const QJsonObject zone = value.toObject();
                                print(tr("  %1  %2  %3  players %4  objects %5")
                                          .arg(zone.value(QStringLiteral("id")).toString().leftJustified(36),
                                               zone.value(QStringLiteral("state")).toString().leftJustified(9),
                                               zone.value(QStringLiteral("url")).toString())
                                          .arg(zone.value(QStringLiteral("players")).toInt())
                                          .arg(zone.value(QStringLiteral("objects")).toInt()));
                            }
                            done(true);
                        });
                    }});

    m_commands.add({QStringLiteral("expect"), QStringLiteral("expect <text> [seconds]"),
                    tr("Scripts: wait until a live message containing the text arrives (default 10 s)."),
                    QStringLiteral("expect BAWK 30"), 1, 2, [this](const QStringList &args, Done done) {
                        const QString text = args.first();
                        const int seconds = args.size() > 1 ? args[1].toInt() : 10;
                        const auto seen = [this, text] {
                            for (int i = m_expectFrom; i < m_liveLines.size(); ++i)
                                if (m_liveLines[i].contains(text, Qt::CaseInsensitive)) {
                                    m_expectFrom = i + 1;
                                    return true;
                                }
                            return false;
                        };
                        if (seen())
                            return done(true);
                        auto connection = std::make_shared<QMetaObject::Connection>();
                        auto timer = new QTimer(this);
                        timer->setSingleShot(true);
                        auto finished = std::make_shared<bool>(false);
                        const auto end = [connection, timer, finished, done](bool ok) {
                            if (*finished)
                                return;
                            *finished = true;
                            QObject::disconnect(*connection);
                            timer->deleteLater();
                            done(ok);
                        };
                        *connection = connect(this, &CliApp::liveLine, this, [seen, end] {
                            if (seen())
                                end(true);
                        });
                        connect(timer, &QTimer::timeout, this, [this, text, seconds, end] {
                            printError(tr("Nothing said \"%1\" within %2 s.").arg(text).arg(seconds));
                            end(false);
                        });
                        timer->start(std::max(1, seconds) * 1000);
                    }});
}

void CliApp::zoneCall(const QString &path, const QJsonObject &body, Done done,
                      std::function<void(const ServiceResult &)> onSuccess)
{
    m_session.zone().post(path, body, this, [this, done, onSuccess](const ServiceResult &r) {
        if (!r.ok) {
            printError(r.error);
            return done(false);
        }
        if (onSuccess)
            onSuccess(r);
        done(true);
    });
}

void CliApp::play(const QString &name, Done done)
{
    if (!m_session.isLoggedIn()) {
        printError(tr("Log in first."));
        return done(false);
    }
    m_session.chars().get(QStringLiteral("/%1/zone").arg(name), this, [this, name, done](const ServiceResult &r) {
        if (!r.ok) {
            printError(r.error);
            return done(false);
        }
        const QString zoneId = r.object().value(QStringLiteral("zone")).toString();
        print(tr("Finding %1...").arg(zoneId));
        m_session.master().get(QStringLiteral("/%1").arg(zoneId), this, [this, name, zoneId, done](const ServiceResult &z) {
            if (!z.ok) {
                printError(z.error);
                return done(false);
            }
            const QUrl zoneUrl(QString::fromUtf8(z.body).trimmed());
            m_session.zone().setBaseUrl(zoneUrl);
            m_session.stream().close();
            m_session.stream().open(zoneUrl, m_session.token());
            awaitStream(answerTimeoutMs, [this, zoneId](const QJsonObject &m) -> std::optional<bool> {
                const QString type = m.value(QStringLiteral("type")).toString();
                if (type == QLatin1String("joined")) {
                    m_session.character = m_session.stream().character();
                    m_session.zoneId = zoneId;
                    print(tr("You are %1 in %2. %n thing(s) in view; look and map show them.", nullptr,
                             int(m_session.stream().objects().size()) - 1)
                              .arg(m_session.character, zoneId));
                    return true;
                }
                if (type == QLatin1String("error")) {
                    printError(m.value(QStringLiteral("message")).toString());
                    return false;
                }
                return std::nullopt;
            }, done, tr("The zone did not let %1 in.").arg(name));
            m_session.stream().join(name);
        });
    });
}

} // namespace smmo::cli
