// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ServerApp.h"

#include "Database.h"
#include "DatabaseUrl.h"
#include "HeapTrimmer.h"
#include "Logging.h"
#include "Migrations.h"
#include "UnixSignals.h"
#include "Version.h"

#include <QCoreApplication>
#include <QTextStream>

#include <csignal>
#include <cstdio>

namespace smmo {

namespace {

int fail(const QString &message)
{
    QTextStream(stderr) << message << Qt::endl;
    return 1;
}

} // namespace

int runServer(int argc, char **argv, const ServerSpec &spec, const RoleFactory &factory)
{
    // A write past a file size limit (ulimit -f, systemd's LimitFSIZE) would kill the server with
    // SIGXFSZ; ignored, the write fails with EFBIG instead and the request gets a clear error.
    std::signal(SIGXFSZ, SIG_IGN);
    // Qt's own poll() event dispatcher rather than GLib's: GLib keeps its sockets in lists that it
    // walks when a notifier is switched, and Qt switches a socket's write notifier on and off for
    // every message sent; a zone with 2,000 players spent a fifth of its time there. A headless
    // server has nothing that needs GLib's main loop. Set before the application exists.
    if (qEnvironmentVariableIsEmpty("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("simplemmo-") + spec.role);
    QCoreApplication::setApplicationVersion(QStringLiteral(SIMPLEMMO_VERSION));
    installLogFormat();

    Config config(spec.role, spec.description);
    config.addServerOptions(spec.defaultPort);
    if (spec.addOptions)
        spec.addOptions(config);
    const auto parsed = config.parse(QCoreApplication::arguments());
    if (!parsed.proceed) {
        QTextStream(parsed.exitCode == 0 ? stdout : stderr) << parsed.output;
        return parsed.exitCode;
    }

    QString error;
    const QByteArray secret = config.clusterSecret(&error);
    if (secret.isEmpty())
        return fail(QStringLiteral("No cluster secret: %1").arg(error));

    std::shared_ptr<Database> database;
    if (spec.needsDatabase) {
        QString urlError;
        const auto url = DatabaseUrl::parse(config.databaseUrl(), config.dataDir(), &urlError);
        if (!url)
            return fail(QStringLiteral("Bad database URL: %1").arg(urlError));
        try {
            database = std::make_shared<Database>(*url);
            const int version = Migrations().migrate(*database);
            qCInfo(lcDb, "database %s at schema version %d", qPrintable(url->redacted()), version);
        } catch (const std::exception &e) {
            return fail(QStringLiteral("Database %1: %2").arg(url->redacted(), QString::fromUtf8(e.what())));
        }
    }

    ConnectionLimits limits;
    if (!config.readInt(QStringLiteral("request-timeout-ms"), 100, 3600000, &limits.requestTimeoutMs,
                        &error) ||
        !config.readInt(QStringLiteral("idle-timeout-ms"), 100, 86400000, &limits.idleTimeoutMs, &error) ||
        !config.readInt(QStringLiteral("max-connections-per-address"), 0, 1000000,
                        &limits.maxConnectionsPerAddress, &error))
        return fail(error);

    HttpServer http(spec.role);
    http.setSecret(secret);
    http.setMaxBodyBytes(config.intValue(QStringLiteral("max-body-bytes"), 1024 * 1024));
    http.setConnectionLimits(limits);
    http.addStandardRoutes(config.value(QStringLiteral("source-archive")));

    ServerContext context{config, http, database, secret, {}, {}};
    if (spec.command) {
        try {
            if (const auto code = spec.command(context))
                return *code;
        } catch (const std::exception &e) {
            return fail(QString::fromUtf8(e.what()));
        }
    }
    std::unique_ptr<QObject> role;
    try {
        role = factory(context);
    } catch (const std::exception &e) {
        return fail(QStringLiteral("Cannot start the %1: %2").arg(spec.role, QString::fromUtf8(e.what())));
    }

    // The route list is what docs/api.md must describe; a test compares the two.
    if (config.boolValue(QStringLiteral("list-routes"))) {
        QTextStream out(stdout);
        for (const auto &route : http.routes())
            out << route << Qt::endl;
        return 0;
    }

    const QHostAddress address(config.value(QStringLiteral("bind")));
    if (address.isNull())
        return fail(QStringLiteral("Invalid bind address: %1").arg(config.value(QStringLiteral("bind"))));
    const quint16 port = http.listen(address, quint16(config.intValue(QStringLiteral("port"))));
    if (port == 0)
        return fail(QStringLiteral("Cannot listen on %1:%2 (in use?)")
                        .arg(address.toString(), config.value(QStringLiteral("port"))));

    const QString host = address == QHostAddress::Any || address == QHostAddress::AnyIPv4
                             ? QStringLiteral("127.0.0.1")
                             : (address.protocol() == QAbstractSocket::IPv6Protocol
                                    ? QStringLiteral("[%1]").arg(address.toString())
                                    : address.toString());
    context.publicUrl = config.value(QStringLiteral("public-url"));
    if (context.publicUrl.isEmpty())
        context.publicUrl = QStringLiteral("http://%1:%2").arg(host).arg(port);
    if (context.onListening)
        context.onListening();

    // Before the listening line: whoever starts us may stop us as soon as it reads it, and a
    // SIGTERM without a handler would end the process without its final checkpoint.
    UnixSignals signals_;
    QObject::connect(&signals_, &UnixSignals::terminationRequested, &app, [&](int number) {
        qCInfo(lcHttp, "%s: signal %d, stopping", qPrintable(spec.role), number);
        http.setReady(false);
        QCoreApplication::quit();
    });
    qCInfo(lcHttp, "%s %s listening on %s", qPrintable(spec.role), SIMPLEMMO_VERSION,
           qPrintable(context.publicUrl));
    std::printf("%s%s\n", listeningMarker, qPrintable(context.publicUrl));
    std::fflush(stdout);

    HeapTrimmer trimmer;
    const int code = QCoreApplication::exec();
    role.reset(); // the role saves its state here, while the database is still open
    return code;
}

} // namespace smmo
