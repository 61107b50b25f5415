// SPDX-License-Identifier: AGPL-3.0-or-later
#include "RunOptions.h"

#include "Config.h"

namespace smmo::bots {

void RunOptions::addOptions(Config &config)
{
    const auto add = [&config](const char *key, const QString &description, const QString &defaultValue,
                               const char *valueName) {
        config.addOption({QLatin1String(key), description, defaultValue, QLatin1String(valueName)});
    };
    add("target", QStringLiteral("simplemmo, or colyseus (the bench's Colyseus room)."),
        QStringLiteral("simplemmo"), "name");
    add("auth-url", QStringLiteral("AuthServer URL."), QStringLiteral("http://127.0.0.1:1234"), "url");
    add("char-url", QStringLiteral("CharServer URL."), QStringLiteral("http://127.0.0.1:1235"), "url");
    add("master-url", QStringLiteral("MasterZoneServer URL."), QStringLiteral("http://127.0.0.1:1236"),
        "url");
    add("zone", QStringLiteral("Zone instance the bots play in."), QStringLiteral("public-defaultzone-bots"),
        "zoneid");
    add("colyseus-url", QStringLiteral("Colyseus server URL (target colyseus)."),
        QStringLiteral("http://127.0.0.1:2567"), "url");
    add("room", QStringLiteral("Colyseus room name (target colyseus)."), QStringLiteral("zone"), "name");
    add("bots", QStringLiteral("How many bots."), QStringLiteral("10"), "n");
    add("threads", QStringLiteral("Threads the bots are spread over (each with its own event loop)."),
        QStringLiteral("1"), "n");
    add("seconds", QStringLiteral("Length of the measured window."), QStringLiteral("20"), "s");
    add("warmup", QStringLiteral("Seconds between the last bot in and the window."), QStringLiteral("3"),
        "s");
    add("join-timeout", QStringLiteral("Seconds the bots may take to get in."), QStringLiteral("120"), "s");
    add("ramp", QStringLiteral("Bots started per second."), QStringLiteral("200"), "n");
    add("move-hz", QStringLiteral("Moves per second per bot (0: none)."), QStringLiteral("10"), "n");
    add("chat-rate", QStringLiteral("Chat lines per second across all bots (0: none)."), QStringLiteral("1"),
        "n");
    add("spacing", QStringLiteral("Metres between bots' homes, on a square grid."), QStringLiteral("28"),
        "m");
    add("walk-radius", QStringLiteral("How far (each axis) a bot wanders from home."), QStringLiteral("5"),
        "m");
    add("origin-x", QStringLiteral("x of the first home."), QStringLiteral("200"), "m");
    add("origin-y", QStringLiteral("y of the first home."), QStringLiteral("200"), "m");
    add("prefix", QStringLiteral("Bots' account and character names: <prefix><number>."),
        QStringLiteral("bot"), "text");
    add("bot-password", QStringLiteral("Password of the bots' accounts (created when missing)."),
        QStringLiteral("bots-password"), "text");
    add("admin",
        QStringLiteral("Administrator account: teleports each bot to its home and finds the zone's pid."),
        QString(), "name");
    add("admin-password", QStringLiteral("Its password (better in SIMPLEMMO_ADMIN_PASSWORD)."), QString(),
        "text");
    add("server-pid",
        QStringLiteral("Process to report CPU and memory of (default: the zone's, with --admin)."),
        QStringLiteral("0"), "pid");
    add("json", QStringLiteral("Write the summary as JSON to this file."), QString(), "file");
    add("progress", QStringLiteral("Seconds between progress lines on stderr (0: none)."),
        QStringLiteral("1"), "s");
    add("seed", QStringLiteral("Seed of the random walks."), QStringLiteral("1"), "n");
    config.addOption({QStringLiteral("stop-zone"),
                      QStringLiteral("Stop the zone afterwards (needs --admin)."),
                      {},
                      {},
                      true});
}

bool RunOptions::read(const Config &config, QString *error)
{
    const QString targetText = config.value(QStringLiteral("target"));
    if (targetText == QLatin1String("simplemmo")) {
        target = Target::SimpleMmo;
    } else if (targetText == QLatin1String("colyseus")) {
        target = Target::Colyseus;
    } else {
        *error = QStringLiteral("--target must be simplemmo or colyseus.");
        return false;
    }
    authUrl = QUrl(config.value(QStringLiteral("auth-url")));
    charUrl = QUrl(config.value(QStringLiteral("char-url")));
    masterUrl = QUrl(config.value(QStringLiteral("master-url")));
    colyseusUrl = QUrl(config.value(QStringLiteral("colyseus-url")));
    for (const QUrl *url : {&authUrl, &charUrl, &masterUrl, &colyseusUrl}) {
        if (!url->isValid() || url->host().isEmpty()) {
            *error = QStringLiteral("%1 is not a URL.").arg(url->toString());
            return false;
        }
    }
    zoneId = config.value(QStringLiteral("zone"));
    room = config.value(QStringLiteral("room"));
    prefix = config.value(QStringLiteral("prefix"));
    password = config.value(QStringLiteral("bot-password"));
    admin = config.value(QStringLiteral("admin"));
    adminPassword = config.value(QStringLiteral("admin-password"));
    jsonFile = config.value(QStringLiteral("json"));
    stopZone = config.boolValue(QStringLiteral("stop-zone"));
    int seedValue = 1, pid = 0;
    const bool ok = config.readInt(QStringLiteral("bots"), 1, 100000, &bots, error) &&
                    config.readInt(QStringLiteral("threads"), 1, 64, &threads, error) &&
                    config.readDouble(QStringLiteral("seconds"), 0.1, 1e7, &seconds, error) &&
                    config.readDouble(QStringLiteral("warmup"), 0, 3600, &warmup, error) &&
                    config.readDouble(QStringLiteral("join-timeout"), 1, 3600, &joinTimeout, error) &&
                    config.readDouble(QStringLiteral("ramp"), 0.1, 1e6, &rampPerSecond, error) &&
                    config.readDouble(QStringLiteral("move-hz"), 0, 100, &moveHz, error) &&
                    config.readDouble(QStringLiteral("chat-rate"), 0, 10000, &chatPerSecond, error) &&
                    config.readDouble(QStringLiteral("spacing"), 0, 1e5, &spacing, error) &&
                    config.readDouble(QStringLiteral("walk-radius"), 0, 1e5, &walkRadius, error) &&
                    config.readDouble(QStringLiteral("origin-x"), -1e6, 1e6, &originX, error) &&
                    config.readDouble(QStringLiteral("origin-y"), -1e6, 1e6, &originY, error) &&
                    config.readInt(QStringLiteral("server-pid"), 0, 1 << 30, &pid, error) &&
                    config.readDouble(QStringLiteral("progress"), 0, 3600, &progressSeconds, error) &&
                    config.readInt(QStringLiteral("seed"), 0, 1 << 30, &seedValue, error);
    if (!ok)
        return false;
    serverPid = pid;
    seed = unsigned(seedValue);
    if (prefix.isEmpty() || prefix.size() > 24) {
        *error = QStringLiteral("--prefix must be 1 to 24 letters, digits or underscores.");
        return false;
    }
    if (stopZone && admin.isEmpty()) {
        *error = QStringLiteral("--stop-zone needs --admin.");
        return false;
    }
    return true;
}

} // namespace smmo::bots
